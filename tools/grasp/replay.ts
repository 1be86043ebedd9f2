// `grasp replay session.csv`: plays the EMG envelopes a `grasp record` session captured back
// into the pins of a Virtual Pico running the current firmware (in the hand simulation,
// sim/engine), with the recorded configuration or another one (--config), and prints how this
// firmware and these thresholds would have behaved: every state change and activation, against
// what the board did. Tune onLevel/offLevel (and the rest) offline, then `grasp config set`.
//
// What goes into the pins: the recorded envelope (the firmware's smoothed level, 0..1 of the ADC
// range) for an `envelope` site; for a `raw` site, a 73 Hz tone around mid-rail whose RMS is the
// recorded level (the firmware takes a raw site's level as the RMS around the block mean). The
// recorded envelope is the firmware's own, so it goes through the smoothing twice; and at rest
// the firmware refreshes it only every 2 s (IDLE_UPDATE_MS), so rest is replayed coarsely.

import * as fs from 'fs';
import { createHandSim } from '../../sim/engine';
import { validateConfigFile } from '../config/validate';
import { firmwareSource, sleep, CommandIo } from './session';
import { GraspError } from './transport';
import { CsvSession, isTelemetryLine, LineSplitter, parseSessionCsv, parseTelemetryLine, TelemetryError, TelemetryRecord } from './telemetry';

export interface ReplayArgs {
  file: string;
  /** Real-time factor for printing (default: as fast as possible). */
  speed?: number;
  /** A configuration file to replay with (default: the one recorded in the CSV, else the firmware's defaults). */
  config?: string;
  firmware?: string;
  seed?: number;
}

/** Linear interpolation of the recorded envelope of one site at t ms after the first row. */
function envelopeAt(rows: CsvSession['rows'], site: number, tMs: number, t0: number): number {
  let lo = 0;
  let hi = rows.length - 1;
  const t = tMs + t0;
  if (t <= rows[0].ms) return rows[0].env[site] ?? 0;
  if (t >= rows[hi].ms) return rows[hi].env[site] ?? 0;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (rows[mid].ms <= t) lo = mid;
    else hi = mid;
  }
  const a = rows[lo];
  const b = rows[hi];
  const va = a.env[site] ?? 0;
  const vb = b.env[site] ?? 0;
  return b.ms > a.ms ? va + ((vb - va) * (t - a.ms)) / (b.ms - a.ms) : va;
}

interface Change {
  tS: number;
  what: string;
}

/** State changes and site on/off edges along a timeline of (t s, state, on[]) samples. */
function changes(samples: { tS: number; state: string; on: boolean[] }[], sites: string[]): Change[] {
  const out: Change[] = [];
  for (let k = 1; k < samples.length; k++) {
    const p = samples[k - 1];
    const s = samples[k];
    if (s.state !== p.state) out.push({ tS: s.tS, what: `${p.state} -> ${s.state}` });
    for (let i = 0; i < sites.length; i++) if (s.on[i] !== p.on[i]) out.push({ tS: s.tS, what: `${sites[i]} ${s.on[i] ? 'on' : 'off'}` });
  }
  return out;
}

function stateAt(samples: { tS: number; state: string }[], tS: number): string {
  let best = samples[0]?.state ?? '?';
  for (const s of samples) {
    if (s.tS > tS + 1e-9) break;
    best = s.state;
  }
  return best;
}

