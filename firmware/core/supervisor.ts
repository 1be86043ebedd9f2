// The safety supervisor's slow checks, about once a second (the shell runs them from its full
// tick: every SUPERVISE_MS while the hand is busy, with the idle upkeep at rest): the battery
// (low: half speed and a red blink; critical: the hand may only open), a full squeeze held too
// long (the fingers ease off a little), a finger stalled against something (its flex sensor lags
// its command: the grip backs off), the EMG sensors' samples (flat, clipping, noisy), and which
// faults are new (for the fault log in flash). Staggered servo starts live in fingers.ts, the
// host-command timeout in console-api.ts.

import { Hand, setGrip, faultNames, siteFaults, flexBend, STATE_HOLDING, GRIP_WIDTH } from './hand';
import { GRIP_STEPS } from './grips';
import { FAULT_FLAT, FAULT_NOISY, FAULT_SATURATED } from './signal';
import { Battery, createBattery, stepBattery, BatteryConfig, BATTERY_CRITICAL } from './battery';

/** At most this often: the battery's level needs 2 s of readings, a squeeze is timed in minutes. */
export const SUPERVISE_MS = 1000;
/** How far a squeeze held past maxSqueezeMs eases off, along the grip. */
export const SQUEEZE_EASE = 0.05;
/**
 * Flex feedback: a finger still for this long, driven this far (of its stroke) past where its
 * sensor says it is, is pushing against something. More than flex noise, and than a free servo
 * lags its command (it catches up within ~0.2 s).
 */
export const STALL_STILL_MS = 300;
export const STALL_GAP = 0.15;
/**
 * What a block's samples say about the sensor, from their spread (standard deviation) and mean,
 * 0..1 of the ADC range:
 * - FLAT_SPREAD (2 ADC steps): nothing but the ADC's own noise. Raw EMG always carries the
 *   amplifier's noise, so that is a dead amplifier or a lead off; an envelope sensor rests on
 *   a small level, so only at 0 V too (under FLAT_MEAN): the sensor is off or unplugged;
 * - SATURATED_SPREAD: raw EMG as wide as the ADC's range clips (a full-range sine has 0.35);
 * - an envelope is smooth by design: one that spreads past NOISY_SPREAD and half its own level
 *   within a block is a floating input or mains hum, not a muscle.
 */
export const FLAT_SPREAD = 0.0005;
export const FLAT_MEAN = 0.005;
export const SATURATED_SPREAD = 0.3;
export const NOISY_SPREAD = 0.05;
/** What most checks return: no new fault. */
const NONE: string[] = [];

export interface Supervisor {
  battery: Battery;
  batteryCfg: BatteryConfig;
  /** How long the hand has been holding fully closed. */
  squeezeMs: number;
  /** The fault names at the last check, to find the new ones, and a cheap summary of them. */
  known: string[];
  faultBits: number;
  /** How long a finger has pushed past its flex reading (-1: none at the last check). */
  stallMs: number;
  /** Per site, the sample faults the last check saw (they count once two checks in a row agree). */
  suspect: number[];
}

export function createSupervisor(hand: Hand): Supervisor {
  // (The configuration's battery section has the two levels stepBattery reads.)
  return { battery: createBattery(), batteryCfg: hand.cfg.battery, squeezeMs: 0, known: [], faultBits: 0, stallMs: -1, suspect: [0, 0] };
}

/** Backs the grip off to `max` and keeps it there until the hand opens. */
function ease(hand: Hand, max: number): void {
  hand.gripMax = max;
  setGrip(hand, hand.gripMax);
  hand.busy = true;
  hand.steady = false;
}

/**
 * Stall detection with flex feedback: `flex` holds each finger's sensor reading. A finger that
 * is still and held more than STALL_GAP past where its sensor says it is (hand.ts flexBend), at
 * two checks stallMs apart or more, is pushing against something: the grip backs off along its
 * curve to the last point where every such finger still reaches where it is (one step of
 * the curve past it at most: a hobby servo pushes in proportion to how far it is held past
 * where it stands), and stays there until the hand opens: it keeps a light hold. (Mode flex-mirror has its sensors on a
 * glove: no feedback.)
 */
