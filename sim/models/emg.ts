// A surface-EMG generator: what one electrode site puts on an ADC pin.
//
// Surface EMG is, to a good approximation, band-limited noise whose amplitude follows the muscle's
// activation. So: white Gaussian noise -> one-pole low-pass at 450 Hz -> one-pole high-pass at
// 20 Hz (a cheap 20-450 Hz band-pass), normalised to RMS 1 at the step's dt, times
// (baselineNoiseAdc + activation * activationGainAdc).
//
// Two sensor kinds:
// - `raw`: a centred EMG amplifier; the pin sees midRailAdc + signal, clamped to 0..1.
//   The amplitude parameters are the RMS around mid-rail.
// - `envelope`: a MyoWare-style ENV output; the signal is rectified and smoothed (two one-poles,
//   -3 dB at about envelopeCutoffHz together). The amplitude parameters are the envelope's MEAN
//   level: rest 0.03 (0.1 V), full contraction 0.8 (2.64 V of 3.3 V).
//
// Faults, as inputs to each step:
// - lift-off `rail`: a floating electrode drives the amplifier into saturation; the pin goes to
//   railAdc (1.0: both a raw amplifier and a MyoWare ENV saturate high; the envelope reaches it
//   through its smoothing, in ~50 ms).
// - lift-off `flat`: the electrode is off but the input stays biased; all that is left is mains
//   hum (humAdc at humHz) around mid-rail, so the envelope falls to a flat ~0.64 * humAdc.
// - motion artefact: a large low-frequency spike (a gamma pulse t/tau * e^(1 - t/tau), peak
//   motionArtefactAdc at t = tau = 50 ms, so its energy is below ~5 Hz), added to the signal.

import { RngState, gaussian, seedRng } from './prng';
import { clampAdc } from './adc';

export type EmgMode = 'raw' | 'envelope';
export type LiftoffKind = 'rail' | 'flat';

export interface EmgParams {
  mode: EmgMode;
  seed: number;
  /** raw: RMS around mid-rail at rest; envelope: mean level at rest (ADC units 0..1). */
  baselineNoiseAdc: number;
  /** Added to the resting amplitude per unit of activation (same meaning, ADC units). */
  activationGainAdc: number;
  midRailAdc: number;
  bandLowHz: number;
  bandHighHz: number;
  /** -3 dB point of the whole envelope smoother (two equal one-poles). */
  envelopeCutoffHz: number;
  /** Where a `rail` lift-off pins the pin. */
  railAdc: number;
  humHz: number;
  /** Peak of the mains hum a `flat` lift-off leaves (ADC units around mid-rail). */
  humAdc: number;
  /** Time to the peak of a motion artefact (its whole shape lasts ~10x this). */
  motionArtefactRiseS: number;
}

export interface EmgInputs {
  /** Muscle activation 0..1 (clamped). */
  activation: number;
  liftoff?: LiftoffKind;
  /** Starts a motion artefact of this peak (ADC units, signed) at this step. */
  motionArtefactAdc?: number;
}

export interface EmgState {
  readonly params: EmgParams;
  readonly timeS: number;
  readonly rng: RngState;
  /** Band-pass internals: the low-pass output (also the high-pass's previous input) and the high-pass output. */
  readonly lowPassed: number;
  readonly bandPassed: number;
  /** Envelope smoother internals (two cascaded one-poles). */
  readonly smoothed1: number;
  readonly smoothed2: number;
  /** Unit-RMS normalisation of the band-pass, cached for the dt it was computed at. */
  readonly normalisedForDtS: number;
  readonly normalisingGain: number;
  /** Age of the running motion artefact (Infinity when none) and its peak. */
  readonly artefactAgeS: number;
  readonly artefactPeakAdc: number;
  /** The noise-free level the muscle asks for (RMS for raw, mean for envelope): ground truth. */
  readonly idealLevelAdc: number;
  /** What the pin reads now, 0..1. */
  readonly valueAdc: number;
}

/** Mean of |x| for a Gaussian of RMS 1: sqrt(2/pi). The envelope scales the noise by its inverse. */
const RECTIFIED_MEAN = Math.sqrt(2 / Math.PI);

/** Two equal one-poles at fc / sqrt(sqrt(2) - 1) make -3 dB at fc together. */
const CASCADE_WIDENING = 1 / Math.sqrt(Math.SQRT2 - 1);

/** Full parameters: the defaults for the chosen mode (raw unless given), then the overrides. */
export function emgParams(overrides: Partial<EmgParams> = {}): EmgParams {
  const mode = overrides.mode ?? 'raw';
  const common = {
    mode,
    seed: 1,
    midRailAdc: 0.5,
    bandLowHz: 20,
    bandHighHz: 450,
    envelopeCutoffHz: 10,
    railAdc: 1,
    humHz: 50,
    humAdc: 0.02,
    motionArtefactRiseS: 0.05,
  };
  const levels =
    mode === 'raw'
      ? // ~16 mV RMS of pin noise at rest; 0.125 RMS at full effort peaks near +-0.4 and just clips.
        { baselineNoiseAdc: 0.005, activationGainAdc: 0.12 }
      : // MyoWare ENV: ~0.1 V at rest, ~2.6 V at a strong contraction (of 3.3 V).
        { baselineNoiseAdc: 0.03, activationGainAdc: 0.77 };
  return { ...common, ...levels, ...overrides };
}

