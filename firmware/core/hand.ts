// The hand: its state machine and the control tick. `tickHand(hand, inputs, dtMs)` is the whole
// per-tick work; the shell (firmware/main.ts) fills `inputs` from the HAL and writes the outputs
// (finger pulses, LEDs) when they changed. Nothing here knows about Espruino.

import { Config } from '../config/types';
import { ControlState, createControlState, handSpeed, siteName } from './control';
import { EmgChannel, createEmgChannel, updateEmgChannel, FAULT_RAIL, FAULT_SIGNAL } from './signal';
import { Finger, FingerSet, createFinger, setFingerTarget, stepFingers } from './fingers';
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
    fingers: { list, changed: 0 },
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
  };
}

export function createInputs(cfg: Config): HandInputs {
  const level: number[] = [];
  const mean: number[] = [];
  for (let i = 0; i < cfg.emg.length; i++) {
    level.push(NaN);
    mean.push(NaN);
  }
  return { level, mean, buttonPresses: 0, buttonDown: false };
}

/** Drives every finger toward one grip position. */
export function setGrip(hand: Hand, grip: number): void {
  hand.grip = grip;
  const list = hand.fingers.list;
  for (let i = 0; i < list.length; i++) setFingerTarget(list[i], grip);
}

/** Freezes every finger where it is. */
function holdFingers(hand: Hand): void {
  const list = hand.fingers.list;
  for (let i = 0; i < list.length; i++) list[i].target = list[i].position;
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

export function tickHand(hand: Hand, inputs: HandInputs, dtMs: number): void {
  const cfg = hand.cfg;
  hand.uptimeMs += dtMs;
  const state = hand.state;
  const cal = hand.cal;
  const still = state === STATE_READY || state === STATE_HOLDING || state === STATE_BOOTING || state === STATE_CALIBRATING;
  const channels = hand.channels;
  for (let i = 0; i < channels.length; i++) updateEmgChannel(channels[i], inputs.level[i], inputs.mean[i], still, cfg);

  if (cal.phase) {
    // A press cancels a calibration.
    if (inputs.buttonPresses & 1) stopCalibration(cal, 'calibration cancelled');
    else stepCalibration(cal, channels, inputs.level, cfg, dtMs);
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

  const faulted = (hand.faults | siteFaults(hand)) !== 0;
  if (faulted) {
    if (state !== STATE_FAULT) {
      if (cfg.safety.faultAction === 'open') setGrip(hand, 0);
      else holdFingers(hand);
    }
  } else if (state === STATE_BOOTING) {
    if ((hand.bootLeftMs -= dtMs) <= 0) hand.state = STATE_READY;
  } else if (hand.emgEnabled && !cal.phase) {
    const speed = handSpeed(hand.control, channels, hand.grip, dtMs, cfg);
    if (speed !== 0) {
      let grip = hand.grip + (speed * dtMs) / 1000;
      grip = grip < 0 ? 0 : grip > 1 ? 1 : grip;
      if (grip !== hand.grip) setGrip(hand, grip);
    }
  }

  const moving = stepFingers(hand.fingers, dtMs, hand.grip > 0.02, cfg);
  if (faulted) hand.state = STATE_FAULT;
  else if (cal.phase) hand.state = STATE_CALIBRATING;
  else if (hand.state !== STATE_BOOTING) hand.state = moving ? STATE_MOVING : hand.grip > 0.02 ? STATE_HOLDING : STATE_READY;

  const s = hand.state;
  stepStatusLed(
    hand.led,
    cal.phase ? (cal.phaseMs <= CAL_READY_MS ? PATTERN_CAL_READY : cal.phase === CAL_REST ? PATTERN_CAL_REST : PATTERN_CAL_SQUEEZE)
      : s === STATE_FAULT ? PATTERN_FAULT
      : s === STATE_BOOTING ? PATTERN_BOOTING
      : !hand.emgEnabled ? PATTERN_PAUSED
      : s === STATE_MOVING ? PATTERN_MOVING
      : s === STATE_HOLDING ? PATTERN_HOLDING
      : PATTERN_READY,
    dtMs,
  );
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

