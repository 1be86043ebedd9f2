// The evaluation's measuring tools on synthetic data: label blocks, the channel-choice rules,
// the onset detector and the latency / activation measures over a hand trace.
import {
  TraceRow,
  activations,
  chooseChannels,
  contrastRatio,
  detectOnset,
  firstAllAbove,
  firstPulseChange,
  handState,
  labelBlocks,
  motionEpisodes,
  motionCommands,
  movingRms,
} from '../../tools/eval/analysis';

/** Deterministic noise in -1..1. */
function noise(n: number, seed = 1): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 2 ** 32) * 2 - 1;
  }
  return out;
}

/** Rest noise of amplitude `rest`, then a burst of amplitude `burst` from onsetS on. */
function burstSignal(rateHz: number, durationS: number, onsetS: number, rest = 1, burst = 20): Float32Array {
  const x = noise(Math.round(rateHz * durationS));
  const k0 = Math.round(onsetS * rateHz);
  for (let k = 0; k < x.length; k++) x[k] *= k >= k0 ? burst : rest;
  return x;
}

describe('labelBlocks', () => {
  test('runs of equal labels with [start, end) indices', () => {
    expect(labelBlocks([0, 0, 1, 1, 1, 0, 2])).toEqual([
      { label: 0, start: 0, end: 2 },
      { label: 1, start: 2, end: 5 },
      { label: 0, start: 5, end: 6 },
      { label: 2, start: 6, end: 7 },
    ]);
    expect(labelBlocks([])).toEqual([]);
  });
});

describe('channel choice', () => {
  test('contrastRatio is the gesture RMS over the rest RMS, whatever the gain', () => {
    const x = burstSignal(1000, 4, 2, 1, 10);
    const c = contrastRatio(x, 1000, { fromS: 2.5, toS: 4 }, { fromS: 0.5, toS: 2 });
    expect(c).toBeGreaterThan(8);
    expect(c).toBeLessThan(12);
    const scaled = x.map((v) => v * 37);
    expect(contrastRatio(scaled, 1000, { fromS: 2.5, toS: 4 }, { fromS: 0.5, toS: 2 })).toBeCloseTo(c, 6);
  });

  test('contrast rule: the largest contrast for each site, never the same channel twice', () => {
    const ch = ['a', 'b', 'c'];
    // a: strong on both (cross-talk), b: flexor only, c: extensor, weaker.
    const close = [9, 8, 1.5];
    const open = [10, 1.2, 6];
    expect(chooseChannels(ch, close, open, 'contrast')).toMatchObject({ flexor: 'a', extensor: 'c' });
    // The best extension channel is taken by the flexor: the extensor gets the next best.
    expect(chooseChannels(ch, [9, 1, 1], [10, 2, 3], 'contrast')).toMatchObject({ flexor: 'a', extensor: 'c' });
  });

  test('separation rule: own contrast over the other gesture\'s, so cross-talk loses', () => {
    const r = chooseChannels(['a', 'b', 'c'], [9, 8, 1.5], [10, 1.2, 6], 'separation');
    expect(r).toMatchObject({ flexor: 'b', extensor: 'c' });
    expect(r.contrasts).toEqual([
      { channel: 'a', close: 9, open: 10 },
      { channel: 'b', close: 8, open: 1.2 },
      { channel: 'c', close: 1.5, open: 6 },
    ]);
  });

  test('ties go to the first channel; bad input is refused', () => {
    expect(chooseChannels(['a', 'b', 'c'], [2, 2, 1], [1, 3, 3])).toMatchObject({ flexor: 'a', extensor: 'b' });
    expect(() => chooseChannels(['a'], [1], [1])).toThrow(/two/);
    expect(() => chooseChannels(['a', 'b'], [1], [1, 2])).toThrow(/one contrast/);
  });
});

