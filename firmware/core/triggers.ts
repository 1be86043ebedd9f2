// Grip-switching triggers on two EMG sites (0 flexor/close, 1 extensor/open): per-tick
// arithmetic on the on/off flags and efforts signal.ts already computed. No allocation; a tick
// where no flag changes is a few statements and counts nothing (times are kept as start times).
//
// Triggers fire only while the hand is open: co-contraction is common when bracing a load, and
// a grip switch while holding something would move fingers on it and could drop it.

export const TRIGGER_NONE = 0;
export const TRIGGER_NEXT = 1;
export const TRIGGER_DEFAULT = 2;

/** A burst longer than this is a movement, not an impulse. */
export const IMPULSE_MAX_MS = 300;

export interface GripTriggerConfig {
  /** Both sites switch on within this time of each other: next grip. 0 = off. */
  coContractionMs: number;
  /**
   * Two short bursts of the open site (1), first onset to second release within this time: next
   * grip. 0 = off. (The open site's: the flexor's bursts would close an open hand a little, and
   * no trigger fires unless the hand is open at the second release.)
   */
  doubleImpulseMs: number;
  /** The open site (1) held on this long while the hand is already open: next grip. 0 = off. */
  holdOpenMs: number;
  /** Both sites on: 'first' keeps the one that switched on first, 'stronger' (anything else) takes the larger effort. */
  arbitration: 'first' | 'stronger';
  /** Hand open and no site on this long: back to the default grip. 0 = off. */
  returnMs: number;
}

/**
 * Defaults. Co-contraction 80 ms: the window, two 40 ms ticks. Double impulse off: with
 * two sites co-contraction and hold-open already reach every grip, and two quick opening
 * corrections would switch grips by accident (700 ms is a good start when turning it on; the
 * open site by default, since its bursts cannot move an open hand). Hold-open 1.5 s: far longer
 * than an ordinary opening overshoot. Arbitration 'first': the motion the user started goes on,
 * and close efforts (crosstalk, bracing) cannot flip the direction back and forth. Return 10 s:
 * long enough not to interrupt a task, short enough to find the default grip again.
 */
export function defaultTriggerConfig(): GripTriggerConfig {
  return { coContractionMs: 80, doubleImpulseMs: 0, holdOpenMs: 1500, arbitration: 'first', returnMs: 10000 };
}

export interface TriggerState {
  /** The site that drives motion this tick: -1 none, 0 or 1. */
  driver: number;
  /**
   * false after a trigger until both sites are off: no repeats while held, and the hand does not
   * move (a grip switch must not move fingers; hand.ts moves only while armed).
   */
  armed: boolean;
  on0: boolean;
  on1: boolean;
  /**
   * A clock (the sum of dtMs) and the times things began on it, so a tick with no change
   * counts nothing: each site's onset, the first impulse's onset (NaN none), the hold of the
   * open site with the hand open (`hold`, -1 none), the quiet open hand (-1 closed; Infinity returned).
   */
  now: number;
  at0: number;
  at1: number;
  imp: number;
  hold: number;
  quietAt: number;
}

/**
 * at0, at1, imp and hold start undefined: a site's onset is set by the edge that switches it on
 * before anything reads it, hold by every edge (and a site is on only after an edge), and an
 * undefined imp is none, as NaN is.
 */
export const createTriggerState = () => ({ driver: -1, armed: true, on0: false, on1: false, now: 0, quietAt: 0 }) as TriggerState;

/** A site switched on or off. */
function edge(t: TriggerState, on0: boolean, on1: boolean, e0: number, e1: number, handOpen: boolean, now: number, cfg: GripTriggerConfig): number {
  const was0 = t.on0;
  const was1 = t.on1;
  t.on0 = on0;
  t.on1 = on1;
  if (on0 && !was0) t.at0 = now;
  if (on1 && !was1) t.at1 = now;
  const w = cfg.coContractionMs;
  // Both on now, so one just switched on: the other switched on no more than w ago (or now).
  let fire = w && on0 && on1 && now - (was0 ? t.at0 : t.at1) <= w;
  const d = cfg.doubleImpulseMs;
  if (d) {
    // The double impulse on the open site: the flexor spoils it.
    if (on0) t.imp = NaN;
    else if (was1 && !on1) {
      // A burst ended: a movement (none), the second impulse in time (fire; none), or a (new)
      // first impulse. (With none, NaN, `now - t.imp <= d` is false.)
      const at = t.at1;
      t.imp = now - at > IMPULSE_MAX_MS || (fire = now - t.imp <= d) ? NaN : at;
    }
  }
  // (TRIGGER_NEXT is 1: `+fire` below.)
  if ((fire = fire && t.armed && handOpen)) t.armed = false;
  if (!on0 && !on1) {
    t.armed = true;
    t.quietAt = handOpen ? now : -1;
  }
  t.hold = on1 && !on0 && handOpen ? now : -1;
  // One site on: that one (+on1: 0 or 1); both: by the arbitration; none: -1.
  t.driver = on0 !== on1 ? +on1 : on0 ? (cfg.arbitration === 'first' && t.driver >= 0 ? t.driver : e1 > e0 ? 1 : 0) : -1;
  return +fire;
}

/** Nothing on: only the return timer runs, and fires once until the next activity. */
function quiet(t: TriggerState, handOpen: boolean, now: number, cfg: GripTriggerConfig): number {
  if (!handOpen) t.quietAt = -1;
  else if (t.quietAt < 0) t.quietAt = now;
  else if (cfg.returnMs && now - t.quietAt >= cfg.returnMs) {
    t.quietAt = Infinity;
    return TRIGGER_DEFAULT;
  }
  return TRIGGER_NONE;
}

/**
 * One tick. `on0`/`on1` and `effort0`/`effort1` are the sites' flags and efforts (0..1),
 * `handOpen` whether the grip is at open, `dtMs` the time since the last call (pass the hand's
 * elapsedMs, so calls skipped while idle still count). Returns TRIGGER_*; read t.driver and
 * t.armed afterwards. The body is the path of a site held on as it was (every tick of a
 * motion); changes and quiet ticks call out, since Espruino reads a function's whole text.
 */
export function stepTriggers(t: TriggerState, on0: boolean, on1: boolean, effort0: number, effort1: number, handOpen: boolean, dtMs: number, cfg: GripTriggerConfig): number {
  const now = (t.now += dtMs);
  if (on0 !== t.on0 || on1 !== t.on1) return edge(t, on0, on1, effort0, effort1, handOpen, now, cfg);
  if (!on0 && !on1) return quiet(t, handOpen, now, cfg);
  if (on0 && on1) {
    if (cfg.arbitration !== 'first') t.driver = effort1 > effort0 ? 1 : 0;
  } else if (on1 && handOpen && t.armed && cfg.holdOpenMs) {
    // Hold-open (the open site held past holdOpenMs with the hand open) counts from the first
    // tick the open site is on with the hand open.
    if (t.hold < 0) t.hold = now;
    else if (now - t.hold >= cfg.holdOpenMs) {
      t.armed = false;
      return TRIGGER_NEXT;
    }
  } else t.hold = -1;
  return TRIGGER_NONE;
}
