import { EmgInputs, EmgParams, EmgState, createEmg, createEmgSource, emgParams, stepEmg } from '../../sim/models';

/** Runs the generator for `seconds` and returns the pin values after `settleS`. */
function run(
  params: Partial<EmgParams>,
  inputs: EmgInputs | ((tS: number) => EmgInputs),
  seconds: number,
  rateHz = 2000,
  settleS = 0.3,
): Float64Array {
  let state: EmgState = createEmg(emgParams(params));
  const dtS = 1 / rateHz;
  const n = Math.round(seconds * rateHz);
  const skip = Math.round(settleS * rateHz);
  const out = new Float64Array(n - skip);
  for (let k = 0; k < n; k++) {
    state = stepEmg(state, typeof inputs === 'function' ? inputs((k + 1) * dtS) : inputs, dtS);
    if (k >= skip) out[k - skip] = state.valueAdc;
  }
  return out;
}

function mean(xs: ArrayLike<number>): number {
  let sum = 0;
  for (let k = 0; k < xs.length; k++) sum += xs[k];
  return sum / xs.length;
}

function rmsAround(xs: ArrayLike<number>, centre: number): number {
  let sumSq = 0;
  for (let k = 0; k < xs.length; k++) sumSq += (xs[k] - centre) ** 2;
  return Math.sqrt(sumSq / xs.length);
}

