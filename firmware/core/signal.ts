// One EMG site, from the level the sensor gives each tick to "is this muscle on, and how hard".
// Runs every control tick on the Pico: plain arithmetic on numbers, no allocation, no calls.

import { Config, EmgSiteConfig } from '../config/types';

export interface EmgChannel {
  /** Smoothed level, 0..1 of the ADC range. */
  envelope: number;
  /** Resting level; follows slow drift only while the muscle is off. */
  baseline: number;
  /** The user's strongest contraction (calibration). */
  maxLevel: number;
  /** 0..1 of the user's range (rest..max). */
  effort: number;
  on: boolean;
  /** How long the signal has been past the opposite threshold, towards a switch. */
  pendingMs: number;
  /** How long the block mean has sat at a rail. */
  railMs: number;
  /** How long the signal has been good, while a fault is active. */
  goodMs: number;
  /** Bit set of FAULT_* for this site. */
  faults: number;
  /** Last tick's input was unusable (NaN, outside 0..1). */
  badInput: boolean;
  // Tick constants derived from the configuration once, so the tick does no division.
  smoothing: number;
  baselineRate: number;
  signalIsRaw: boolean;
}

export const FAULT_SIGNAL = 1; // NaN or outside 0..1
export const FAULT_RAIL = 2; // stuck at a supply rail (shorted, disconnected with a pull, saturated)

export function createEmgChannel(site: EmgSiteConfig, cfg: Config): EmgChannel {
  const dt = cfg.tickMs;
  return {
    envelope: site.restLevel,
    baseline: site.restLevel,
    maxLevel: site.maxLevel,
    effort: 0,
    on: false,
    pendingMs: 0,
    railMs: 0,
    goodMs: 0,
    faults: 0,
    badInput: false,
    smoothing: dt / (cfg.control.smoothingMs + dt),
    baselineRate: dt / (cfg.control.baselineMs + dt),
    signalIsRaw: site.signal === 'raw',
  };
}

/**
 * Feeds one tick's sensor reading. `level` is the block level (envelope mean, or RMS for raw),
 * `mean` the block mean (for rail detection), `handStill` whether the hand is at rest so the
 * baseline may adapt. Returns nothing; read `on`, `effort` and `faults`.
 */
export function updateEmgChannel(ch: EmgChannel, level: number, mean: number, handStill: boolean, cfg: Config): void {
  const c = cfg.control;
  const s = cfg.safety;
  const dt = cfg.tickMs;
  // NaN fails every comparison, so this one test catches NaN, Infinity and out-of-range values.
  if (!(level >= 0 && level <= 1 && mean >= 0 && mean <= 1)) {
    ch.railMs = 0;
    ch.badInput = true;
    ch.faults |= FAULT_SIGNAL;
    ch.goodMs = 0;
    ch.on = false;
    ch.effort = 0;
    return;
  }
  ch.badInput = false;
  // A raw signal lives around mid-rail, so either rail is a fault; an envelope rests near 0 V,
  // so only the top rail is (a MyoWare output pinned at 3.3 V is a lifted or shorted electrode).
  const atRail = mean >= 1 - s.railMargin || (ch.signalIsRaw && mean <= s.railMargin);
  if (atRail) {
    ch.railMs += dt;
    if (ch.railMs >= s.railMs) ch.faults |= FAULT_RAIL;
    // A lifted electrode pinned at 3.3 V looks like the strongest contraction: never let a
    // railed reading move the hand, even before it has lasted long enough to be a fault.
    ch.on = false;
    ch.effort = 0;
    ch.pendingMs = 0;
    ch.goodMs = 0;
    return;
  }
  ch.railMs = 0;

  if (ch.faults) {
    if ((ch.goodMs += dt) >= s.recoverMs) {
      ch.faults = 0;
      ch.goodMs = 0;
      ch.envelope = level;
    }
    ch.on = false;
    ch.effort = 0;
    return;
  }

  const env = (ch.envelope += (level - ch.envelope) * ch.smoothing);
  const span = ch.maxLevel - ch.baseline;
  let effort = span > 0 ? (env - ch.baseline) / span : 0;
  effort = effort < 0 ? 0 : effort > 1 ? 1 : effort;
  ch.effort = effort;

  // Hysteresis with minimum times: a switch needs the signal past the far threshold for a while.
  if (ch.on ? effort < c.offLevel : effort > c.onLevel) {
    if ((ch.pendingMs += dt) >= (ch.on ? c.minOffMs : c.minOnMs)) {
      ch.on = !ch.on;
      ch.pendingMs = 0;
    }
  } else ch.pendingMs = 0;

  // Follow slow drift (sweat, electrode settling) only while the muscle is clearly relaxed.
  if (handStill && !ch.on && effort < c.offLevel) ch.baseline += (env - ch.baseline) * ch.baselineRate;
}
