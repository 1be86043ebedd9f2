// `npm run bench` (builds first): the performance numbers for the README, as a Markdown table.
// - simulator speed, times real time (tools/bench/sim-speed.ts, run as it is);
// - bundle size against the 24 KB budget;
// - the firmware's memory in the Virtual Pico (its variable estimate, process.memory()) after
//   boot and after an hour of simulated use (opening and closing every 6 s);
// - the per-tick work on Espruino's own interpreter (tools/bench/tick-cost.ts), when ESPRUINO_BIN
//   names a Linux build and valgrind is installed; otherwise said to be skipped.
// Options: --minutes N (simulator speed runs, default 10), --firmware FILE (default dist/firmware.js).

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MAX_BUNDLE_BYTES, PROJECT_ROOT } from '../build/build';
import { createHandSim } from '../../sim/engine';
import { espruinoBin, hasValgrind } from './espruino-interpreter';
import { measureTickCost } from './tick-cost';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

export interface SimSpeed {
  rest: number;
  active: number;
  minutes: number;
  output: string;
}

/** Runs sim-speed.ts on the given bundle and reads its two speeds. */
export function simSpeed(firmwareFile: string, minutes: number): SimSpeed {
  const tsx = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
  const r = spawnSync(tsx, [path.join(__dirname, 'sim-speed.ts'), '--firmware', firmwareFile, '--minutes', String(minutes)], {
    encoding: 'utf8',
    cwd: PROJECT_ROOT,
  });
  const output = (r.stdout || '') + (r.stderr || '');
  if (r.status !== 0) throw new Error('sim-speed.ts failed:\n' + output);
  const speed = (name: string) => {
    const m = new RegExp(`${name}.*?([\\d.]+)x real time`).exec(output);
    if (!m) throw new Error(`sim-speed.ts output has no "${name}" speed:\n${output}`);
    return Number(m[1]);
  };
  return { rest: speed('bench: rest'), active: speed('bench: open/close'), minutes, output };
}

export interface SimMemory {
  afterBoot: number;
  afterHour: number;
  total: number;
  resets: number;
  errors: number;
}

/** The Virtual Pico's memory estimate after boot and after an hour of opening and closing. */
export function simMemory(firmware: string, hours = 1): SimMemory {
  const sim = createHandSim({ firmware, seed: 1, memoryCheckIntervalS: 0 });
  sim.step(2000);
  const boot = sim.vp.memory();
  const end = hours * 3600 * 1000;
  for (let t = 2000; t + 6000 <= end; t += 6000) {
    sim.setEffort('flexor', 0.6, 0.2);
    sim.step(1500);
    sim.setEffort('flexor', 0, 0.2);
    sim.step(1500);
    sim.setEffort('extensor', 0.6, 0.2);
    sim.step(1500);
    sim.setEffort('extensor', 0, 0.2);
    sim.step(1500);
    sim.snapshot(); // drains the console output, as a reader would
  }
  sim.console('hand.status()');
  const hour = sim.vp.memory();
  return { afterBoot: boot.usage, afterHour: hour.usage, total: hour.total, resets: sim.vp.resets, errors: sim.vp.errors().length };
}

async function main(): Promise<void> {
  const firmwareFile = path.resolve(arg('--firmware') ?? path.join(PROJECT_ROOT, 'dist', 'firmware.js'));
  const minutes = Number(arg('--minutes') ?? 10);
  // A private copy: the bundle in dist/ may be rebuilt while this runs.
  const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'grasp-bench-')), 'firmware.js');
  fs.copyFileSync(firmwareFile, copy);
  const firmware = fs.readFileSync(copy, 'latin1');
  // One byte per character: the bundle is pretokenised (latin1).
  const bytes = firmware.length;
  const cpu = `${os.cpus().length}-core ${os.cpus()[0]?.model?.trim() ?? ''}`;
  const rows: [string, string, string][] = [];
  rows.push(['`dist/firmware.js`', `${bytes} bytes (${Math.round((bytes / MAX_BUNDLE_BYTES) * 100)}% of the ${MAX_BUNDLE_BYTES}-byte budget)`, '`npm run build`']);

  process.stderr.write(`simulator speed (${minutes} simulated min per run)...\n`);
  const speed = simSpeed(copy, minutes);
  rows.push([
    `Simulator speed, default firmware headless, ${minutes} simulated minutes, trace every 20 ms`,
    `${speed.rest}x real time at rest, ${speed.active}x opening and closing every 6 s (${cpu}; target 200x)`,
    '`npm run bench` (`npm run bench:sim`)',
  ]);

  process.stderr.write('memory in the Virtual Pico (an hour of simulated use)...\n');
  const mem = simMemory(firmware);
  rows.push([
    'Firmware memory, Virtual Pico estimate (Espruino variables of 13 bytes)',
    `${mem.afterBoot} of ${mem.total} after boot, ${mem.afterHour} after an hour of opening and closing every 6 s${mem.resets || mem.errors ? ` (${mem.resets} resets, ${mem.errors} errors!)` : ''}`,
    '`npm run bench`',
  ]);

  const bin = espruinoBin();
  if (bin && hasValgrind()) {
    process.stderr.write(`per-tick cost on the real interpreter (${bin}, valgrind; a few minutes)...\n`);
    try {
      const c = await measureTickCost(bin);
      rows.push([
        `Control tick on Espruino 2v29's interpreter (every ${c.tickMs} ms), in Pico CPU time`,
        `${(c.restTickUs / 1000).toFixed(2)} ms at rest (${c.restCpuPercent.toFixed(1)}% CPU); moving: ${(c.slowTickUs / 1000).toFixed(2)} ms steadily (${c.slowCpuPercent.toFixed(1)}% CPU), ${(c.movingTickUs / 1000).toFixed(2)} ms with strong efforts swapping every 0.8 s (${c.movingCpuPercent.toFixed(1)}% CPU)`,
        '`ESPRUINO_BIN=... npm run bench` (callgrind instruction counts, scaled by a Leibniz loop timed on a Pico)',
      ]);
      rows.push([
        'Firmware memory on the real interpreter (Espruino 2v29 Linux build, 5,100 variables)',
        `${c.variablesAfterBoot} of ${c.variablesTotal} variables after boot, ${c.variablesAfterMinute} after a minute of use`,
        '`ESPRUINO_BIN=... npm run bench`',
      ]);
    } catch (e) {
      // The other rows are still worth printing; say plainly that this one failed.
      const why = (e instanceof Error ? e.message : String(e)).split('\n')[0];
      process.stderr.write(`per-tick cost on the real interpreter FAILED: ${e instanceof Error ? e.stack : e}\n`);
      rows.push(['Control tick on the real interpreter', `measurement failed: ${why}`, '`ESPRUINO_BIN=... npm run bench`']);
      process.exitCode = 1;
    }
  } else {
    const why = !bin ? 'ESPRUINO_BIN is not set to an Espruino Linux build' : 'valgrind is not installed';
    process.stderr.write(`per-tick cost on the real interpreter: SKIPPED (${why})\n`);
    rows.push(['Control tick on the real interpreter', `skipped: ${why}`, '`ESPRUINO_BIN=... npm run bench`']);
  }

  const table = ['| What | Value | How |', '| --- | --- | --- |', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
  process.stdout.write(table + '\n');
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`${e instanceof Error ? e.stack : e}\n`);
    process.exit(1);
  });
}