describe('EMG generator, raw mode', () => {
  it('rests at ~0.005 RMS around mid-rail and reaches ~0.065 at 50% activation', () => {
    const rest = run({ mode: 'raw', seed: 1 }, { activation: 0 }, 5);
    const half = run({ mode: 'raw', seed: 1 }, { activation: 0.5 }, 5);
    expect(mean(rest)).toBeCloseTo(0.5, 3);
    expect(mean(half)).toBeCloseTo(0.5, 2);
    expect(rmsAround(rest, 0.5)).toBeGreaterThan(0.0045);
    expect(rmsAround(rest, 0.5)).toBeLessThan(0.0055);
    expect(rmsAround(half, 0.5)).toBeGreaterThan(0.065 * 0.9);
    expect(rmsAround(half, 0.5)).toBeLessThan(0.065 * 1.1);
    expect(rmsAround(half, 0.5) / rmsAround(rest, 0.5)).toBeGreaterThan(10);
  });

  it('keeps the same RMS whatever the sample rate (band-pass normalised per dt)', () => {
    const at1k = rmsAround(run({ seed: 5 }, { activation: 0.5 }, 5, 1000), 0.5);
    const at5k = rmsAround(run({ seed: 5 }, { activation: 0.5 }, 5, 5000), 0.5);
    expect(Math.abs(at1k / at5k - 1)).toBeLessThan(0.1);
  });

  it('has little energy below 20 Hz: the mean over 50 ms windows barely moves', () => {
    const xs = run({ seed: 2 }, { activation: 1 }, 4, 2000);
    const windowMeans: number[] = [];
    for (let k = 0; k + 100 <= xs.length; k += 100) windowMeans.push(mean(xs.subarray(k, k + 100)) - 0.5);
    expect(rmsAround(windowMeans, 0)).toBeLessThan(0.125 * 0.2);
  });

  it('is identical for the same seed and different for another', () => {
    const a = run({ seed: 99 }, { activation: 0.3 }, 1);
    const b = run({ seed: 99 }, { activation: 0.3 }, 1);
    const c = run({ seed: 100 }, { activation: 0.3 }, 1);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  it('clips at the rails at full effort and never leaves 0..1', () => {
    const full = run({ seed: 3 }, { activation: 1 }, 5);
    expect(Math.min(...full)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...full)).toBeLessThanOrEqual(1);
  });
});

describe('EMG generator, envelope mode (MyoWare ENV)', () => {
  it('rests at 0.02-0.05 and sits at 0.6-0.9 for a strong contraction, within 0..1', () => {
    const rest = run({ mode: 'envelope', seed: 4 }, { activation: 0 }, 5);
    const strong = run({ mode: 'envelope', seed: 4 }, { activation: 1 }, 5);
    expect(mean(rest)).toBeGreaterThan(0.02);
    expect(mean(rest)).toBeLessThan(0.05);
    expect(Math.max(...rest)).toBeLessThan(0.06);
    expect(mean(strong)).toBeGreaterThan(0.6);
    expect(mean(strong)).toBeLessThan(0.9);
    for (const v of [...rest, ...strong]) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
  });

  it('is proportional to activation: 50% sits halfway between rest and full', () => {
    const half = mean(run({ mode: 'envelope', seed: 6 }, { activation: 0.5 }, 10));
    expect(half).toBeGreaterThan(0.03 + 0.77 * 0.5 - 0.04);
    expect(half).toBeLessThan(0.03 + 0.77 * 0.5 + 0.04);
  });

  it('starts at rest without a start-up transient', () => {
    const xs = run({ mode: 'envelope', seed: 8 }, { activation: 0 }, 0.2, 2000, 0);
    expect(Math.max(...xs)).toBeLessThan(0.06);
  });

  it('rises to a contraction within ~0.1 s (a ~10 Hz smoother)', () => {
    const xs = run({ mode: 'envelope', seed: 9 }, (tS) => ({ activation: tS >= 1 ? 1 : 0 }), 2, 2000, 0);
    const firstAbove = xs.findIndex((v, k) => k >= 2000 && v > 0.5);
    expect((firstAbove - 2000) / 2000).toBeGreaterThan(0.01);
    expect((firstAbove - 2000) / 2000).toBeLessThan(0.1);
  });
});

describe('EMG faults', () => {
  it('rail lift-off pins a raw sensor at 1.0 at once, and an envelope near 1.0 within 0.2 s', () => {
    const raw = run({ mode: 'raw' }, { activation: 0.2, liftoff: 'rail' }, 1, 2000, 0.0005);
    expect(raw.every((v) => v === 1)).toBe(true);
    const env = run({ mode: 'envelope' }, { activation: 0.2, liftoff: 'rail' }, 1, 2000, 0.2);
    expect(Math.min(...env)).toBeGreaterThan(0.95);
  });

  it('flat lift-off leaves only 50 Hz mains hum around mid-rail, and a flat low envelope', () => {
    const raw = run({ mode: 'raw' }, { activation: 1, liftoff: 'flat' }, 2);
    expect(Math.max(...raw.map((v) => Math.abs(v - 0.5)))).toBeLessThanOrEqual(0.02 + 1e-12);
    expect(rmsAround(raw, 0.5)).toBeCloseTo(0.02 / Math.SQRT2, 3);
    let crossings = 0;
    for (let k = 1; k < raw.length; k++) if (raw[k - 1] < 0.5 !== raw[k] < 0.5) crossings++;
    const seconds = raw.length / 2000;
    expect(crossings / seconds).toBeGreaterThan(95); // two crossings per cycle of 50 Hz
    expect(crossings / seconds).toBeLessThan(105);
    const env = run({ mode: 'envelope' }, { activation: 1, liftoff: 'flat' }, 2);
    expect(mean(env)).toBeCloseTo((2 / Math.PI) * 0.02, 3);
    expect(Math.max(...env) - Math.min(...env)).toBeLessThan(0.01);
  });

  it('a motion artefact is a large, slow spike: peak ~amplitude at ~50 ms, gone by 0.6 s', () => {
    const rateHz = 2000;
    let state = createEmg(emgParams({ mode: 'raw', seed: 11 }));
    const trace: number[] = [];
    for (let k = 0; k < 1.2 * rateHz; k++) {
      state = stepEmg(state, { activation: 0, motionArtefactAdc: k === 0.5 * rateHz ? 0.3 : undefined }, 1 / rateHz);
      trace.push(state.valueAdc - 0.5);
    }
    const after = trace.slice(0.5 * rateHz);
    const peakIndex = after.indexOf(Math.max(...after));
    expect(after[peakIndex]).toBeGreaterThan(0.28);
    expect(after[peakIndex]).toBeLessThan(0.32);
    expect(peakIndex / rateHz).toBeGreaterThan(0.04);
    expect(peakIndex / rateHz).toBeLessThan(0.06);
    expect(Math.max(...after.slice(0.6 * rateHz).map(Math.abs))).toBeLessThan(0.03);
  });
});

describe('createEmgSource', () => {
  it('gives the same values for the same seed and calls, sampled at 1 kHz', () => {
    const sample = (seed: number) => {
      const source = createEmgSource({ params: { seed }, activation: (tS) => (tS > 0.5 ? 0.6 : 0) });
      return Array.from({ length: 1000 }, (_, k) => source.valueAt(k / 1000));
    };
    expect(sample(3)).toEqual(sample(3));
    expect(sample(3)).not.toEqual(sample(4));
  });

  it('matches stepping the generator directly at its internal rate', () => {
    const source = createEmgSource({ params: { seed: 12 }, activation: 0.4, internalRateHz: 2000 });
    const direct = run({ seed: 12 }, { activation: 0.4 }, 1, 2000, 0);
    for (let k = 1; k <= 1000; k++) expect(source.valueAt(k / 1000)).toBe(direct[2 * k - 1]);
  });

  it('follows the activation profile and reports the ideal level', () => {
    const source = createEmgSource({ params: { mode: 'envelope' }, activation: (tS) => (tS < 1 ? 0 : 1) });
    source.valueAt(0.9);
    expect(source.idealLevelAdc()).toBeCloseTo(0.03, 6);
    const strong: number[] = [];
    for (let tS = 1.3; tS < 2; tS += 0.001) strong.push(source.valueAt(tS));
    expect(source.idealLevelAdc()).toBeCloseTo(0.8, 6);
    expect(mean(strong)).toBeGreaterThan(0.6);
  });

  it('applies scheduled faults', () => {
    const source = createEmgSource({
      params: { mode: 'raw' },
      activation: 0.2,
      faults: { liftoff: [{ kind: 'rail', fromS: 1, toS: 2 }], motionArtefacts: [{ atS: 3, amplitudeAdc: -0.3 }] },
    });
    expect(source.valueAt(0.5)).toBeLessThan(1);
    expect(source.valueAt(1.5)).toBe(1);
    expect(source.valueAt(2.5)).toBeLessThan(1);
    expect(source.valueAt(3.05)).toBeLessThan(0.5 - 0.2);
  });

  it('refuses time going backwards and stays cheap across long gaps', () => {
    const source = createEmgSource({ activation: 0.5 });
    source.valueAt(1);
    expect(() => source.valueAt(0.5)).toThrow(/time went backwards/);
    const started = Date.now();
    const v = source.valueAt(100_000); // ~28 h later: must not step 2e8 times
    expect(Date.now() - started).toBeLessThan(500);
    expect(v).toBeGreaterThanOrEqual(0);
    expect(v).toBeLessThanOrEqual(1);
  });
});