function checkStall(hand: Hand, sup: Supervisor, flex: number[], sinceMs: number): void {
  const list = hand.fingers.list;
  let k = hand.gripStep;
  for (let i = 0; i < list.length; i++) {
    const f = list[i];
    // Where its sensor says it is (NaN, from a sensor gone mad, fails every test).
    const is = flexBend(hand, i, flex[i]);
    // Pushing: back to the grip's lowest point where this finger still reaches where it is.
    if (f.pulseUs && hand.uptimeMs - f.movedAtMs >= STALL_STILL_MS && f.position - is > STALL_GAP) while (k > 0 && hand.curve[i * GRIP_WIDTH + k - 1] >= is) k--;
  }
  if (k === hand.gripStep) sup.stallMs = -1;
  else if ((sup.stallMs = sup.stallMs < 0 ? 0 : sup.stallMs + sinceMs) >= hand.cfg.safety.stallMs) {
    sup.stallMs = -1;
    ease(hand, k / GRIP_STEPS);
    hand.stalled = true;
  }
}

/**
 * The EMG sites' samples, from each site's block `spread` and `mean` (see FLAT_SPREAD). A
 * fault counts when two checks in a row see it (a block that catches a contraction's onset
 * spreads like noise), and clears at the first that does not. (A sensor at a rail is flat
 * too: that is the rail fault's, signal.ts.)
 */
function checkSamples(hand: Hand, sup: Supervisor, spread: number[], mean: number[]): void {
  for (let i = 0; i < hand.channels.length; i++) {
    const ch = hand.channels[i];
    const s = spread[i];
    const m = mean[i];
    // (railLowAt is below 0 for an envelope sensor.)
    const raw = ch.railLowAt >= 0;
    const seen =
      ch.railMs
        ? 0
        : s < FLAT_SPREAD && (raw || m < FLAT_MEAN)
          ? FAULT_FLAT
          : raw
            ? s >= SATURATED_SPREAD
              ? FAULT_SATURATED
              : 0
            : s > NOISY_SPREAD && s > m / 2
              ? FAULT_NOISY
              : 0;
    const faults = (ch.faults & 3) | (seen & sup.suspect[i]);
    // The next tick runs in full: the state and the LED show it.
    if (faults !== ch.faults) hand.busy = true;
    ch.faults = faults;
    sup.suspect[i] = seen;
  }
}

/**
 * One check with the battery's voltage now, `sinceMs` after the last one; `spread` and `mean`
 * for checkSamples and, when flex feedback is on, `flex` for checkStall (else null). Returns the
 * faults that appeared since the last check (usually none), for the log.
 */
export function supervise(hand: Hand, sup: Supervisor, volts: number, sinceMs: number, spread: number[], mean: number[], flex: number[] | null): string[] {
  const b = sup.battery;
  const level = b.level;
  stepBattery(b, volts, sinceMs, sup.batteryCfg);
  if (b.level !== level) {
    hand.speedFactor = b.speedFactor;
    // The next tick runs in full: the LED shows the new level.
    hand.busy = true;
    hand.steady = false;
  }
  // Critical: the grip may only go down from here (opening), never close again.
  if (b.openOnly) hand.gripMax = Math.min(hand.gripMax, hand.grip);
  // A limit lasts until the hand opens (past it, or fully: a critical battery caps an open hand at 0).
  else if (hand.grip < hand.gripMax - 2 * SQUEEZE_EASE || !hand.grip) hand.gripMax = 1;
  const maxMs = hand.cfg.safety.maxSqueezeMs;
  if (maxMs && hand.state === STATE_HOLDING && hand.grip >= 0.98) {
    if ((sup.squeezeMs += sinceMs) >= maxMs) {
      sup.squeezeMs = 0;
      ease(hand, hand.grip - SQUEEZE_EASE);
      hand.eased = true;
    }
  } else sup.squeezeMs = 0;
  if (flex && hand.grip > 0) checkStall(hand, sup, flex, sinceMs);
  checkSamples(hand, sup, spread, mean);
  // Names only when something changed: at rest this check is a few statements.
  // (Which site has a fault is left out: one site's fault giving way to the other's within a second is not worth the bytes.)
  const bits = hand.faults | (b.level << 2) | (hand.eased ? 16 : 0) | (hand.stalled ? 32 : 0) | (siteFaults(hand) << 6);
  if (bits === sup.faultBits) return NONE;
  sup.faultBits = bits;
  const now = faultNames(hand);
  if (b.level) now.push(b.level === BATTERY_CRITICAL ? 'batteryCritical' : 'batteryLow');
  if (hand.eased) {
    hand.eased = false;
    sup.faultBits &= ~16;
    now.push('squeezeEased');
  }
  if (hand.stalled) {
    hand.stalled = false;
    sup.faultBits &= ~32;
    now.push('fingerStalled');
  }
  const fresh: string[] = [];
  for (let i = 0; i < now.length; i++) if (sup.known.indexOf(now[i]) < 0) fresh.push(now[i]);
  sup.known = now;
  return fresh;
}