export async function replay(a: ReplayArgs, io: CommandIo): Promise<number> {
  if (!fs.existsSync(a.file)) throw new GraspError('usage', `${a.file}: no such file (record one with \`grasp record --out ${a.file}\`)`);
  let session: CsvSession;
  try {
    session = parseSessionCsv(fs.readFileSync(a.file, 'utf8'));
  } catch (e) {
    if (e instanceof TelemetryError) throw new GraspError('usage', `${a.file}: ${e.message}`);
    throw e;
  }
  const rows = session.rows;
  if (rows.length < 2) throw new GraspError('usage', `${a.file}: ${rows.length} row(s): nothing to replay`);

  // The configuration: --config, else the recorded one.
  let config: any;
  let configFrom: string;
  if (a.config) {
    const r = validateConfigFile(a.config);
    if (!r.ok) throw new GraspError('usage', `${a.config}: ${r.errors.length} problem(s):\n` + r.errors.map((e) => '  ' + e).join('\n'));
    config = JSON.parse(fs.readFileSync(a.config, 'utf8'));
    configFrom = a.config;
  } else {
    const c = session.comments.find((l) => l.startsWith('config '));
    config = c ? JSON.parse(c.slice('config '.length)) : undefined;
    configFrom = c ? 'the recorded one' : "the firmware's defaults (none recorded)";
  }

  const firmware = await firmwareSource(a.firmware);
  let output = '';
  const sim = createHandSim({ firmware, seed: a.seed ?? 1, statusIntervalMs: 0, onOutput: (t) => (output += t) });
  if (config) {
    const r = sim.console(`hand.config(${JSON.stringify(config)})`);
    if (r.error || r.result !== true) {
      const said = output.split('\n').filter((l) => l.startsWith('hand:') || l.startsWith('  ')).join('\n');
      throw new GraspError('board-error', `the Virtual Pico refused the configuration (${configFrom}): ${r.error ?? said}`);
    }
  }
  const cfg = sim.console('hand.config()').result as { emg: { pin: string; signal: string }[]; control: { mode: string; onLevel: number; offLevel: number } };
  const status = sim.console('hand.status()').result as { version: string; emg: { site: string }[] };
  const sites = status.emg.map((e) => e.site);

  // The pins read the recording from the moment replay starts (before it: the first row).
  const t0 = rows[0].ms;
  const durationMs = rows[rows.length - 1].ms - t0;
  let startS = Infinity;
  cfg.emg.forEach((site, i) => {
    if (i > 1) return;
    const raw = site.signal === 'raw';
    sim.vp.setAnalog(site.pin, (tS) => {
      const env = envelopeAt(rows, i, Math.max(0, (tS - startS) * 1000), t0);
      return raw ? 0.5 + env * Math.SQRT2 * Math.sin(2 * Math.PI * 73 * tS) : env;
    });
  });
  io.out(
    `replaying ${a.file}: ${rows.length} rows, ${(durationMs / 1000).toFixed(1)} s${rows.some((r) => r.lostBefore) ? `, ${rows.reduce((n, r) => n + r.lostBefore, 0)} line(s) lost in the recording` : ''}\n` +
      `through Grasp ${status.version} in a Virtual Pico, configuration: ${configFrom} (${cfg.control.mode}, onLevel ${cfg.control.onLevel}, offLevel ${cfg.control.offLevel})\n`,
  );

  // Let the firmware boot on the first row's level, then play with telemetry at 20 Hz.
  sim.step(1500);
  output = '';
  const replayed: TelemetryRecord[] = [];
  const splitter = new LineSplitter((line) => {
    if (isTelemetryLine(line)) replayed.push(parseTelemetryLine(line));
  });
  startS = sim.vp.nowS();
  sim.console('hand.telemetry(20)');
  const chunk = 50;
  const began = Date.now();
  for (let t = 0; t < durationMs + chunk; t += chunk) {
    sim.step(chunk);
    splitter.push(output);
    output = '';
    if (a.speed) {
      const due = began + (t + chunk) / a.speed;
      if (due > Date.now()) await sleep(due - Date.now());
    }
  }
  splitter.push('\n');

  const rec = rows.map((r) => ({ tS: (r.ms - t0) / 1000, state: r.state, on: r.on.slice(0, sites.length) }));
  const rep = replayed.map((r) => ({ tS: r.ms / 1000, state: r.stateName, on: r.on.slice(0, sites.length) }));
  const recChanges = changes(rec, sites);
  const repChanges = changes(rep, sites);

  io.out(`\n  t (s)  replayed                    recorded state at that time\n`);
  for (const c of repChanges) io.out(`${c.tS.toFixed(2).padStart(7)}  ${c.what.padEnd(27)} ${stateAt(rec, c.tS)}\n`);
  if (!repChanges.length) io.out('   (no state change, no activation)\n');

  // Summary: activations per site, time in each state, agreement.
  const count = (cs: Change[], s: string) => cs.filter((c) => c.what === `${s} on`).length;
  io.out('\nactivations (a site switching on):\n');
  for (const s of sites) io.out(`  ${s.padEnd(9)} replayed ${count(repChanges, s)}, recorded ${count(recChanges, s)}\n`);
  let agree = 0;
  for (const r of rep) if (stateAt(rec, r.tS) === r.state) agree++;
  const states = new Map<string, number>();
  for (const r of rep) states.set(r.state, (states.get(r.state) ?? 0) + 1);
  io.out(
    `state changes: replayed ${repChanges.filter((c) => c.what.includes('->')).length}, recorded ${recChanges.filter((c) => c.what.includes('->')).length}\n` +
      `time in state (replayed): ${[...states].map(([s, n]) => `${s} ${((n / Math.max(1, rep.length)) * 100).toFixed(0)}%`).join(', ')}\n` +
      `same state as recorded: ${rep.length ? ((agree / rep.length) * 100).toFixed(0) : 0}% of the time\n`,
  );
  return 0;
}
