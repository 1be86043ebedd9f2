// The steady-motion tick: while one EMG site drives the hand and nothing else happens, this
// replaces the full control tick. It does exactly what tickHand would do on such a tick (a
// property test holds it to that), with a fraction of the statements: on the Pico every
// statement costs ~0.15 ms, so the full tick cannot run every 40 ms while the fingers move.
//
// It only advances the two envelopes and the grip; the fingers' records catch up in
// settleSteady() before anything else reads them. The full tick sets hand.steady when the
// next ticks may run here, and any reading that would change more than this (a site switching,
// a rail, the end of travel, a finger needing more than its slew) sends the tick back to it.

import { Hand, STATE_MOVING, OPEN_GRIP } from './hand';
import { GRIP_STEPS } from './grips';

/**
 * Returns the tick function: it takes the sites' block levels and means and returns the grip
 * point the fingers must now be at (the shell writes their pulses from hand.pulses), or -1
 * when the full tick must run instead (then nothing has changed).
 */
export function createSteadyTick(hand: Hand, dtMs: number) {
  const a = hand.channels[0];
  const b = hand.channels[1];
  const c = hand.cfg.control;
  const full = c.fullSpeedPerS;
  const minF = c.minSpeedFraction;
  const steps = GRIP_STEPS;
  return function (l0: number, l1: number, m0: number, m1: number): number {
    if (!(l0 >= 0 && l0 <= 1 && l1 >= 0 && l1 <= 1 && m0 >= 0 && m0 > a.railLowAt && m0 < a.railHighAt && m1 >= 0 && m1 > b.railLowAt && m1 < b.railHighAt)) return -1;
    const e0 = a.envelope + (l0 - a.envelope) * (l0 > a.fastAt ? 1 : a.smoothing);
    const e1 = b.envelope + (l1 - b.envelope) * (l1 > b.fastAt ? 1 : b.smoothing);
    if ((a.on ? e0 < a.offAt : e0 > a.onAt) || (b.on ? e1 < b.offAt : e1 > b.onAt)) return -1;
    let x = (e0 - a.baseline) * a.perLevel;
    const f0 = x < 0 ? 0 : x > 1 ? 1 : x;
    x = (e1 - b.baseline) * b.perLevel;
    const f1 = x < 0 ? 0 : x > 1 ? 1 : x;
    // The same expressions as control.ts and moveGrip, so the grip is the same to the last bit.
    const max = hand.gripSpeedMax;
    x = full * (minF + (1 - minF) * (a.on ? f0 : f1)) * hand.speedFactor;
    x = hand.grip + ((a.on ? (x > max ? max : x) : x > max ? -max : -x) * dtMs) / 1000;
    // Squeezing on with the hand closed (or at the supervisor's limit): nothing moves, the hand stays holding.
    const top = hand.gripMax;
    if (x > top) x = top;
    const k = (x * steps + 0.5) | 0;
    const was = hand.gripStep;
    const jump = k - was;
    // The full tick takes every change of state: reaching either end, starting or stopping.
    if (x === hand.grip ? hand.state === STATE_MOVING : x <= OPEN_GRIP || x === top || hand.state !== STATE_MOVING || jump > hand.steadyJump || jump < -hand.steadyJump) return -1;
    // A finger starting or stopping on the way: the full tick staggers the starts.
    const kinks = hand.kinks;
    if (jump > 0 ? kinks[k] !== kinks[was - 1] : jump < 0 && kinks[was] !== kinks[k - 1]) return -1;
    a.envelope = e0;
    b.envelope = e1;
    a.effort = f0;
    b.effort = f1;
    hand.grip = x;
    hand.sinceStepMs = jump ? 0 : hand.sinceStepMs + dtMs;
    hand.steadyTicks++;
    return (hand.gripStep = k);
  };
}
