// The firmware's telemetry (firmware/telemetry.ts, hand.telemetry(hz)) in the Virtual Pico, on
// the bundle the build makes: rate, sequence, content, stop, bad arguments, and that it runs on
// its own timer only while it is on.

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildFirmware } from '../../tools/build/build';
import { FlashImage, VirtualPico } from '../../sim/runtime';
import { parseTelemetryLine, TelemetryRecord } from '../../tools/grasp/telemetry';

let dir: string;
let source: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grasp-telemetry-'));
  source = (await buildFirmware({ outFile: path.join(dir, 'firmware.js'), quiet: true })).source;
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function boot(): { vp: VirtualPico; lines: () => string[] } {
  const vp = new VirtualPico({ storage: new FlashImage() });
  // Resting sensors: a small level with a little noise (0 V, flat, would be an unplugged sensor).
  for (const pin of ['A5', 'A6']) vp.setAnalog(pin, (tS) => 0.03 + 0.002 * Math.sin(tS * 977));
  vp.load(source, { to: 'flash' });
  vp.advance(1200);
  let cursor = vp.output().length;
  return {
    vp,
    /** Telemetry lines printed since the last call. */
    lines: () => {
      const out = vp.output();
      const s = out.slice(cursor);
      cursor = out.length;
      return s.split('\n').filter((l) => l.startsWith('T'));
    },
  };
}

test('hand.telemetry(10): ten lines a second, seq from 0 without gaps, ms on the clock', () => {
  const { vp, lines } = boot();
  expect(vp.eval('hand.telemetry(10)')).toBe(10);
  vp.advance(3000);
  const recs = lines().map(parseTelemetryLine);
  expect(recs.length).toBeGreaterThanOrEqual(29);
  expect(recs.length).toBeLessThanOrEqual(31);
  recs.forEach((r, i) => expect(r.seq).toBe(i));
  for (let i = 1; i < recs.length; i++) expect(recs[i].ms - recs[i - 1].ms).toBeCloseTo(100, -1);
  const r = recs[recs.length - 1];
  expect(r.version).toBe(2);
  expect(r.stateName).toBe('ready');
  expect(r.fingers).toHaveLength(5);
  expect(r.envelope[1]).not.toBeNull();
  expect(r.faults).toBe(0);
});

test('default 10 Hz; 20 Hz is the most; out-of-range rates are refused and change nothing', () => {
  const { vp, lines } = boot();
  expect(vp.eval('hand.telemetry()')).toBe(10);
  expect(vp.eval('hand.telemetry(20)')).toBe(20);
  vp.advance(1000);
  expect(lines().length).toBeGreaterThanOrEqual(19);
  for (const bad of ['50', '0.5', '-1', '"fast"', 'NaN']) {
    expect(vp.eval(`hand.telemetry(${bad})`)).toBeUndefined();
    expect(vp.output()).toContain('hand: hand.telemetry(hz): 1..20 Hz, 0 stops');
  }
  lines();
  vp.advance(1000);
  const recs = lines().map(parseTelemetryLine);
  expect(recs.length).toBeGreaterThanOrEqual(19); // still 20 Hz
  expect(recs[0].seq).toBeGreaterThan(0); // the same stream went on
});

test('hand.telemetry(0) stops it and frees its timer; starting again restarts seq', () => {
  const { vp, lines } = boot();
  const timers = vp.timerCount();
  vp.eval('hand.telemetry(10)');
  expect(vp.timerCount()).toBe(timers + 1);
  vp.eval('hand.telemetry(5)'); // a new rate replaces the timer
  expect(vp.timerCount()).toBe(timers + 1);
  vp.advance(1000);
  expect(lines().length).toBeGreaterThanOrEqual(4);
  expect(vp.eval('hand.telemetry(0)')).toBe(0);
  expect(vp.timerCount()).toBe(timers);
  vp.advance(2000);
  expect(lines()).toEqual([]);
  vp.eval('hand.telemetry(10)');
  vp.advance(250);
  expect(lines().map((l) => parseTelemetryLine(l).seq)).toEqual([0, 1]);
});

test('the lines follow the hand: closing shows moving, then holding with the fingers closed', () => {
  const { vp, lines } = boot();
  vp.eval('hand.telemetry(20)');
  vp.eval('hand.close()');
  vp.advance(1500);
  const recs: TelemetryRecord[] = lines().map(parseTelemetryLine);
  expect(recs.some((r) => r.stateName === 'moving')).toBe(true);
  const last = recs[recs.length - 1];
  expect(last.stateName).toBe('holding');
  expect(last.fingers).toEqual([1, 1, 1, 1, 1]);
  vp.eval('hand.stop()');
  vp.advance(100);
  expect(parseTelemetryLine(lines().pop()!).paused).toBe(true);
});

test('off by default: no telemetry timer and no lines until asked', () => {
  const { vp, lines } = boot();
  vp.advance(2000);
  expect(lines()).toEqual([]);
});
