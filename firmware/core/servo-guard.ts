// Servo protection: a stalled finger stops pushing, a finger does not squeeze hard for ever, and
// only a few servos start in the same PWM period (their inrush adds up and browns out the board).
// stepServoGuard looks every few hundred ms and caps fingers; holdCaps keeps the caps every tick
// (only while there are any). Targets are edited in place, only ever more open; no allocation.

import { Finger, FingerSet } from './fingers';

export interface ServoGuardConfig {
  /** A finger commanded this far (0..1 of its stroke) past its flex reading, while closing, is blocked... */
  stallGap: number;
  /** ...once that lasts this long; and supply current over stallCurrentA this long is a stall too. */
  stallMs: number;
  stallCurrentA: number;
  /** How far a guarded finger backs off (fraction of its stroke). */
  backOff: number;
  /** Driven at or past this position (or, with current sense, current over highForceA)... */
  highForceAt: number;
  highForceA: number;
  /** ...this long (one timer for the hand), the fingers at high force back off by backOff. */
  maxHighForceMs: number;
  /** Servos that may start moving in one 20 ms PWM period. */
  maxStartsPer20Ms: number;
}

/**
 * stallGap 0.15: more than flex noise and than a free servo lags its command at full speed
 * (it catches up within ~0.2 s, well inside stallMs 500). Currents are for the whole servo
 * supply of five micro servos (~1 A each stalled, ~0.2 A moving freely); set them for yours.
 */
export function defaultServoGuardConfig(): ServoGuardConfig {
  return { stallGap: 0.15, stallMs: 500, stallCurrentA: 2, backOff: 0.05, highForceAt: 0.9, highForceA: 1, maxHighForceMs: 60000, maxStartsPer20Ms: 2 };
}

export interface ServoGuard {
  /** Bit per finger: its target may not exceed cap[i] (holdCaps), until it is commanded open past it. */
  capped: number;
  cap: Float64Array;
  /** Bit per finger: capped by a stall (capped without this bit: held hard too long). */
  stalled: number;
  /** Per finger: how long it has pushed past its flex reading; `pushing`: the bits of those timing. */
  gapMs: Float64Array;
  pushing: number;
  /** How long the supply current has been over stallCurrentA. */
  ampsMs: number;
  /** How long some finger has been at high force (one timer for the hand: never later for any finger). */
  highMs: number;
  /** A stall is being timed: call stepServoGuard again soon, even if the hand is idle. */
  busy: boolean;
}

export function createServoGuard(fingers: number): ServoGuard {
  return { capped: 0, cap: new Float64Array(fingers), stalled: 0, gapMs: new Float64Array(fingers), pushing: 0, ampsMs: 0, highMs: 0, busy: false };
}

/**
 * Every tick while `g.capped` is not 0 (test it inline: the call costs more than the test), after
 * anything that sets targets and before the fingers step: keeps each capped finger at or under
 * its cap. A target under the cap (or 0, open) lifts the cap: the user opened the hand.
 */
export function holdCaps(g: ServoGuard, set: FingerSet): void {
  const list = set.list;
  for (let i = 0, bits = g.capped; bits; i++, bits >>= 1) {
    if (bits & 1) {
      const f = list[i];
      const c = g.cap[i];
      if (f.target < c || f.target <= 0) {
        g.capped &= ~(1 << i);
        g.stalled &= ~(1 << i);
      } else if (f.target > c) {
        f.target = c;
        set.active = true;
      }
    }
  }
}

/** Caps a finger at its flex reading, and at least backOff under where it is driven. */
function backOff(g: ServoGuard, f: Finger, i: number, m: number, cfg: ServoGuardConfig): void {
  let c = f.position - cfg.backOff;
  if (m >= 0 && m < c) c = m;
  if (!(c > 0)) c = 0;
  if (!((g.capped >> i) & 1) || c < g.cap[i]) g.cap[i] = c;
  g.capped |= 1 << i;
}

