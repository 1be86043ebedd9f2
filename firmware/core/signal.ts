// One EMG site, from the level the sensor gives each tick to "is this muscle on, and how hard".
// Runs every busy control tick on the Pico: plain arithmetic on numbers, no allocation.

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
  // Derived from the configuration and the baseline (setChannelRange), so the tick compares
  // levels directly and divides nothing: every operation costs ~0.1 ms on the Pico.
  /** Levels that switch the site on and off again. */
  onAt: number;
  offAt: number;
  /**
   * A block past this (the on level plus the on-off band) is a contraction on its own: the
   * envelope takes it whole instead of smoothing it, so a clear rise acts a tick sooner while a
   * small one still needs the smoothing to confirm it.
   */
  fastAt: number;
  /** 1 / (maxLevel - baseline). */
  perLevel: number;
  /**
   * Block means at or past these are a rail. An envelope sensor has no low rail: its railLowAt
   * is the negative number nearest 0, so `mean > railLowAt` is `mean >= 0` (the steady tick's check).
   */
  railHighAt: number;
  railLowAt: number;
  smoothing: number;
  /** Baseline tracking rate per idle update (it adapts once every IDLE_UPDATE_MS). */
  baselineRate: number;
}

export const FAULT_SIGNAL = 1; // NaN or outside 0..1
export const FAULT_RAIL = 2; // stuck at a supply rail (shorted, disconnected with a pull, saturated)
// Found by the supervisor (supervisor.ts) from how the samples of a block spread; it clears them too.
export const FAULT_FLAT = 4; // every sample the same: a dead sensor or a cut signal wire to a pull
export const FAULT_SATURATED = 8; // raw EMG as big as the ADC's range: the amplifier clips
export const FAULT_NOISY = 16; // an envelope that jumps within a block: a floating input, lost contact

/** How often the hand does its slow upkeep (baseline, release timers, a railed raw sensor) while idle. */
export const IDLE_UPDATE_MS = 2000;

export function createEmgChannel(site: EmgSiteConfig, cfg: Config): EmgChannel {
  const dt = cfg.tickMs;
  const margin = cfg.safety.railMargin;
  const ch: EmgChannel = {
    envelope: site.restLevel,
    baseline: site.restLevel,
    maxLevel: site.maxLevel,
    effort: 0,
    on: false,
    pendingMs: 0,
    railMs: 0,
    goodMs: 0,
    faults: 0,
    onAt: 0,
    offAt: 0,
    fastAt: 0,
    perLevel: 0,
    // A raw signal lives around mid-rail, so either rail is a fault; an envelope rests near 0 V,
    // so only the top rail is (a MyoWare output pinned at 3.3 V is a lifted or shorted electrode).
    railHighAt: 1 - margin,
    railLowAt: site.signal === 'raw' ? margin : -5e-324,
    smoothing: dt / (cfg.control.smoothingMs + dt),
    baselineRate: IDLE_UPDATE_MS / (cfg.control.baselineMs + IDLE_UPDATE_MS),
  };
  setChannelRange(ch, site.restLevel, site.maxLevel, cfg);
  return ch;
}

/** Takes a new resting level and strongest contraction, and derives the thresholds from them. */
export function setChannelRange(ch: EmgChannel, baseline: number, maxLevel: number, cfg: Config): void {
  ch.baseline = baseline;
  ch.maxLevel = maxLevel;
  const span = maxLevel - baseline;
  ch.perLevel = span > 0 ? 1 / span : 0;
  // A span that calibration would never accept (max at or under rest) must never switch on.
  ch.onAt = span > 0 ? baseline + cfg.control.onLevel * span : 2;
  ch.offAt = baseline + cfg.control.offLevel * span;
  ch.fastAt = 2 * ch.onAt - ch.offAt;
}

function badInput(ch: EmgChannel): void {
  ch.railMs = 0;
  ch.faults |= FAULT_SIGNAL;
  ch.goodMs = 0;
  ch.on = false;
  ch.effort = 0;
}

function railed(ch: EmgChannel, dtMs: number, cfg: Config): void {
  if ((ch.railMs += dtMs) >= cfg.safety.railMs) ch.faults |= FAULT_RAIL;
  // A lifted electrode pinned at 3.3 V looks like the strongest contraction: never let a
  // railed reading move the hand, even before it has lasted long enough to be a fault.
  ch.on = false;
  ch.effort = 0;
  ch.pendingMs = 0;
  ch.goodMs = 0;
}

function recovering(ch: EmgChannel, level: number, dtMs: number, cfg: Config): void {
  ch.railMs = 0;
  if ((ch.goodMs += dtMs) >= cfg.safety.recoverMs) {
    // (The supervisor's faults stay until it sees the samples good again.)
    ch.faults &= ~3;
    ch.goodMs = 0;
    ch.envelope = level;
  }
  ch.on = false;
  ch.effort = 0;
}

function toggle(ch: EmgChannel, dtMs: number, cfg: Config): void {
  if ((ch.pendingMs += dtMs) >= (ch.on ? cfg.control.minOffMs : cfg.control.minOnMs)) {
    ch.on = !ch.on;
    ch.pendingMs = 0;
  }
}

/**
 * Feeds one reading. `level` is the block level (envelope mean, or RMS for raw), `mean` the
 * block mean (for rail detection), `dtMs` the time since the last call. `idleUpdate` marks the
 * once-a-second upkeep call while the hand is at rest: only then does the baseline adapt.
 * Read `on`, `effort` and `faults` afterwards. Rare cases are functions of their own: Espruino
 * reads skipped source text too, so the common path is kept short.
 */
export function updateEmgChannel(ch: EmgChannel, level: number, mean: number, dtMs: number, idleUpdate: boolean, cfg: Config): void {
  // NaN fails every comparison, so this one test catches NaN, Infinity and out-of-range values.
  if (!(level >= 0 && level <= 1 && mean >= 0 && mean <= 1)) badInput(ch);
  else if (mean >= ch.railHighAt || mean <= ch.railLowAt) railed(ch, dtMs, cfg);
  else if (ch.faults) recovering(ch, level, dtMs, cfg);
  else {
    const env = (ch.envelope += (level - ch.envelope) * (level > ch.fastAt ? 1 : ch.smoothing));
    const effort = (env - ch.baseline) * ch.perLevel;
    ch.effort = effort < 0 ? 0 : effort > 1 ? 1 : effort;
    ch.railMs = 0;
    // Hysteresis with minimum times: a switch needs the signal past the far threshold for a while.
    if (ch.on ? env < ch.offAt : env > ch.onAt) toggle(ch, dtMs, cfg);
    else ch.pendingMs = 0;
    // Follow slow drift (sweat, electrode settling) only while the muscle is clearly relaxed.
    if (idleUpdate && env < ch.offAt) setChannelRange(ch, ch.baseline + (env - ch.baseline) * ch.baselineRate, ch.maxLevel, cfg);
  }
}
