// Turns the EMG sites' on/off and effort into a hand speed: positive closes, negative opens,
// in strokes per second. Control modes: two-site, one-site toggle, one-site level-coded, and
// proportional position (the flexor's effort sets how far the hand is closed). The fifth mode,
// flex-mirror, takes no EMG: hand.ts drives each finger from its flex sensor.

import { Config } from '../config/types';
import { EmgChannel } from './signal';

export interface ControlState {
  /** One-site toggle: where the next burst sends the hand, +1 close / -1 open. */
  toggleDirection: number;
  /** One-site toggle: the hand keeps moving after a burst until it arrives; 0 = not moving. */
  toggleMotion: number;
  burstMs: number;
  /** Toggle: the site was on last tick. Position: the hand was still on its way last tick. */
  wasOn: boolean;
  /** Position: where the effort asks the hand to be, smoothed (POSITION_SMOOTHING_MS). */
  aim: number;
}

export function createControlState(): ControlState {
  return { toggleDirection: 1, toggleMotion: 0, burstMs: 0, wasOn: false, aim: 0 };
}

/** Speed for an effort: proportional, from minSpeedFraction of full speed at the lightest effort. */
export function speedForEffort(effort: number, cfg: Config): number {
  const c = cfg.control;
  return c.fullSpeedPerS * (c.minSpeedFraction + (1 - c.minSpeedFraction) * effort);
}

/** Two sites: `driver` (triggers.ts: -1 none, 0 flexor, 1 extensor) is the one the arbitration picked. */
function twoSiteSpeed(a: EmgChannel, b: EmgChannel, driver: number, cfg: Config): number {
  return driver === 0 ? speedForEffort(a.effort, cfg) : driver === 1 ? -speedForEffort(b.effort, cfg) : 0;
}

function levelCodedSpeed(a: EmgChannel, cfg: Config): number {
  if (!a.on) return 0;
  return a.effort >= cfg.control.levelCloseAbove ? speedForEffort(a.effort, cfg) : -speedForEffort(a.effort, cfg);
}

/** One-site toggle: a short burst flips direction and sends the hand all the way there. */
function toggleSpeed(s: ControlState, a: EmgChannel, grip: number, dtMs: number, cfg: Config): number {
  if (a.on) s.burstMs += dtMs;
  else if (s.wasOn) {
    if (s.burstMs <= cfg.control.toggleMaxMs) {
      s.toggleMotion = s.toggleDirection;
      s.toggleDirection = -s.toggleDirection;
    }
    s.burstMs = 0;
  }
  s.wasOn = a.on;
  if ((s.toggleMotion > 0 && grip >= 1) || (s.toggleMotion < 0 && grip <= 0)) s.toggleMotion = 0;
  return s.toggleMotion * cfg.control.fullSpeedPerS * 0.7;
}

/**
 * Position mode's play: the hand moves only when the effort's position is further than this
 * from the grip, and then to within half of it: an effort wavering by up to this much either
 * way (what the smoothing leaves of the envelope's ripple) moves nothing.
 */
export const POSITION_BAND = 0.04;
/**
 * A steady effort's envelope still ripples by a fifth or so: the aim follows it with this time
 * constant. Relaxing opens the hand at once.
 */
export const POSITION_SMOOTHING_MS = 250;

/**
 * Proportional position: past the on level, the flexor's effort sets how far the hand closes
 * (the on level open, the strongest contraction closed), within POSITION_BAND; relaxed, the
 * hand opens all the way, and the strongest effort closes it all the way. The speed gets there
 * in one tick where the speed limit allows.
 */
function positionSpeed(s: ControlState, a: EmgChannel, grip: number, dtMs: number, cfg: Config): number {
  const c = cfg.control;
  const want = (a.effort - c.onLevel) / (1 - c.onLevel);
  // (Under the on level, still on: the aim sinks below 0, and the hand opens.)
  const aim = (s.aim = a.on ? s.aim + (want - s.aim) * (dtMs / (POSITION_SMOOTHING_MS + dtMs)) : 0);
  let d = aim - grip;
  // Past the band: back to within half of it, so an aim that creeps on inside it moves nothing.
  if (aim > 0 && aim < 0.98) d = d > POSITION_BAND ? d - POSITION_BAND / 2 : d < -POSITION_BAND ? d + POSITION_BAND / 2 : 0;
  let v = (d * 1000) / dtMs;
  v = v > c.fullSpeedPerS ? c.fullSpeedPerS : v < -c.fullSpeedPerS ? -c.fullSpeedPerS : v;
  // Keep coming back until there (tickHand calls this while wasOn, when no site is on).
  s.wasOn = v !== 0;
  return v;
}

/** The hand speed this tick wants. `grip` (0 open..1 closed) lets toggle motion stop at the end. */
export function handSpeed(s: ControlState, channels: EmgChannel[], grip: number, dtMs: number, cfg: Config, driver: number): number {
  const mode = cfg.control.mode;
  return mode === 'two-site'
    ? twoSiteSpeed(channels[0], channels[1], driver, cfg)
    : mode === 'one-site-level'
      ? levelCodedSpeed(channels[0], cfg)
      : mode === 'position'
        ? positionSpeed(s, channels[0], grip, dtMs, cfg)
        : toggleSpeed(s, channels[0], grip, dtMs, cfg);
}

/** The user's name for an EMG site in the configured control mode. */
export function siteName(cfg: Config, index: number): string {
  if (cfg.control.mode[0] === 'o') return 'emg';
  return index === 0 ? 'flexor' : 'extensor';
}