/** Stall timers: some finger pushes past its flex reading, or current flows, or was timing. */
function findStalls(g: ServoGuard, set: FingerSet, measured: number[], amps: number, pushing: number, dtMs: number, cfg: ServoGuardConfig): number {
  const list = set.list;
  let overload = false;
  // Infinity is a broken sensor, not a current.
  if (amps > cfg.stallCurrentA && amps < Infinity) {
    if ((g.ampsMs += dtMs) >= cfg.stallMs) {
      // The supply cannot say which servo: every finger pushing closed backs off.
      overload = true;
      g.ampsMs = 0;
    }
  } else g.ampsMs = 0;
  let backed = 0;
  g.pushing = 0;
  for (let i = 0; i < list.length; i++) {
    const f = list[i];
    const p = f.position;
    const t = f.target;
    const m = measured[i];
    const bit = 1 << i;
    let stall = overload && p > 0 && t >= p;
    // Closing (or holding closed) past a plausible reading.
    if (pushing & bit && m >= 0 && t >= p) {
      if ((g.gapMs[i] += dtMs) >= cfg.stallMs) stall = true;
      else g.pushing |= bit;
    } else g.gapMs[i] = 0;
    if (stall) {
      g.gapMs[i] = 0;
      g.stalled |= bit;
      backOff(g, f, i, m, cfg);
      backed |= bit;
    }
  }
  g.busy = g.pushing > 0 || g.ampsMs > 0;
  return backed;
}

/** Held hard too long: the fingers at high force back off by backOff. */
function holdLimit(g: ServoGuard, set: FingerSet, high: number, hard: boolean, cfg: ServoGuardConfig): number {
  let backed = 0;
  for (let i = 0; i < set.list.length; i++) {
    const f = set.list[i];
    if ((high >> i) & 1 || (hard && f.position > 0 && f.target >= f.position)) {
      backOff(g, f, i, NaN, cfg);
      backed |= 1 << i;
    }
  }
  return backed;
}

/**
 * Occasional (every 100-250 ms, and on the idle upkeep; not every tick): `measured` per finger is
 * its flex reading as a position (NaN, or anything outside 0..1, when absent), `amps` the servo
 * supply current (NaN without a sensor), `dtMs` the time since the previous call. Caps (and
 * lowers) the targets of fingers that stall or have squeezed hard too long; returns their bits
 * (0 almost always): log them. The common case is one short loop; the rest is in functions.
 */
export function stepServoGuard(g: ServoGuard, set: FingerSet, measured: number[], amps: number, dtMs: number, cfg: ServoGuardConfig): number {
  const list = set.list;
  const gap = cfg.stallGap;
  const hiAt = cfg.highForceAt;
  let pushing = 0;
  let high = 0;
  for (let i = 0; i < list.length; i++) {
    const p = list[i].position;
    if (p - measured[i] > gap) pushing |= 1 << i;
    if (p >= hiAt) high |= 1 << i;
  }
  let backed = 0;
  if (pushing | g.pushing || g.ampsMs || amps > cfg.stallCurrentA) backed = findStalls(g, set, measured, amps, pushing, dtMs, cfg);
  // With current sense, a hard squeeze anywhere in the stroke counts too.
  const hard = amps > cfg.highForceA && amps < Infinity;
  if (high || hard) {
    if ((g.highMs += dtMs) >= cfg.maxHighForceMs) {
      g.highMs = 0;
      backed |= holdLimit(g, set, high, hard, cfg);
    }
  } else g.highMs = 0;
  if (backed) holdCaps(g, set);
  return backed;
}

/**
 * Staggered starts. `wanting`: bits of the fingers that were still and now have somewhere to go;
 * returns the first maxStartsPer20Ms of them: these may start this tick; hold the others still
 * and offer them again next tick. Every pulse a tick writes reaches the servos in the same 20 ms
 * PWM period, and a tick is 20-100 ms (the schema), so each tick is one window: with the 40 ms
 * tick a pair starts every 40 ms, each pair's ~50 ms inrush mostly over before the next.
 */
export function staggerStarts(wanting: number, cfg: ServoGuardConfig): number {
  let go = 0;
  for (let i = 0, n = cfg.maxStartsPer20Ms; wanting >> i && n; i++) {
    if ((wanting >> i) & 1) {
      go |= 1 << i;
      n--;
    }
  }
  return go;
}