describe('detectOnset', () => {
  test('movingRms of a constant-amplitude square wave is that amplitude', () => {
    const x = Float32Array.from({ length: 400 }, (_, i) => (i % 2 ? 3 : -3));
    const r = movingRms(x, 1000, 50);
    expect(r[200]).toBeCloseTo(3, 5);
  });

  test('times a sharp burst onset within 10 ms, at any sampling rate (not half a window early)', () => {
    for (const rate of [200, 500, 2048]) {
      const x = burstSignal(rate, 6, 3.2);
      const o = detectOnset(x, rate, { fromS: 1, toS: 3 }, 2);
      expect(o.tS).not.toBeNull();
      // The centred 50 ms window alone starts rising 25 ms before the burst: 3.175.
      expect(Math.abs(o.tS! - 3.2)).toBeLessThanOrEqual(0.01);
      expect(o.threshold).toBeGreaterThan(o.restMean);
      // Without the short window: the long window's own crossing, half a window early.
      expect(detectOnset(x, rate, { fromS: 1, toS: 3 }, 2, { refineMs: 0 }).tS!).toBeLessThan(3.2 - 0.02);
    }
  });

  test('a slow ramp: the onset is near where the ramp reaches the threshold; the short window moves it a few ms at most', () => {
    const rate = 1000;
    for (const seed of [1, 2, 3]) {
      const x = noise(rate * 6, seed);
      // Amplitude 1 at rest, then a linear ramp from 3 s to 30 at 4 s.
      for (let k = 0; k < x.length; k++) x[k] *= k < 3 * rate ? 1 : Math.min(30, 1 + (29 * (k - 3 * rate)) / rate);
      const o = detectOnset(x, rate, { fromS: 1, toS: 2.5 }, 2.5);
      const longOnly = detectOnset(x, rate, { fromS: 1, toS: 2.5 }, 2.5, { refineMs: 0 });
      // The uniform noise's RMS is amplitude / sqrt(3); the ramp's RMS crosses the threshold at:
      const crossS = 3 + (o.threshold * Math.sqrt(3) - 1) / 29;
      expect(Math.abs(o.tS! - crossS)).toBeLessThanOrEqual(0.025);
      expect(o.tS! - longOnly.tS!).toBeGreaterThanOrEqual(0);
      expect(o.tS! - longOnly.tS!).toBeLessThanOrEqual(0.006);
    }
  });

  test('a lone spike is not an onset when it raises the RMS for less than holdMs; nothing is found in rest alone', () => {
    const rate = 1000;
    const x = burstSignal(rate, 6, 4);
    // A 10 ms spike lifts the centred 50 ms RMS for about 60 ms.
    for (let k = 2500; k < 2510; k++) x[k] = k % 2 ? 40 : -40;
    expect(detectOnset(x, rate, { fromS: 0.5, toS: 2 }, 2, { holdMs: 80 }).tS).toBeCloseTo(4, 1);
    // held long enough: the spike is the onset, timed at the spike (the 50 ms window alone: 2.475)
    expect(Math.abs(detectOnset(x, rate, { fromS: 0.5, toS: 2 }, 2, { holdMs: 40 }).tS! - 2.5)).toBeLessThanOrEqual(0.006);
    const rest = noise(rate * 4);
    expect(detectOnset(rest, rate, { fromS: 0.5, toS: 2 }, 2, { relative: 0 }, 4).tS).toBeNull();
  });

  test('the relative floor keeps a small early twitch from counting when the rest is very quiet', () => {
    const rate = 200;
    const x = burstSignal(rate, 6, 4, 0.2, 30);
    for (let k = 2.5 * rate; k < 2.8 * rate; k++) x[k] = (k % 2 ? 1 : -1) * 1.5; // twitch: 7x rest, 5% of the burst
    expect(detectOnset(x, rate, { fromS: 0.5, toS: 2 }, 2, { relative: 0 }).tS).toBeCloseTo(2.5, 1);
    expect(detectOnset(x, rate, { fromS: 0.5, toS: 2 }, 2).tS).toBeCloseTo(4, 1);
  });
});

describe('latency and activations over a trace', () => {
  const OPEN = [1000, 1000];
  const CLOSED = [2000, 2000];
  function row(tS: number, pulses: (number | null)[], on = [false, false], flexion = [0, 0]): TraceRow {
    return { tS, pulses, flexion, adc: [0, 0], state: 'ready', envelope: [0, 0], baseline: [0, 0], effort: [0, 0], on, command: 0 };
  }
  // Released (no pulses) until 1.00 s, closing from 1.04 s, released again at 2 s.
  const rows: TraceRow[] = [];
  for (let i = 0; i <= 300; i++) {
    const t = i * 0.01;
    const p = t < 1.035 ? null : t < 2 ? Math.min(2000, 1000 + (t - 1.03) * 3000) : null;
    rows.push(row(Math.round(t * 1000) / 1000, [p, p], [t >= 0.98 && t < 1.5, false], p === null ? [0, 0] : [(p - 1000) / 1000, (p - 1000) / 1000]));
  }

  test('the first pulse change after the onset, and its direction', () => {
    const m = firstPulseChange(rows, 0.5, 3, OPEN, CLOSED);
    expect(m).toEqual({ tS: 1.04, direction: 'close' });
    // A pulse stopping is a release, not a motion.
    expect(firstPulseChange(rows, 1.9, 3, OPEN, CLOSED)).toBeNull();
    // Opening from a held position.
    const held = [row(0, [2000, 2000]), row(0.01, [2000, 2000]), row(0.02, [1990, 2000])];
    expect(firstPulseChange(held, 0, 1, OPEN, CLOSED)).toEqual({ tS: 0.02, direction: 'open' });
  });

  test('motion commands group into episodes', () => {
    const all = motionCommands(rows, 0, 3, OPEN, CLOSED);
    expect(all.length).toBeGreaterThan(10);
    expect(motionEpisodes(all)).toEqual([{ tS: 1.04, direction: 'close' }]);
  });

  test('activations are rising edges of a site\'s on flag in the window', () => {
    expect(activations(rows, 0, 3)).toEqual([{ tS: 0.98, site: 0 }]);
    expect(activations(rows, 1, 3)).toEqual([]);
  });

  test('time to 90% closed and the hand state', () => {
    expect(firstAllAbove(rows, 0, 0.9)).toBeCloseTo(1.33, 2);
    expect(handState([0.95, 1])).toBe('closed');
    expect(handState([0.05, 0])).toBe('open');
    expect(handState([0.5, 1])).toBe('partial');
  });
});
