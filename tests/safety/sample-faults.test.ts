// The supervisor's sample checks on the built bundle in the Virtual Pico (issue #8): a sensor
// at 0 V and flat (unplugged or unpowered), an envelope that jumps within a block (a floating
// input, mains hum), raw EMG as wide as the ADC (the amplifier clips). Each: the fault named, red
// blinking, no EMG-driven motion while it lasts, and recovery once the samples are good again.
import { defaultConfig } from '../../firmware/config/defaults';
import { bundle, bootPico, picoStatus } from './helpers';

/** A resting envelope sensor: a small level with a little noise. */
const rest = (tS: number) => 0.03 + 0.002 * Math.sin(tS * 977);

async function boot() {
  const p = bootPico(await bundle());
  p.emg[0] = rest;
  p.emg[1] = rest;
  p.vp.advance(1500);
  return p;
}

/** Advances `ms` and returns every status seen, one per 100 ms. */
function watch(vp: { advance: (ms: number) => void; eval: (s: string) => unknown }, ms: number) {
  const seen = [];
  for (let t = 0; t < ms; t += 100) {
    vp.advance(100);
    seen.push(JSON.parse(vp.eval('JSON.stringify(hand.status())') as string));
  }
  return seen;
}

test('an unplugged flexor sensor (0 V, flat): flexorFlatLine within 4 s at rest (two checks agree), nothing moves, and it clears when the sensor is back', async () => {
  const { vp, emg } = await boot();
  emg[0] = () => 0;
  const seen = watch(vp, 4100);
  expect(seen[seen.length - 1].faults).toEqual(['flexorFlatLine']);
  expect(seen[seen.length - 1].state).toBe('fault');
  expect(vp.pwm('LED1')).toMatchObject({ duty: 0.5, freqHz: 3 });
  // The extensor still cannot move the hand while a site is faulted (hold, the default action).
  emg[1] = () => 0.5;
  expect(watch(vp, 1000).every((s) => s.grip === 0)).toBe(true);
  emg[1] = rest;
  emg[0] = rest;
  vp.advance(3000);
  expect(picoStatus(vp).faults).toEqual([]);
  emg[0] = () => 0.5;
  vp.advance(1000);
  expect(picoStatus(vp).grip).toBe(1);
  expect(vp.eval('JSON.stringify(hand.faultLog().map(function(e){return e.code;}))')).toBe('["flexorFlatLine"]');
});

test('a resting sensor is never flat, however quiet, and a flat line at a resting level is rest, not a fault', async () => {
  const { vp, emg } = await boot();
  emg[0] = (tS) => 0.03 + 0.0003 * Math.sin(tS * 977);
  emg[1] = () => 0.03;
  expect(watch(vp, 8000).every((s) => s.faults.length === 0)).toBe(true);
});

test('an envelope that jumps within each block (a floating input): extensorNoisy within 2 s, then nothing moves, and it clears', async () => {
  const { vp, emg } = await boot();
  emg[0] = () => 0.5;
  vp.advance(600);
  emg[0] = rest;
  vp.advance(500);
  expect(picoStatus(vp).grip).toBeGreaterThan(0.3);
  // Every other sample high: the mean says "contracting", the spread says noise.
  emg[1] = (tS) => (Math.floor(tS * 500) % 2 ? 0.45 : 0.05);
  // The supervisor looks once a second while anything happens, and two checks must agree: until
  // then it is an extensor contraction (the mean is 0.25), and the hand opens.
  const seen = watch(vp, 2200);
  expect(seen[seen.length - 1].faults).toEqual(['extensorNoisy']);
  const grip = seen[seen.length - 1].grip;
  expect(watch(vp, 2000).every((s) => s.grip === grip && s.faults[0] === 'extensorNoisy')).toBe(true);
  emg[1] = rest;
  vp.advance(3000);
  expect(picoStatus(vp).faults).toEqual([]);
});

test('raw EMG: a strong contraction is no fault; a clipping amplifier is flexorSaturated, nothing moves, and it clears', async () => {
  const { vp, emg } = await boot();
  const cfg = defaultConfig();
  cfg.emg[0].signal = 'raw';
  cfg.emg[0].sampleRateHz = 1000;
  cfg.emg[0].restLevel = 0.01;
  cfg.emg[0].maxLevel = 0.2;
  expect(vp.eval(`hand.config(${JSON.stringify(cfg)})`)).toBe(true);
  /** Centred EMG of this RMS: a 120 Hz sine around mid-rail, with noise. */
  const raw = (rms: number) => (tS: number) => 0.5 + rms * Math.SQRT2 * Math.sin(2 * Math.PI * 120 * tS) + 0.003 * Math.sin(tS * 7919);
  emg[0] = raw(0.005);
  vp.advance(2500);
  expect(picoStatus(vp)).toMatchObject({ state: 'ready', faults: [] });
  emg[0] = raw(0.2);
  vp.advance(1500);
  expect(picoStatus(vp)).toMatchObject({ grip: 1, faults: [] });
  emg[0] = raw(0.005);
  emg[1] = () => 0.5;
  vp.advance(1500);
  emg[1] = rest;
  vp.advance(1000);
  expect(picoStatus(vp).grip).toBe(0);
  // Clipped: a square wave from rail to rail.
  emg[0] = (tS) => (Math.sin(2 * Math.PI * 120 * tS) > 0 ? 1 : 0);
  const seen = watch(vp, 3000);
  expect(seen[seen.length - 1].faults).toEqual(['flexorSaturated']);
  // (The first blocks, before two checks agree, are a strong contraction: at most a start.)
  const grip = seen[seen.length - 1].grip;
  expect(watch(vp, 2000).every((s) => s.grip === grip)).toBe(true);
  emg[0] = raw(0.005);
  vp.advance(3000);
  expect(picoStatus(vp).faults).toEqual([]);
});
