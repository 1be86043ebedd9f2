// Resampling and ADC views on synthetic signals (no shared data needed).
import { envelopeOf, resample, suggestEnvelopeGain, toEnvelopeAdc, toRawAdc } from '../../sim/recordings';

const sine = (rateHz: number, freqHz: number, amplitude: number, seconds: number, offset = 0) =>
  Float32Array.from({ length: Math.round(rateHz * seconds) }, (_, k) => offset + amplitude * Math.sin((2 * Math.PI * freqHz * k) / rateHz));

const mean = (xs: Float32Array, from = 0, to = xs.length) => {
  let s = 0;
  for (let k = from; k < to; k++) s += xs[k];
  return s / (to - from);
};

describe('resample', () => {
  it('interpolates a ramp exactly, down and up', () => {
    const ramp = Float32Array.from({ length: 2049 }, (_, k) => k / 2048); // 1 s at 2048 Hz
    const down = resample(ramp, 2048, 1000);
    expect(down).toHaveLength(1001);
    down.forEach((v, k) => expect(v).toBeCloseTo(k / 1000, 5));
    const up = resample(Float32Array.from([0, 1, 2]), 200, 1000);
    expect(Array.from(up)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1, 1.2, 1.4, 1.6, 1.8, 2].map((v) => Math.fround(v)));
  });

  it('keeps the samples at the same rate, and handles empty input', () => {
    const xs = Float32Array.from([3, 1, 4, 1, 5]);
    expect(Array.from(resample(xs, 500, 500))).toEqual(Array.from(xs));
    expect(resample(new Float32Array(0), 500, 1000)).toHaveLength(0);
    expect(() => resample(xs, 0, 1000)).toThrow(/rates must be positive/);
  });
});

describe('toRawAdc', () => {
  it('centres on mid-rail with the DC offset removed, scaled by gain', () => {
    const mv = sine(1000, 100, 0.5, 2, 3); // 0.5 mV at 100 Hz on a 3 mV offset
    const adc = toRawAdc(mv, 1000, { gain: 0.3 });
    expect(mean(adc, 1000)).toBeCloseTo(0.5, 2);
    const tail = adc.subarray(1000);
    expect(Math.max(...tail) - 0.5).toBeCloseTo(0.15, 1.5);
  });

  it('clamps to the rails', () => {
    const adc = toRawAdc(sine(1000, 50, 10, 1), 1000, { gain: 1, highPassHz: 0 });
    expect(Math.max(...adc)).toBe(1);
    expect(Math.min(...adc)).toBe(0);
  });
});

describe('toEnvelopeAdc', () => {
  it('settles on gain * mean |x| (2A/pi for a sine) and stays in 0..1', () => {
    const env = toEnvelopeAdc(sine(2000, 150, 1, 2), 2000, { gain: 0.5 });
    expect(mean(env, 2000, 4000)).toBeCloseTo((0.5 * 2) / Math.PI, 2);
    expect(Math.min(...env)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...toEnvelopeAdc(sine(2000, 150, 1, 2), 2000, { gain: 10 }))).toBe(1);
  });

  it('follows a burst within ~0.1 s (a ~10 Hz smoother)', () => {
    const rateHz = 1000;
    const burst = Float32Array.from({ length: 2000 }, (_, k) => (k >= 1000 ? Math.sin((2 * Math.PI * 120 * k) / rateHz) : 0));
    const env = envelopeOf(burst, rateHz);
    const settled = mean(env, 1800, 2000);
    const riseIndex = env.findIndex((v, k) => k >= 1000 && v >= 0.9 * settled);
    expect((riseIndex - 1000) / rateHz).toBeGreaterThan(0.02);
    expect((riseIndex - 1000) / rateHz).toBeLessThan(0.1);
  });

  it('suggests a gain putting the 99th percentile at 0.8', () => {
    const x = sine(1000, 120, 2, 2);
    const gain = suggestEnvelopeGain(x, 1000);
    const env = toEnvelopeAdc(x, 1000, { gain });
    expect(Math.max(...env.subarray(500))).toBeGreaterThan(0.75);
    expect(Math.max(...env.subarray(500))).toBeLessThan(0.85);
  });
});
