// The hand: its state machine and the control tick. `tickHand(hand, inputs, dtMs)` is the whole
// per-tick work; the shell (firmware/main.ts) fills `inputs` from the HAL and writes the outputs
// (finger pulses, LEDs) when they changed. Nothing here knows about Espruino.

import { Config } from '../config/types';
import { ControlState, createControlState, handSpeed, siteName } from './control';
import { EmgChannel, createEmgChannel, updateEmgChannel, FAULT_RAIL, FAULT_SIGNAL } from './signal';
import { Finger, FingerSet, createFinger, stepFingers } from './fingers';
import {
  Calibration,
  createCalibration,
  startCalibration,
  stepCalibration,
  stopCalibration,
  CAL_READY_MS,
  CAL_REST,
} from './calibrate';
import {
  StatusLed,
  createStatusLed,
  stepStatusLed,
  PATTERN_BOOTING,
  PATTERN_FAULT,
  PATTERN_HOLDING,
  PATTERN_MOVING,
  PATTERN_PAUSED,
  PATTERN_READY,
  PATTERN_CAL_READY,
  PATTERN_CAL_REST,
  PATTERN_CAL_SQUEEZE,
} from './status-led';

export { siteName };

export const STATE_BOOTING = 0;
export const STATE_READY = 1;
export const STATE_MOVING = 2;
export const STATE_HOLDING = 3;
export const STATE_FAULT = 4;
export const STATE_CALIBRATING = 5;
export const STATE_NAMES = ['booting', 'ready', 'moving', 'holding', 'fault', 'calibrating'];

// Faults of the whole hand (the sites' own faults are per channel).
export const FAULT_LOOP = 1; // an exception escaped a tick
// The stored configuration was unusable and the defaults are running. It blocks motion like a
// sensor fault (the defaults' pulse range may drive this hand's servos into their stops) and the
// servos get no pulse at all until the user jogs one or saves a configuration, which clears it.
export const FAULT_CONFIG = 2;

/** Button held this long: a factory reset if the hold began within RESET_WINDOW_MS of power-up, else EMG calibration. */
export const HOLD_MS = 3000;
export const RESET_WINDOW_MS = 5000;

/** What the shell reads from the hardware each tick. Allocated once, overwritten every tick. */
export interface HandInputs {
  /** Per EMG site: block level and block mean, 0..1. */
  level: number[];
  mean: number[];
  /** Button presses since the last tick (a press shorter than a tick still counts). */
  buttonPresses: number;
  /** The button is down now (for long presses). */
  buttonDown: boolean;
  /** The every-2-s upkeep call of an idle hand (the baseline adapts only then). */
  idleUpdate: boolean;
  /**
   * Time since the previous call. It is one tick while anything happens and longer after idle
   * ticks the shell skipped: timers (uptime, release) use it; motion and the on/off switching
   * always step by one tick (dtMs), so the first tick after a long rest cannot jump.
   */
  elapsedMs: number;
}

export interface Hand {
  cfg: Config;
  state: number;
  /** How closed the hand is being driven, 0 open .. 1 closed (EMG moves this). */
  grip: number;
  channels: EmgChannel[];
  fingers: FingerSet;
  control: ControlState;
  led: StatusLed;
  /** false after a button press or hand.stop(): EMG is ignored until the next press. */
  emgEnabled: boolean;
  /** Whole-hand fault bits (FAULT_LOOP, FAULT_CONFIG). */
  faults: number;
  bootLeftMs: number;
  uptimeMs: number;
  cal: Calibration;
  /** How long the button has been held. */
  heldMs: number;
  /** The factory-reset gesture happened; the shell erases the stored configuration and clears this. */
  resetRequested: boolean;
  /**
   * Something needs the control tick every period (booting, moving, a muscle on, a fault, a
   * calibration, the button held). When false the shell skips the tick until a site's level
   * reaches its `onAt` or the once-a-second upkeep is due: at rest, that is all the CPU it uses.
   */
  busy: boolean;
}

