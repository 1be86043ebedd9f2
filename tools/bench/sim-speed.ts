// `npm run bench:sim` (or `npx tsx tools/bench/sim-speed.ts [--minutes N] [--firmware dist/firmware.js]`):
// how many times faster than real time the simulator runs the default firmware headless.
// Two runs of N simulated minutes (default 10), each through the scenario runner with a trace
// row every 20 ms serialised (and discarded): the arm at rest, and a two-site user opening and
// closing the hand every few seconds. The target is 200x or better on a 2-core machine.

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildFirmware } from '../build/build';
import { runScenario, Scenario, ScenarioEvent } from '../../sim/scenario';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function restScenario(durationS: number): Scenario {
  return { meta: { name: 'bench: rest', seed: 1, durationS }, timeline: [] };
}

function activeScenario(durationS: number): Scenario {
  const timeline: ScenarioEvent[] = [];
  for (let t = 2; t + 6 <= durationS; t += 6) {
    timeline.push({ at: t, do: 'effort', site: 'flexor', level: 0.6, rampS: 0.2 });
    timeline.push({ at: t + 1.5, do: 'effort', site: 'flexor', level: 0, rampS: 0.2 });
    timeline.push({ at: t + 3, do: 'effort', site: 'extensor', level: 0.6, rampS: 0.2 });
    timeline.push({ at: t + 4.5, do: 'effort', site: 'extensor', level: 0, rampS: 0.2 });
  }
  return { meta: { name: 'bench: open/close every 6 s', seed: 1, durationS }, timeline };
}

async function main(): Promise<void> {
  const minutes = Number(arg('--minutes') ?? 10);
  let firmwareFile = arg('--firmware');
  if (!firmwareFile) {
    firmwareFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'grasp-bench-')), 'firmware.js');
    await buildFirmware({ outFile: firmwareFile, quiet: true });
  }
  const firmware = fs.readFileSync(firmwareFile, 'latin1');
  const durationS = minutes * 60;
  process.stdout.write(`Simulator speed: default firmware (${firmware.length} bytes), ${minutes} simulated min per run, trace every 20 ms, ${os.cpus().length} CPU(s) ${os.cpus()[0]?.model ?? ''}\n`);
  const speeds: number[] = [];
  for (const scenario of [restScenario(durationS), activeScenario(durationS)]) {
    let bytes = 0;
    const s = runScenario(scenario, { firmware, onRow: (line) => (bytes += line.length + 1) });
    if (s.aborted) throw new Error(`${scenario.meta.name}: ${s.aborted}`);
    speeds.push(s.speedX);
    process.stdout.write(
      `  ${scenario.meta.name.padEnd(30)} ${(s.wallMs / 1000).toFixed(2).padStart(6)} s wall  ${String(s.speedX).padStart(5)}x real time  (${s.traceRows} rows, ${(bytes / 1e6).toFixed(1)} MB trace, states ${s.statesSeen.join('/')})\n`,
    );
  }
  const worst = Math.min(...speeds);
  process.stdout.write(`slowest: ${worst}x real time (target >= 200x): ${worst >= 200 ? 'OK' : 'BELOW TARGET'}\n`);
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : e}\n`);
  process.exit(1);
});