export function createEmg(params: EmgParams): EmgState {
  // Start the smoother at the resting level so a simulation does not begin with a transient.
  const restingMean = params.mode === 'envelope' ? params.baselineNoiseAdc : params.baselineNoiseAdc * RECTIFIED_MEAN;
  return {
    params,
    timeS: 0,
    rng: seedRng(params.seed),
    lowPassed: 0,
    bandPassed: 0,
    smoothed1: restingMean,
    smoothed2: restingMean,
    normalisedForDtS: NaN,
    normalisingGain: 1,
    artefactAgeS: Infinity,
    artefactPeakAdc: 0,
    idealLevelAdc: params.baselineNoiseAdc,
    valueAdc: params.mode === 'envelope' ? restingMean : params.midRailAdc,
  };
}

/** One-pole low-pass coefficient for cutoff fc at step dt (exact for a sampled RC). */
function lowPassAlpha(cutoffHz: number, dtS: number): number {
  return 1 - Math.exp(-2 * Math.PI * cutoffHz * dtS);
}

/** One-pole high-pass coefficient (the RC decay per step). */
function highPassBeta(cutoffHz: number, dtS: number): number {
  return Math.exp(-2 * Math.PI * cutoffHz * dtS);
}

/**
 * RMS of the band-pass output for unit-RMS white input at this dt: the root of the impulse
 * response's energy. Its inverse keeps the output RMS independent of the sample rate.
 */
export function bandPassRms(bandLowHz: number, bandHighHz: number, dtS: number): number {
  const alpha = lowPassAlpha(bandHighHz, dtS);
  const beta = highPassBeta(bandLowHz, dtS);
  // Run until the slower (high-pass) pole has decayed by e^-15.
  const steps = Math.min(1_000_000, Math.ceil(15 / (2 * Math.PI * bandLowHz * dtS)) + 10);
  let lp = 0;
  let previousLp = 0;
  let hp = 0;
  let energy = 0;
  for (let n = 0; n < steps; n++) {
    lp += alpha * ((n === 0 ? 1 : 0) - lp);
    hp = beta * (hp + lp - previousLp);
    previousLp = lp;
    energy += hp * hp;
  }
  return Math.sqrt(energy);
}

/** The motion artefact's value `ageS` after it started. */
function artefactShape(peakAdc: number, ageS: number, riseS: number): number {
  const x = ageS / riseS;
  return peakAdc * x * Math.exp(1 - x);
}

export function stepEmg(state: EmgState, inputs: EmgInputs, dtS: number): EmgState {
  if (!(dtS > 0)) {
    if (dtS === 0) return state;
    throw new Error(`stepEmg: dtS must be positive, got ${dtS}`);
  }
  const p = state.params;
  const activation = clampAdc(inputs.activation);
  const timeS = state.timeS + dtS;

  const normalisingGain =
    dtS === state.normalisedForDtS ? state.normalisingGain : 1 / bandPassRms(p.bandLowHz, p.bandHighHz, dtS);

  const [white, rng] = gaussian(state.rng);
  const lowPassed = state.lowPassed + lowPassAlpha(p.bandHighHz, dtS) * (white - state.lowPassed);
  const bandPassed = highPassBeta(p.bandLowHz, dtS) * (state.bandPassed + lowPassed - state.lowPassed);

  const idealLevelAdc = p.baselineNoiseAdc + activation * p.activationGainAdc;
  // The envelope's parameters are mean levels: scale the RMS-1 noise so that mean(|x|) = level.
  const noiseScale = p.mode === 'envelope' ? idealLevelAdc / RECTIFIED_MEAN : idealLevelAdc;
  const muscleAdc = bandPassed * normalisingGain * noiseScale;

  const started = inputs.motionArtefactAdc !== undefined && inputs.motionArtefactAdc !== 0;
  const artefactAgeS = started ? dtS : state.artefactAgeS + dtS;
  const artefactPeakAdc = started ? (inputs.motionArtefactAdc as number) : state.artefactPeakAdc;
  const artefactAdc =
    artefactAgeS < 10 * p.motionArtefactRiseS ? artefactShape(artefactPeakAdc, artefactAgeS, p.motionArtefactRiseS) : 0;

  // The signal around mid-rail (raw) or before rectification (envelope).
  let deviationAdc: number;
  if (inputs.liftoff === 'rail') {
    deviationAdc = p.mode === 'envelope' ? p.railAdc : p.railAdc - p.midRailAdc;
  } else if (inputs.liftoff === 'flat') {
    deviationAdc = p.humAdc * Math.sin(2 * Math.PI * p.humHz * timeS);
  } else {
    deviationAdc = muscleAdc + artefactAdc;
  }

  const smoothAlpha = lowPassAlpha(p.envelopeCutoffHz * CASCADE_WIDENING, dtS);
  const smoothed1 = state.smoothed1 + smoothAlpha * (Math.abs(deviationAdc) - state.smoothed1);
  const smoothed2 = state.smoothed2 + smoothAlpha * (smoothed1 - state.smoothed2);

  const valueAdc = p.mode === 'envelope' ? clampAdc(smoothed2) : clampAdc(p.midRailAdc + deviationAdc);

  return {
    params: p,
    timeS,
    rng,
    lowPassed,
    bandPassed,
    smoothed1,
    smoothed2,
    normalisedForDtS: dtS,
    normalisingGain,
    artefactAgeS,
    artefactPeakAdc,
    idealLevelAdc,
    valueAdc,
  };
}
