// Turn a recorded channel into what an Espruino ADC pin (0..1 of 3.3 V) would read if that
// muscle drove one of our sensors:
// - toRawAdc: a raw, centred EMG sensor: AC-coupled (one-pole high-pass, removes the
//   recordings' DC offset), amplified by `gain` (ADC units per recording unit), around mid-rail.
// - toEnvelopeAdc: a MyoWare-like ENV output: the same high-pass, full-wave rectified, smoothed
//   by two one-poles (-3 dB at cutoffHz together, ~10 Hz), times `gain`, plus a resting offset.
// Both clamp to 0..1, as the pin would.

export interface RawAdcOptions {
  /** ADC units per unit of the recording (e.g. per mV). */
  gain: number;
  midRailAdc?: number;
  /** AC coupling; 0 keeps DC. Default 10 Hz. */
  highPassHz?: number;
}

export interface EnvelopeAdcOptions {
  /** ADC units per unit of the rectified recording. */
  gain: number;
  /** Default 10 Hz. */
  cutoffHz?: number;
  /** Default 10 Hz; 0 keeps DC (which then rectifies into a false level). */
  highPassHz?: number;
  /** Added to the envelope: a MyoWare ENV rests a little above 0 V. Default 0. */
  offsetAdc?: number;
}

const CASCADE_WIDENING = 1 / Math.sqrt(Math.SQRT2 - 1);

function clamp01(value: number): number {
  return value < 0 ? 0 : value > 1 ? 1 : value;
}

/**
 * One-pole high-pass (AC coupling), bilinear form so the passband gain is 1 (the simpler
 * y = b(y + dx) form loses ~2% at 150 Hz of 2 kHz). Starts settled on the first sample, so a DC
 * offset makes no start-up step.
 */
export function highPass(samples: Float32Array, rateHz: number, cutoffHz: number): Float32Array {
  const out = new Float32Array(samples.length);
  if (samples.length === 0 || !(cutoffHz > 0)) {
    out.set(samples);
    return out;
  }
  const warped = Math.tan((Math.PI * cutoffHz) / rateHz);
  const pole = (1 - warped) / (1 + warped);
  const inputGain = (1 + pole) / 2;
  let previousIn = samples[0];
  let y = 0;
  for (let k = 0; k < samples.length; k++) {
    y = pole * y + inputGain * (samples[k] - previousIn);
    previousIn = samples[k];
    out[k] = y;
  }
  return out;
}

/** Rectified and smoothed, unscaled: the envelope in the recording's unit. */
export function envelopeOf(samples: Float32Array, rateHz: number, cutoffHz = 10, highPassHz = 10): Float32Array {
  const centred = highPass(samples, rateHz, highPassHz);
  const alpha = 1 - Math.exp((-2 * Math.PI * cutoffHz * CASCADE_WIDENING) / rateHz);
  const out = new Float32Array(centred.length);
  let s1 = 0;
  let s2 = 0;
  for (let k = 0; k < centred.length; k++) {
    s1 += alpha * (Math.abs(centred[k]) - s1);
    s2 += alpha * (s1 - s2);
    out[k] = s2;
  }
  return out;
}

export function toRawAdc(samples: Float32Array, rateHz: number, options: RawAdcOptions): Float32Array {
  const mid = options.midRailAdc ?? 0.5;
  const centred = highPass(samples, rateHz, options.highPassHz ?? 10);
  const out = new Float32Array(centred.length);
  for (let k = 0; k < centred.length; k++) out[k] = clamp01(mid + options.gain * centred[k]);
  return out;
}

export function toEnvelopeAdc(samples: Float32Array, rateHz: number, options: EnvelopeAdcOptions): Float32Array {
  const envelope = envelopeOf(samples, rateHz, options.cutoffHz ?? 10, options.highPassHz ?? 10);
  const offset = options.offsetAdc ?? 0;
  const out = new Float32Array(envelope.length);
  for (let k = 0; k < envelope.length; k++) out[k] = clamp01(offset + options.gain * envelope[k]);
  return out;
}

/**
 * The envelope gain that puts a chosen percentile of this channel's envelope at targetAdc
 * (default: the 99th percentile at 0.8, a strong contraction on a MyoWare).
 */
export function suggestEnvelopeGain(
  samples: Float32Array,
  rateHz: number,
  targetAdc = 0.8,
  percentile = 0.99,
  cutoffHz = 10,
): number {
  const sorted = envelopeOf(samples, rateHz, cutoffHz).sort();
  if (sorted.length === 0) return 0;
  const level = sorted[Math.min(sorted.length - 1, Math.floor(percentile * sorted.length))];
  return level > 0 ? targetAdc / level : 0;
}
