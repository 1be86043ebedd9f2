// One EMG electrode site as its ADC pin sees it, driven live: the generator of
// sim/models/emg.ts stepped on a fixed internal grid (so the signal does not depend on how often
// the firmware samples it), with an activation that can change at any moment (a level or a
// ramp), electrode lift-off and motion artefacts switched on and off while it runs, and replay
// of a recorded channel that takes the pin over for its duration.
//
// Unlike createEmgSource (sim/models/emgSource.ts), whose faults are a schedule fixed up front,
// everything here is an input set at the current time: the engine does not know the future.

import { EmgMode, EmgState, LiftoffKind, createEmg, emgParams, stepEmg, EmgParams } from '../models/emg';

/** An activation that holds `from` until t0S, moves linearly to `to` at t1S, then holds. */
export interface EffortRamp {
  from: number;
  to: number;
  t0S: number;
  t1S: number;
}

export interface ReplayTrack {
  /** Pin readings 0..1 at rateHz, starting at startS (virtual time). */
  adc: Float32Array;
  rateHz: number;
  startS: number;
  loop: boolean;
  label: string;
}

const MAX_CATCH_UP_S = 1;
const WARM_UP_S = 0.25;

export class EmgChannel {
  private state: EmgState;
  private readonly dtS: number;
  private readonly rateHz: number;
  private stepIndex = 0;
  private lastTimeS = 0;
  private lastValue: number;
  private ramp: EffortRamp = { from: 0, to: 0, t0S: 0, t1S: 0 };
  /** Pending motion artefacts (start time, peak), in time order. */
  private artefacts: { atS: number; peakAdc: number }[] = [];
  liftoff: LiftoffKind | undefined;
  replayTrack: ReplayTrack | undefined;

  constructor(
    readonly mode: EmgMode,
    seed: number,
    params: Partial<EmgParams> = {},
    internalRateHz = 2000,
  ) {
    this.state = createEmg(emgParams({ ...params, mode, seed }));
    this.rateHz = internalRateHz;
    this.dtS = 1 / internalRateHz;
    this.lastValue = this.state.valueAdc;
  }

  /** The activation asked for at tS (0..1). */
  activationAt(tS: number): number {
    const r = this.ramp;
    if (tS >= r.t1S) return r.to;
    if (tS <= r.t0S) return r.from;
    return r.from + ((tS - r.t0S) / (r.t1S - r.t0S)) * (r.to - r.from);
  }

  /** Move the activation to `level` starting now (nowS), linearly over rampS (0 = a step). */
  setEffort(level: number, nowS: number, rampS = 0): void {
    const from = this.activationAt(nowS);
    const to = Math.min(1, Math.max(0, level));
    this.ramp = rampS > 0 ? { from, to, t0S: nowS, t1S: nowS + rampS } : { from: to, to, t0S: nowS, t1S: nowS };
  }

  /** The level the ramp is heading for. */
  targetEffort(): number {
    return this.ramp.to;
  }

  addArtefact(atS: number, peakAdc: number): void {
    this.artefacts.push({ atS, peakAdc });
    this.artefacts.sort((a, b) => a.atS - b.atS);
  }

  replayActiveAt(tS: number): boolean {
    const r = this.replayTrack;
    if (!r || tS < r.startS) return false;
    return r.loop || (tS - r.startS) * r.rateHz < r.adc.length;
  }

  /** The pin reading at tS. Times must not go backwards (an earlier time gets the last value). */
  valueAt(tS: number): number {
    if (!(tS >= this.lastTimeS)) return this.lastValue;
    this.lastTimeS = tS;
    const generated = this.generate(tS);
    let v = generated;
    const r = this.replayTrack;
    if (r && this.liftoff === undefined && tS >= r.startS) {
      let k = Math.floor((tS - r.startS) * r.rateHz + 1e-9);
      if (r.loop) k %= r.adc.length;
      if (k < r.adc.length) v = r.adc[k];
      else this.replayTrack = undefined; // finished
    }
    this.lastValue = v;
    return v;
  }

  /** The noise-free level the generator was asked for at the last sample (ground truth). */
  idealLevelAdc(): number {
    return this.state.idealLevelAdc;
  }

  private generate(tS: number): number {
    const targetIndex = Math.floor(tS * this.rateHz + 1e-9);
    if ((targetIndex - this.stepIndex) * this.dtS > MAX_CATCH_UP_S) {
      // Nothing older than WARM_UP_S is visible through the filters any more: skip to there.
      this.stepIndex = targetIndex - Math.round(WARM_UP_S * this.rateHz);
      this.state = { ...this.state, timeS: this.stepIndex * this.dtS };
      const skipTo = this.stepIndex * this.dtS;
      while (this.artefacts.length && this.artefacts[0].atS <= skipTo) this.artefacts.shift();
    }
    let state = this.state;
    const dtS = this.dtS;
    const liftoff = this.liftoff;
    while (this.stepIndex < targetIndex) {
      this.stepIndex++;
      const stepTimeS = this.stepIndex * dtS;
      let motionArtefactAdc: number | undefined;
      while (this.artefacts.length && this.artefacts[0].atS <= stepTimeS) motionArtefactAdc = this.artefacts.shift()!.peakAdc;
      state = stepEmg(state, { activation: this.activationAt(stepTimeS), liftoff, motionArtefactAdc }, dtS);
    }
    this.state = state;
    return state.valueAdc;
  }
}

export type { LiftoffKind };
