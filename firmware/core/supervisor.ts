// The safety supervisor's slow checks, every SUPERVISE_MS on a timer of their own (never in the
// control tick): the battery (low: half speed and a red blink; critical: the hand may only
// open), a full squeeze held too long (the fingers ease off a little), and which faults are new
// (for the fault log in flash). Staggered servo starts live in fingers.ts, the host-command
// timeout in console-api.ts.

import { Hand, setGrip, faultNames, siteFaults, STATE_HOLDING } from './hand';
import { Battery, createBattery, defaultBatteryConfig, stepBattery, BatteryConfig, BATTERY_CRITICAL } from './battery';

/** Every second: the battery's level needs 2 s of readings, a squeeze is timed in minutes. */
export const SUPERVISE_MS = 1000;
/** How far a squeeze held past maxSqueezeMs eases off, along the grip. */
export const SQUEEZE_EASE = 0.05;
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
}

export function createSupervisor(hand: Hand): Supervisor {
  const c = defaultBatteryConfig();
  c.lowV = hand.cfg.battery.lowV;
  c.criticalV = hand.cfg.battery.criticalV;
  return { battery: createBattery(), batteryCfg: c, squeezeMs: 0, known: [], faultBits: 0 };
}

/**
 * One check with the battery's voltage now. Returns the faults that appeared since the last
 * check (usually none), for the log.
 */
export function supervise(hand: Hand, sup: Supervisor, volts: number): string[] {
  const b = sup.battery;
  const level = b.level;
  stepBattery(b, volts, SUPERVISE_MS, sup.batteryCfg);
  if (b.level !== level) {
    hand.speedFactor = b.speedFactor;
    // The next tick runs in full: the LED shows the new level.
    hand.busy = true;
    hand.steady = false;
  }
  // Critical: the grip may only go down from here (opening), never close again.
  if (b.openOnly) hand.gripMax = Math.min(hand.gripMax, hand.grip);
  else if (hand.grip < hand.gripMax - 2 * SQUEEZE_EASE) hand.gripMax = 1;
  const maxMs = hand.cfg.safety.maxSqueezeMs;
  if (maxMs && hand.state === STATE_HOLDING && hand.grip >= 0.98) {
    if ((sup.squeezeMs += SUPERVISE_MS) >= maxMs) {
      sup.squeezeMs = 0;
      hand.gripMax = hand.grip - SQUEEZE_EASE;
      setGrip(hand, hand.gripMax);
      hand.busy = true;
      hand.steady = false;
      hand.eased = true;
    }
  } else sup.squeezeMs = 0;
  // Names only when something changed: at rest this check is a few statements.
  // (Which site has a fault is left out: one site's fault giving way to the other's within a second is not worth the bytes.)
  const bits = hand.faults | (b.level << 2) | (hand.eased ? 16 : 0) | (siteFaults(hand) << 5);
  if (bits === sup.faultBits) return NONE;
  sup.faultBits = bits;
  const now = faultNames(hand);
  if (b.level) now.push(b.level === BATTERY_CRITICAL ? 'batteryCritical' : 'batteryLow');
  if (hand.eased) {
    hand.eased = false;
    sup.faultBits &= ~16;
    now.push('squeezeEased');
  }
  const fresh: string[] = [];
  for (let i = 0; i < now.length; i++) if (sup.known.indexOf(now[i]) < 0) fresh.push(now[i]);
  sup.known = now;
  return fresh;
}
