// The steady-motion tick: while one EMG site drives the hand and nothing else happens, this
// replaces the full control tick. It does exactly what tickHand would do on such a tick (a
// property test holds it to that), with a fraction of the statements: on the Pico every
// statement costs ~0.15 ms, so the full tick cannot run every 40 ms while the fingers move.
//
// It only advances the two envelopes and the grip; the fingers' records catch up in
// settleSteady() before anything else reads them. The full tick sets hand.steady when the
// next ticks may run here, and any reading that would change more than this (a site switching,
// a rail, the end of travel, a finger needing more than its slew) sends the tick back to it.

import { Hand, STATE_MOVING } from './hand';
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
  const rest = 1 - minF;
  const steps = GRIP_STEPS;
  const floor = hand.steadyFloor;
  return function (l0: number, l1: number, m0: number, m1: number): number {
    // Each site's block mean within its rails. That is all the full tick's checks come to here:
    // the HAL's levels are within 0..1 by construction (an envelope's level is its mean, which
    // `> railLowAt` keeps at or above 0; a raw site's is an RMS, at most 0.5), and NaN fails.
    if (!(m0 > a.railLowAt && m0 < a.railHighAt && m1 > b.railLowAt && m1 < b.railHighAt)) return -1;
    const e0 = a.envelope + (l0 - a.envelope) * (l0 > a.fastAt ? 1 : a.smoothing);
    const e1 = b.envelope + (l1 - b.envelope) * (l1 > b.fastAt ? 1 : b.smoothing);
    // Exactly one site is on (steadyMotion): it must stay on and the other off.
    const on = a.on;
    if (on ? e0 < a.offAt || e1 > b.onAt : e0 > a.onAt || e1 < b.offAt) return -1;
    // The driver's effort; both efforts are worked out again in settleSteady, from the envelopes.
    const d = on ? a : b;
    let x = ((on ? e0 : e1) - d.baseline) * d.perLevel;
    // The same expressions as control.ts and moveGrip, so the grip is the same to the last bit.
    const max = hand.gripSpeedMax;
    x = full * (minF + rest * (x < 0 ? 0 : x > 1 ? 1 : x)) * hand.speedFactor;
    x = hand.grip + ((on ? (x > max ? max : x) : x > max ? -max : -x) * dtMs) / 1000;
    // Squeezing on with the hand closed (or at the supervisor's limit), or opening it further:
    // nothing moves, the hand stays holding (or open, until a release is due).
    const top = hand.gripMax;
    if (x > top) x = top;
    else if (x < 0) x = 0;
    const k = (x * steps + 0.5) | 0;
    const was = hand.gripStep;
    const jump = k - was;
    // The full tick takes every change of state: reaching either end, starting or stopping.
    if (x === hand.grip ? hand.state === STATE_MOVING || --hand.quietTicks < 0 : x <= floor || x === top || hand.state !== STATE_MOVING || jump * jump > hand.steadyJump2) return -1;
    // A finger starting or stopping on the way: the full tick staggers the starts.
    const kinks = hand.kinks;
    if (jump > 0 ? kinks[k + 1] !== kinks[was] : jump < 0 && kinks[was + 1] !== kinks[k]) return -1;
    a.envelope = e0;
    b.envelope = e1;
    hand.grip = x;
    hand.sinceStepMs = jump ? 0 : hand.sinceStepMs + dtMs;
    hand.steadyTicks++;
    return (hand.gripStep = k);
  };
}
