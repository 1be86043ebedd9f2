// "What does the EMG pin read at virtual time tS?" for a sampler running at up to ~1 kHz.
// Wraps the pure stepEmg at a fixed internal rate (so the signal does not depend on how often
// it is sampled) and holds the newest internal sample (zero-order hold, like a real ADC taking
// a snapshot). Times may only increase; each call costs a bounded number of steps.

import { EmgParams, EmgState, LiftoffKind, createEmg, emgParams, stepEmg } from './emg';

export interface LiftoffWindow {
  kind: LiftoffKind;
  fromS: number;
  /** Open-ended when absent. */
  toS?: number;
}

export interface MotionArtefactEvent {
  atS: number;
  amplitudeAdc: number;
}

export interface EmgFaultSchedule {
  liftoff?: LiftoffWindow[];
  motionArtefacts?: MotionArtefactEvent[];
}

export interface EmgSourceOptions {
  /** Generator parameters (mode, seed, levels...); the rest from emgParams' defaults for the mode. */
  params?: Partial<EmgParams>;
  /** Activation 0..1: a constant or a profile a(tS). */
  activation: number | ((tS: number) => number);
  faults?: EmgFaultSchedule;
  /** Internal generator rate; 2 kHz covers the 450 Hz band with margin. */
  internalRateHz?: number;
}

export interface EmgSource {
  /** The pin's reading (0..1) at tS; tS must not go backwards. */
  valueAt(tS: number): number;
  /** The noise-free level asked for at the last valueAt (ground truth for evaluations). */
  idealLevelAdc(): number;
}

/** A jump longer than this re-warms the generator over WARM_UP_S instead of stepping through it. */
const MAX_CATCH_UP_S = 1;
const WARM_UP_S = 0.25;

export function createEmgSource(options: EmgSourceOptions): EmgSource {
  const rateHz = options.internalRateHz ?? 2000;
  const dtS = 1 / rateHz;
  const activationAt = typeof options.activation === 'number' ? constant(options.activation) : options.activation;
  const liftoffs = options.faults?.liftoff ?? [];
  const artefacts = [...(options.faults?.motionArtefacts ?? [])].sort((a, b) => a.atS - b.atS);

  let state: EmgState = createEmg(emgParams(options.params));
  let stepIndex = 0; // internal steps done; state.valueAdc is the sample at stepIndex * dtS
  let nextArtefact = 0;
  let lastTimeS = -Infinity;

  function liftoffAt(tS: number): LiftoffKind | undefined {
    for (const w of liftoffs) if (tS >= w.fromS && (w.toS === undefined || tS < w.toS)) return w.kind;
    return undefined;
  }

  function valueAt(tS: number): number {
    if (!(tS >= lastTimeS)) throw new Error(`EmgSource.valueAt: time went backwards (${tS} s after ${lastTimeS} s)`);
    lastTimeS = tS;
    // The small epsilon keeps tS = k/rate from landing one step short through rounding.
    const targetIndex = Math.floor(tS * rateHz + 1e-9);
    if ((targetIndex - stepIndex) * dtS > MAX_CATCH_UP_S) {
      // Nothing before the last WARM_UP_S can still be visible through the band-pass and the
      // envelope (slowest pole 8 ms, envelope ~25 ms), so skip to there; the noise then differs
      // from a run without the gap, but stays deterministic for the same calls. Artefacts
      // inside the skipped part are dropped.
      stepIndex = targetIndex - Math.round(WARM_UP_S * rateHz);
      state = { ...state, timeS: stepIndex * dtS };
      while (nextArtefact < artefacts.length && artefacts[nextArtefact].atS <= stepIndex * dtS) nextArtefact++;
    }
    while (stepIndex < targetIndex) {
      stepIndex++;
      const stepTimeS = stepIndex * dtS;
      let motionArtefactAdc: number | undefined;
      // Start the artefact due by this step (of several in one step, the last one wins).
      while (nextArtefact < artefacts.length && artefacts[nextArtefact].atS <= stepTimeS) {
        motionArtefactAdc = artefacts[nextArtefact].amplitudeAdc;
        nextArtefact++;
      }
      state = stepEmg(
        state,
        { activation: activationAt(stepTimeS), liftoff: liftoffAt(stepTimeS), motionArtefactAdc },
        dtS,
      );
    }
    return state.valueAdc;
  }

  return { valueAt, idealLevelAdc: () => state.idealLevelAdc };
}

function constant(value: number): (tS: number) => number {
  return () => value;
}
