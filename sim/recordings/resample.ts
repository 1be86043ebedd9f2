// Linear-interpolation resampling, e.g. a 2048 Hz GRABMyo channel to the firmware's 1 kHz
// sampler. No anti-alias filter: going down in rate, content above the new Nyquist folds back
// (raw sEMG has energy up to ~450 Hz); low-pass first when that matters.

/** Samples at toHz covering the same time span: sample k is the input at t = k / toHz. */
export function resample(samples: Float32Array, fromHz: number, toHz: number): Float32Array {
  if (!(fromHz > 0) || !(toHz > 0)) throw new Error(`resample: rates must be positive (from ${fromHz} Hz to ${toHz} Hz)`);
  if (samples.length === 0) return new Float32Array(0);
  const step = fromHz / toHz;
  // The last output lands at or before the last input; the epsilon absorbs rounding of exact ratios.
  const count = Math.floor((samples.length - 1) / step + 1e-9) + 1;
  const out = new Float32Array(count);
  const last = samples.length - 1;
  for (let k = 0; k < count; k++) {
    const position = k * step;
    const i = Math.min(last, Math.floor(position + 1e-9));
    const fraction = Math.max(0, position - i);
    out[k] = i >= last ? samples[last] : samples[i] + fraction * (samples[i + 1] - samples[i]);
  }
  return out;
}