export function createHand(cfg: Config): Hand {
  const channels: EmgChannel[] = [];
  for (let i = 0; i < cfg.emg.length; i++) channels.push(createEmgChannel(cfg.emg[i], cfg));
  const list: Finger[] = [];
  for (let i = 0; i < cfg.fingers.length; i++) list.push(createFinger(cfg.fingers[i]));
  return {
    cfg,
    state: STATE_BOOTING,
    grip: 0,
    channels,
    fingers: { list, changed: 0, active: false },
    control: createControlState(),
    led: createStatusLed(),
    emgEnabled: true,
    faults: 0,
    // Long enough for the envelope to settle before EMG may move anything.
    bootLeftMs: 1000,
    uptimeMs: 0,
    cal: createCalibration(),
    heldMs: 0,
    resetRequested: false,
    busy: true,
  };
}

export function createInputs(cfg: Config): HandInputs {
  const level: number[] = [];
  const mean: number[] = [];
  for (let i = 0; i < cfg.emg.length; i++) {
    level.push(NaN);
    mean.push(NaN);
  }
  return { level, mean, buttonPresses: 0, buttonDown: false, idleUpdate: false, elapsedMs: 0 };
}

/** Drives every finger toward one grip position. */
export function setGrip(hand: Hand, grip: number): void {
  // Clamped here, so each finger takes it as it is (no per-finger check on the hot path).
  grip = grip < 0 ? 0 : grip > 1 ? 1 : grip;
  hand.grip = grip;
  hand.fingers.active = true;
  const list = hand.fingers.list;
  for (let i = 0; i < list.length; i++) list[i].target = grip;
}

/** Freezes every finger where it is. */
function holdFingers(hand: Hand): void {
  const list = hand.fingers.list;
  let most = 0;
  for (let i = 0; i < list.length; i++) {
    const p = (list[i].target = list[i].position);
    if (p > most) most = p;
  }
  // The grip is where the hand really is (its most closed finger), not where an interrupted
  // command was taking it: otherwise an "open" contraction after a fault would first close it.
  hand.grip = most;
}

export function siteFaults(hand: Hand): number {
  let f = 0;
  for (let i = 0; i < hand.channels.length; i++) f |= hand.channels[i].faults;
  return f;
}

/**
 * Starts EMG calibration (EMG moves nothing until it ends); `resumeAfter`: EMG control is on
 * afterwards. Refused, with the reason in cal.say, while a sensor is faulted.
 */
export function beginCalibration(hand: Hand, resumeAfter: boolean): boolean {
  if (siteFaults(hand)) {
    hand.cal.say = 'calibration refused while a sensor is faulted (' + faultNames(hand).join(', ') + ')';
    return false;
  }
  startCalibration(hand.cal, hand.channels.length, resumeAfter);
  holdFingers(hand);
  return true;
}

// Espruino reads source text as it runs it, skipped branches included, so the tick below keeps
// the common path short and calls out to small functions for everything rare.

/** Button presses and holds, and a running calibration. */
function buttonAndCalibration(hand: Hand, inputs: HandInputs, dtMs: number): void {
  const cal = hand.cal;
  if (cal.phase) {
    // A press cancels a calibration.
    if (inputs.buttonPresses & 1) stopCalibration(cal, 'calibration cancelled');
    else stepCalibration(cal, hand.channels, inputs.level, hand.cfg, dtMs);
    if (!cal.phase) hand.emgEnabled = cal.resumeAfter;
  } else if (inputs.buttonPresses & 1) {
    // The button toggles EMG control; pausing opens the hand, the safe place to stop.
    hand.emgEnabled = !hand.emgEnabled;
    if (!hand.emgEnabled) setGrip(hand, 0);
  }
  if (inputs.buttonDown) {
    const held = (hand.heldMs += dtMs);
    if (held >= HOLD_MS && held - dtMs < HOLD_MS) {
      if (hand.uptimeMs - held < RESET_WINDOW_MS) hand.resetRequested = true;
      else beginCalibration(hand, true);
    }
  } else hand.heldMs = 0;
}

/**
 * An exception escaped a tick (the shell caught it): stop where the fingers are and show the
 * fault now, even if the failure comes before tickHand and repeats.
 */
export function enterLoopFault(hand: Hand): void {
  hand.faults |= FAULT_LOOP;
  holdFingers(hand);
  hand.state = STATE_FAULT;
  hand.busy = true;
  stepStatusLed(hand.led, PATTERN_FAULT);
}

/** Entering a fault: hold still, or open when so configured. */
function enterFault(hand: Hand): void {
  if (hand.cfg.safety.faultAction === 'open') setGrip(hand, 0);
  else holdFingers(hand);
}

