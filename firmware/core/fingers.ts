// Finger positions to servo pulses: slew-limited, never outside the configured pulse range,
// and released (no pulses) after a still period so idle servos neither buzz nor heat.

import { Config, FingerConfig } from '../config/types';

/** A finger still this long is starting when it moves (slow motion steps a finger every few ticks: not a start). */
export const START_QUIET_MS = 200;

export interface Finger {
  /** Where the finger is being driven, 0 open .. 1 closed. */
  position: number;
  /** Where it should go. */
  target: number;
  /** The pulse the servo should get; 0 means released (no pulses). */
  pulseUs: number;
  /** How long the finger has been still, towards releasing it. */
  stillMs: number;
  /** When it last moved (the hand's uptime): still for START_QUIET_MS, moving again is a start (its servo's inrush current). */
  movedAtMs: number;
  // Derived once from the configuration.
  stepPerMs: number;
  openPulseUs: number;
  /** closedPulseUs - openPulseUs (negative for an inverted servo). */
  strokeUs: number;
  minPulseUs: number;
  maxPulseUs: number;
}

export interface FingerSet {
  list: Finger[];
  /** Pulses changed since the shell last wrote them out (it resets this to 0). */
  changed: number;
  /**
   * Some finger is moving or waiting to be released. False when every finger is where it should
   * be and pulsing (holding) or released: then the tick does not look at the fingers at all.
   * Whoever sets a target sets it true (setTarget).
   */
  active: boolean;
}

export function createFinger(f: FingerConfig): Finger {
  const open = f.inverted ? f.maxPulseUs : f.minPulseUs;
  const closed = f.inverted ? f.minPulseUs : f.maxPulseUs;
  return {
    position: 0,
    target: 0,
    pulseUs: 0,
    stillMs: 0,
    movedAtMs: -START_QUIET_MS,
    stepPerMs: f.maxSpeedPerS / 1000,
    openPulseUs: open,
    strokeUs: closed - open,
    minPulseUs: f.minPulseUs,
    maxPulseUs: f.maxPulseUs,
  };
}

/** Takes new pulse limits and speed (a jog, a new configuration) and keeps the finger where it is. */
export function retuneFinger(f: Finger, c: FingerConfig): void {
  const n = createFinger(c);
  f.stepPerMs = n.stepPerMs;
  f.openPulseUs = n.openPulseUs;
  f.strokeUs = n.strokeUs;
  f.minPulseUs = n.minPulseUs;
  f.maxPulseUs = n.maxPulseUs;
  // A driven finger moves to its position's new pulse now; a released one stays released.
  if (f.pulseUs) f.pulseUs = pulseForPosition(f, f.position);
}

/** The pulse for a position, clamped to the finger's range whatever the position holds. */
export function pulseForPosition(f: Finger, position: number): number {
  const us = Math.round(f.openPulseUs + f.strokeUs * position);
  // A NaN position must not reach the servo: fall back to the open pulse.
  if (us !== us) return f.openPulseUs;
  return us < f.minPulseUs ? f.minPulseUs : us > f.maxPulseUs ? f.maxPulseUs : us;
}

/**
 * Moves each finger toward its target by at most its speed limit over one tick (`dtMs`), and
 * decides its pulse; `elapsedMs` (time since the last call, longer after idle) times releases:
 * the new pulse when it moves, 0 (released) when it has been still past the release time.
 * `holding` says whether the hand is gripping (then release only if configured); `nowMs` is the
 * hand's uptime (without it nothing counts as a start). At most
 * safety.maxStarts fingers start moving in one tick; the others wait a tick (servo inrush
 * currents add up: five starting at once can brown the board out).
 * Returns how many fingers moved; adds to `set.changed` how many pulses changed, so the shell
 * touches the servo outputs only on ticks that changed something.
 */
export function stepFingers(set: FingerSet, dtMs: number, elapsedMs: number, holding: boolean, cfg: Config, nowMs?: number): number {
  const fingers = set.list;
  const releaseMs = cfg.servo.releaseAfterMs;
  const mayRelease = releaseMs > 0 && (!holding || cfg.servo.releaseWhenHolding);
  let moving = 0;
  let waiting = 0;
  let released = 0;
  let starts = cfg.safety.maxStarts;
  for (let i = 0; i < fingers.length; i++) {
    const f = fingers[i];
    const d = f.target - f.position;
    const starting = (nowMs as number) - f.movedAtMs >= START_QUIET_MS;
    if (d && starting && starts <= 0) waiting++;
    else if (d) {
      if (starting) starts--;
      // One slew-limited step. Targets are clamped numbers (setFingerTarget, setGrip), so p is
      // within 0..1; the clamp is the last guard for the servo all the same. `| 0` rounds a
      // positive pulse, cheaper than Math.round.
      const step = f.stepPerMs * dtMs;
      const p = (f.position = d > step ? f.position + step : d < -step ? f.position - step : f.target);
      const us = (f.openPulseUs + f.strokeUs * p + 0.5) | 0;
      f.pulseUs = us < f.minPulseUs ? f.minPulseUs : us > f.maxPulseUs ? f.maxPulseUs : us;
      f.stillMs = 0;
      f.movedAtMs = nowMs as number;
      moving++;
    } else if (f.pulseUs && mayRelease) {
      if ((f.stillMs += elapsedMs) >= releaseMs) {
        f.pulseUs = 0;
        released++;
      } else waiting++;
    }
  }
  set.changed += moving + released;
  set.active = moving + waiting > 0;
  return moving;
}

/** Sets a target, clamped to 0..1; anything not a number leaves the target as it was. */
export function setFingerTarget(f: Finger, position: number): boolean {
  if (!(position >= 0 || position < 0)) return false;
  f.target = position < 0 ? 0 : position > 1 ? 1 : position;
  f.stillMs = 0;
  return true;
}
