// Soak: simulated hours of random use through the hand simulation on the built bundle — random
// efforts on both muscles every 1-7 s, occasional button presses and console calls (status,
// resume, open, close, telemetry on/off). The Virtual Pico's memory estimate must stay flat, no
// timer may leak, nothing may throw or reset, no pulse may leave 1000..2000 µs, and the hand must
// still open and close at the end. SOAK_HOURS=24 runs the full day (measured: 138 s).
// The simulation runs in a child process under tsx (soak-run.ts): ~10x faster than in jest.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { bundle } from './helpers';
import type { SoakResult } from './soak-run';

const HOURS = Number(process.env.SOAK_HOURS || 2);
const ROOT = path.resolve(__dirname, '../..');

let result: SoakResult;
beforeAll(async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'grasp-soak-')), 'firmware.js');
  fs.writeFileSync(file, Buffer.from(await bundle(), 'latin1'));
  const out = execFileSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(__dirname, 'soak-run.ts'), file, String(HOURS)], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  result = JSON.parse(out.trim().split('\n').pop()!);
  const u = result.usage.map((x) => x.usage);
  console.log(
    `soak: ${HOURS} simulated h in ${result.wallS.toFixed(1)} s wall (${((HOURS * 3600) / result.wallS).toFixed(0)}x real time); ` +
      `memory ${Math.min(...u)}..${Math.max(...u)} of ${result.total} variables over ${u.length} samples; ` +
      `timers ${result.timersAtStart}; ${result.presses} button presses; pulses ${result.pulseMinUs}..${result.pulseMaxUs} µs`,
  );
}, 300000);

describe(`soak: ${HOURS} simulated hours of random use`, () => {
  // Warm-up is allowed: the first uses of the fault log, of a grip switch or of the squeeze
  // limit allocate what they keep (bounded: the log is one string of at most 600 bytes). A leak
  // is growth after that: the last hour's peak against the peak of the hour before it.
  test('the memory estimate stays flat (peak of the last hour vs the hour before: < 50 variables)', () => {
    const endS = HOURS * 3600;
    const peak = (from: number, to: number) => Math.max(...result.usage.filter((u) => u.tS >= from && u.tS < to).map((u) => u.usage));
    const early = peak(endS - 7200, endS - 3600);
    const late = peak(endS - 3600, endS + 1);
    expect(result.usage.length).toBeGreaterThanOrEqual(HOURS * 60 - 1);
    expect(late - early).toBeLessThan(50);
    expect(Math.max(...result.usage.map((u) => u.usage))).toBeLessThan(result.total * 0.6);
  });

  test('no timer leaks: timerCount() never grows', () => {
    expect(result.timerCounts.every((n) => n <= result.timersAtStart)).toBe(true);
  });

  test('no uncaught error, no reset (watchdog), no pulse outside 1000..2000 µs', () => {
    expect(result.errors).toEqual([]);
    expect(result.resets).toBe(0);
    expect(result.pulseMinUs).toBeGreaterThanOrEqual(1000 - 1e-6);
    expect(result.pulseMaxUs).toBeLessThanOrEqual(2000 + 1e-6);
    expect(result.presses).toBeGreaterThan(HOURS * 10);
  });

  test('at the end the hand still closes and opens on EMG', () => {
    expect(result.endFaults).toEqual([]);
    // (A failure shows the status then.)
    const closes = result.closedFlexion.every((f) => f > 0.95);
    const opens = result.openedFlexion.every((f) => f < 0.05);
    expect(closes && opens ? 'ok' : JSON.stringify({ closed: result.closedFlexion, opened: result.openedFlexion, status: result.endStatus })).toBe('ok');
  });
});