/**
 * Moves the grip by one tick of EMG-driven speed. A finger only ever moves the way the muscle
 * asks: opening lowers targets above the grip, closing raises targets below it, so fingers set
 * apart (hand.set, a held fault) are gathered without any of them moving the wrong way.
 */
function moveGrip(hand: Hand, speed: number, dtMs: number): void {
  let grip = hand.grip + (speed * dtMs) / 1000;
  grip = grip < 0 ? 0 : grip > 1 ? 1 : grip;
  if (grip === hand.grip) return;
  hand.grip = grip;
  hand.fingers.active = true;
  const list = hand.fingers.list;
  for (let i = 0; i < list.length; i++) {
    const f = list[i];
    if (speed < 0 ? f.target > grip : f.target < grip) f.target = grip;
  }
}

function ledPattern(hand: Hand, s: number): number {
  const cal = hand.cal;
  if (cal.phase) return cal.phaseMs <= CAL_READY_MS ? PATTERN_CAL_READY : cal.phase === CAL_REST ? PATTERN_CAL_REST : PATTERN_CAL_SQUEEZE;
  if (s === STATE_FAULT) return PATTERN_FAULT;
  if (s === STATE_BOOTING) return PATTERN_BOOTING;
  return hand.emgEnabled ? STATE_PATTERN[s] : PATTERN_PAUSED;
}
const STATE_PATTERN = [PATTERN_BOOTING, PATTERN_READY, PATTERN_MOVING, PATTERN_HOLDING, PATTERN_FAULT, PATTERN_CAL_REST];

export function tickHand(hand: Hand, inputs: HandInputs, dtMs: number): void {
  const cfg = hand.cfg;
  hand.uptimeMs += inputs.elapsedMs;
  const channels = hand.channels;
  // A site that is on, or at a rail (counting towards a fault), needs every tick.
  let anyOn = false;
  let faults = hand.faults;
  for (let i = 0; i < channels.length; i++) {
    const ch = channels[i];
    updateEmgChannel(ch, inputs.level[i], inputs.mean[i], dtMs, inputs.idleUpdate, cfg);
    anyOn = anyOn || ch.on || ch.railMs > 0;
    faults |= ch.faults;
  }
  const cal = hand.cal;
  if (inputs.buttonPresses || inputs.buttonDown || hand.heldMs || cal.phase) buttonAndCalibration(hand, inputs, dtMs);

  let s = hand.state;
  if (faults) {
    if (s !== STATE_FAULT) enterFault(hand);
  } else if (s === STATE_BOOTING) {
    if ((hand.bootLeftMs -= dtMs) <= 0) s = hand.state = STATE_READY;
  } else if (hand.emgEnabled && !cal.phase && (anyOn || hand.control.toggleMotion || hand.control.wasOn)) {
    const speed = handSpeed(hand.control, channels, hand.grip, dtMs, cfg);
    if (speed) moveGrip(hand, speed, dtMs);
  }

  const moving = hand.fingers.active ? stepFingers(hand.fingers, dtMs, inputs.elapsedMs, hand.grip > 0.02, cfg) : 0;
  s = hand.state = faults ? STATE_FAULT : cal.phase ? STATE_CALIBRATING : s === STATE_BOOTING ? s : moving ? STATE_MOVING : hand.grip > 0.02 ? STATE_HOLDING : STATE_READY;
  hand.busy = anyOn || inputs.buttonDown || cal.phase !== 0 || (s !== STATE_READY && s !== STATE_HOLDING);
  stepStatusLed(hand.led, ledPattern(hand, s));
}

/** Names of every active fault, for status(): site faults are prefixed with the site's role. */
export function faultNames(hand: Hand): string[] {
  const names: string[] = [];
  if (hand.faults & FAULT_LOOP) names.push('loopError');
  if (hand.faults & FAULT_CONFIG) names.push('configInvalid');
  for (let i = 0; i < hand.channels.length; i++) {
    const f = hand.channels[i].faults;
    const site = siteName(hand.cfg, i);
    if (f & FAULT_SIGNAL) names.push(site + 'SignalInvalid');
    if (f & FAULT_RAIL) names.push(site + 'StuckAtRail');
  }
  return names;
}

