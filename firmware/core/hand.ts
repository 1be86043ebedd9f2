// The hand: its state machine and the control tick. `tickHand(hand, inputs, dtMs)` is the whole
// per-tick work; the shell (firmware/main.ts) fills `inputs` from the HAL and writes the outputs
// (finger pulses, LEDs) when they changed. Nothing here knows about Espruino.

import { Config } from '../config/types';
import { ControlState, createControlState, handSpeed, siteName } from './control';
import { EmgChannel, createEmgChannel, updateEmgChannel } from './signal';
import { Finger, FingerSet, createFinger, stepFingers, pulseForPosition, START_QUIET_MS } from './fingers';
import { Grip, builtinGrips, compileGrip, gripSpeedLimit, GRIP_STEPS } from './grips';
import { TriggerState, GripTriggerConfig, createTriggerState, stepTriggers, TRIGGER_NEXT } from './triggers';
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
  PATTERN_BATTERY,
  PATTERN_GRIP,
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
  /** Mode flex-mirror only: each finger's flex sensor, 0..1 of the ADC range. */
  flex: number[];
}

export interface Hand {
  cfg: Config;
  state: number;
  /** How far along the selected grip's closing motion the hand is driven, 0 open .. 1 closed (EMG moves this). */
  grip: number;
  /** The selected grip: its index in allGrips() and its name (the library is built only when a grip is picked, to spare RAM). */
  gripIndex: number;
  gripName: string;
  /** Grip-switching triggers (triggers.ts) and their settings. */
  triggers: TriggerState;
  triggerCfg: GripTriggerConfig;
  /** The LED shows a newly selected grip's number (blinks) this much longer. */
  showGripMs: number;
  /** When the button was last pressed (a second press soon after selects the next grip). */
  pressedAtMs: number;
  /** The triggers were not stepped (booting, fault, pause, calibration): resyncTriggers first. */
  triggersStale: boolean;
  /**
   * The selected grip compiled for this hand (grips.ts): `curve` holds each finger's position
   * and `pulses` its servo pulse at GRIP_STEPS+1 points along the motion, finger-major; the
   * fingers were last aimed at point `gripStep`. `following`: every finger's target is its
   * point on the curve (false after hand.set() or a fault froze them where they were).
   */
  curve: Float32Array;
  pulses: Uint16Array;
  gripStep: number;
  following: boolean;
  /** Fastest the grip may move (strokes/s) so no finger following its curve exceeds its own limit. */
  gripSpeedMax: number;
  /**
   * The supervisor's limits (supervisor.ts): EMG speed is multiplied by speedFactor (a low
   * battery halves it), and the grip never closes past gripMax (a critical battery, a squeeze
   * held too long).
   */
  speedFactor: number;
  gripMax: number;
  /** The supervisor eased a squeeze off, or backed a stalled finger off (it logs each once). */
  eased: boolean;
  stalled: boolean;
  /** Mode flex-mirror: each finger follows its flex sensor (on a glove); EMG moves nothing. */
  mirror: boolean;
  /**
   * The shell may run the steady-motion tick (steady.ts) instead of the full one: set by the
   * full tick when one site drives the hand smoothly; cleared by anything else that happens.
   */
  steady: boolean;
  /** Steady ticks since the fingers' records were last brought up to date (settleSteady). */
  steadyTicks: number;
  /**
   * Below this grip only the full tick moves the hand: OPEN_GRIP when a muscle trigger is on
   * (they fire only with the hand open, so the full tick steps them there), otherwise
   * HOLDING_GRIP (below it the release timers of still fingers run, every tick).
   */
  steadyFloor: number;
  /** Steady ticks left at the open hand before a finger's release is due (Infinity elsewhere). */
  quietTicks: number;
  /** Most grip points the steady tick may move in one tick without any finger exceeding its slew limit: squared. */
  steadyJump2: number;
  /**
   * Per grip point k, at k + 1: how many points at or before it are kinks, where some finger's
   * curve turns between still and moving (a finger starts or stops there): the steady tick
   * leaves those to the full tick, which staggers the starts. (Shifted by one so no lookup is
   * at -1: a typed array read at a negative index throws on Espruino.)
   */
  kinks: Uint8Array;
  /** Time since the steady ticks last moved the fingers. */
  sinceStepMs: number;
  /** Time of steady ticks already accounted for (settleSteady) since the last full tick. */
  coveredMs: number;
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
  const g = cfg.grips;
  const hand: Hand = {
    cfg,
    state: STATE_BOOTING,
    steadyFloor: g.coContractionMs || g.doubleImpulseMs || g.holdOpenMs ? OPEN_GRIP : HOLDING_GRIP,
    grip: 0,
    gripIndex: 0,
    gripName: '',
    triggers: createTriggerState(),
    triggerCfg: g,
    showGripMs: 0,
    pressedAtMs: -DOUBLE_PRESS_MS,
    triggersStale: false,
    curve: new Float32Array(0),
    pulses: new Uint16Array(0),
    gripStep: 0,
    following: true,
    gripSpeedMax: 0,
    speedFactor: 1,
    gripMax: 1,
    eased: false,
    stalled: false,
    mirror: cfg.control.mode === 'flex-mirror',
    steady: false,
    steadyTicks: 0,
    steadyJump2: 0,
    quietTicks: 0,
    kinks: new Uint8Array(0),
    sinceStepMs: 0,
    coveredMs: 0,
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
  selectGrip(hand, defaultGrip(hand));
  hand.showGripMs = 0;
  return hand;
}


/** The grip counts as open (triggers may switch grips) up to here: the first ticks of a motion that turns out to be a co-contraction move it this far. */
export const OPEN_GRIP = 0.15;
/** Closed past this, the hand holds: still fingers keep their pulses (servo.releaseWhenHolding aside). */
export const HOLDING_GRIP = 0.02;

/** A second button press within this selects the next grip. */
export const DOUBLE_PRESS_MS = 500;
/** How long the LED takes per blink of the grip number. */
export const GRIP_BLINK_MS = 500;

/** The built-in grips, then the user's own. Built when needed: it is not kept in RAM. */
export function allGrips(hand: Hand): Grip[] {
  return builtinGrips().concat(hand.cfg.grips.user);
}

/** The index of the grip with this name, or -1. */
export function gripIndex(hand: Hand, name: string): number {
  const all = allGrips(hand);
  for (let i = 0; i < all.length; i++) if (all[i].name === name) return i;
  return -1;
}

function defaultGrip(hand: Hand): number {
  const i = gripIndex(hand, hand.cfg.grips.default);
  return i < 0 ? 1 : i;
}

/**
 * Triggers start again from the sites as they are (after a pause, a fault, a calibration): a
 * muscle already on is not a new onset, so it cannot make a co-contraction with the other.
 */
function resyncTriggers(hand: Hand): void {
  const t = hand.triggers;
  const a = hand.channels[0];
  const b = hand.channels[1];
  hand.triggersStale = false;
  t.on0 = a.on;
  t.on1 = b.on;
  t.at0 = t.at1 = -1e9;
  t.now = hand.uptimeMs;
  t.armed = true;
  t.driver = a.on ? (b.on && b.effort > a.effort ? 1 : 0) : b.on ? 1 : -1;
}

/** A trigger fired (or the button's double press): the next grip, or back to the default; the hand opens. */
export function switchGrip(hand: Hand, next: boolean): void {
  const i = next ? (hand.gripIndex + 1) % allGrips(hand).length : defaultGrip(hand);
  if (i === hand.gripIndex) return;
  selectGrip(hand, i);
  setGrip(hand, 0);
  // The return to the default grip counts from now.
  if (next) hand.triggers.quietAt = hand.uptimeMs;
  hand.busy = true;
}
export const GRIP_WIDTH = GRIP_STEPS + 1;

/** The selected grip's pulse at every point of its curve, for every finger (after a grip or pulse range change). */
export function compilePulses(hand: Hand): void {
  const list = hand.fingers.list;
  const curve = hand.curve;
  const pulses = (hand.pulses = new Uint16Array(curve.length));
  for (let i = 0; i < curve.length; i++) pulses[i] = pulseForPosition(list[(i / GRIP_WIDTH) | 0], curve[i]);
}

/**
 * Makes grip `index` the selected one; the fingers go to their places on its curve at the
 * current grip value (slew-limited, like any move).
 */
export function selectGrip(hand: Hand, index: number): void {
  const list = hand.fingers.list;
  const speeds: number[] = [];
  for (let i = 0; i < list.length; i++) speeds.push(list[i].stepPerMs * 1000);
  const grip = allGrips(hand)[index];
  const keys = grip.keys;
  hand.gripIndex = index;
  hand.gripName = grip.name;
  hand.showGripMs = (index + 1) * GRIP_BLINK_MS;
  hand.curve = compileGrip(keys, list.length, GRIP_STEPS);
  hand.gripSpeedMax = gripSpeedLimit(keys, list.length, speeds);
  compilePulses(hand);
  // Points the grip may move in one tick with every finger arriving (stepFingers' slew): at
  // most the limit's worth, so the steady tick can skip the per-finger step. A hair of margin
  // for float rounding.
  const jump = Math.min(100, Math.floor((hand.gripSpeedMax * hand.cfg.tickMs * GRIP_STEPS * 0.999999) / 1000));
  hand.steadyJump2 = jump * jump;
  const kinks = (hand.kinks = new Uint8Array(GRIP_WIDTH + 1));
  const c = hand.curve;
  for (let k = 1, n = 0; k < GRIP_WIDTH; k++) {
    for (let i = 0; i < list.length && k < GRIP_STEPS; i++) {
      const j = i * GRIP_WIDTH + k;
      if ((c[j] === c[j - 1]) !== (c[j] === c[j + 1])) {
        n++;
        break;
      }
    }
    kinks[k + 1] = n;
  }
  if (hand.following) setGrip(hand, hand.grip);
}

export function createInputs(cfg: Config): HandInputs {
  const level: number[] = [];
  const mean: number[] = [];
  for (let i = 0; i < cfg.emg.length; i++) {
    level.push(NaN);
    mean.push(NaN);
  }
  const flex: number[] = [];
  for (let i = 0; i < cfg.fingers.length; i++) flex.push(NaN);
  return { level, mean, buttonPresses: 0, buttonDown: false, idleUpdate: false, elapsedMs: 0, flex };
}

/** Drives every finger to its place on the selected grip's curve at grip value `grip`. */
export function setGrip(hand: Hand, grip: number): void {
  // Clamped here, so each finger takes it as it is (no per-finger check on the hot path).
  grip = grip < 0 ? 0 : grip > hand.gripMax ? hand.gripMax : grip;
  hand.grip = grip;
  hand.fingers.active = true;
  hand.following = true;
  const k = (hand.gripStep = (grip * GRIP_STEPS + 0.5) | 0);
  const list = hand.fingers.list;
  for (let i = 0; i < list.length; i++) list[i].target = hand.curve[i * GRIP_WIDTH + k];
}

/** Freezes every finger where it is. */
export function holdFingers(hand: Hand): void {
  const list = hand.fingers.list;
  let most = 0;
  hand.following = false;
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
    hand.cal.say = 'calibration refused: sensor fault (' + faultNames(hand).join(', ') + ')';
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
  } else if (inputs.buttonPresses) {
    // The button toggles EMG control; pausing opens the hand, the safe place to stop. A second
    // press soon after (paused and resumed: the hand is open) selects the next grip.
    const presses = inputs.buttonPresses;
    if (presses & 1) hand.emgEnabled = !hand.emgEnabled;
    if (!hand.emgEnabled) setGrip(hand, 0);
    else if (presses > 1 || hand.uptimeMs - hand.pressedAtMs < DOUBLE_PRESS_MS) switchGrip(hand, true);
    hand.pressedAtMs = hand.uptimeMs;
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
  hand.steady = false;
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
 * Moves the grip by one tick of EMG-driven speed; returns whether it moved. Following fingers
 * take their places on the curve. Fingers set apart (hand.set, a held fault) only ever move the
 * way the muscle asks: opening lowers targets above the curve, closing raises targets below
 * it, so they are gathered without any of them moving the wrong way.
 */
function moveGrip(hand: Hand, speed: number, dtMs: number): boolean {
  const max = hand.gripSpeedMax;
  let grip = hand.grip + ((speed > max ? max : speed < -max ? -max : speed) * dtMs) / 1000;
  grip = grip < 0 ? 0 : grip > hand.gripMax ? hand.gripMax : grip;
  if (grip === hand.grip) return false;
  hand.grip = grip;
  const k = (grip * GRIP_STEPS + 0.5) | 0;
  if (k === hand.gripStep) return true;
  hand.gripStep = k;
  hand.fingers.active = true;
  const list = hand.fingers.list;
  const curve = hand.curve;
  if (hand.following) for (let i = 0; i < list.length; i++) list[i].target = curve[i * GRIP_WIDTH + k];
  else gather(hand, speed, k);
  return true;
}

function gather(hand: Hand, speed: number, k: number): void {
  const list = hand.fingers.list;
  let on = true;
  for (let i = 0; i < list.length; i++) {
    const f = list[i];
    const c = hand.curve[i * GRIP_WIDTH + k];
    if (speed < 0 ? f.target > c : f.target < c) f.target = c;
    on = on && f.target === c;
  }
  hand.following = on;
}

/** Mirroring: a finger's target moves only when its sensor says it moved more than this (sensor noise). */
export const MIRROR_BAND = 0.03;

/** A flex sensor's resistance over its divider's fixed resistor, from the reading `x`: to ground (`up`: the reading rises with bend), or to the supply. */
function flexRatio(x: number, up: boolean): number {
  return up ? x / (1 - x) : (1 - x) / x;
}

/**
 * How bent finger i is (0 straight .. 1 bent, not clamped) from its flex reading `x`, by the
 * calibration (hand.flex()). Worked out in the sensor's resistance, which a bend changes about
 * in proportion; the divider's reading does not (half bent reads two thirds of the way).
 */
export function flexBend(hand: Hand, i: number, x: number): number {
  const s = hand.cfg.flex.straight[i];
  const b = hand.cfg.flex.bent[i];
  const up = b > s;
  const r = flexRatio(s, up);
  return (flexRatio(x, up) - r) / (flexRatio(b, up) - r);
}

/**
 * Mode flex-mirror: each finger goes where its flex sensor (calibrated straight and bent) says
 * the user's finger is, within the supervisor's limit. A reading at a rail (a sensor or wire
 * gone) or not a number opens it.
 */
function mirrorFlex(hand: Hand, flex: number[]): void {
  const list = hand.fingers.list;
  let most = 0;
  hand.following = false;
  for (let i = 0; i < list.length; i++) {
    const f = list[i];
    let p = flex[i] > 0.01 && flex[i] < 0.99 ? flexBend(hand, i, flex[i]) : 0;
    p = p > 0 ? (p > hand.gripMax ? hand.gripMax : p) : 0;
    const d = p - f.target;
    if (d > MIRROR_BAND || d < -MIRROR_BAND || (!p && f.target)) {
      f.target = p;
      hand.fingers.active = true;
    }
    if (f.target > most) most = f.target;
  }
  hand.grip = most;
}

function ledPattern(hand: Hand, s: number): number {
  const cal = hand.cal;
  if (cal.phase) return cal.phaseMs <= CAL_READY_MS ? PATTERN_CAL_READY : cal.phase === CAL_REST ? PATTERN_CAL_REST : PATTERN_CAL_SQUEEZE;
  if (s === STATE_FAULT) return PATTERN_FAULT;
  if (s === STATE_BOOTING) return PATTERN_BOOTING;
  if (hand.showGripMs > 0) return PATTERN_GRIP;
  if (!hand.emgEnabled) return PATTERN_PAUSED;
  // The supervisor slows the hand only for a low or critical battery.
  return hand.speedFactor < 1 && s !== STATE_MOVING ? PATTERN_BATTERY : STATE_PATTERN[s];
}
const STATE_PATTERN = [PATTERN_BOOTING, PATTERN_READY, PATTERN_MOVING, PATTERN_HOLDING, PATTERN_FAULT, PATTERN_CAL_REST];

export function tickHand(hand: Hand, inputs: HandInputs, dtMs: number): void {
  const cfg = hand.cfg;
  hand.uptimeMs += inputs.elapsedMs;
  const channels = hand.channels;
  // A site that is on, or at a rail (counting towards a fault), needs every tick.
  let anyOn = false;
  let faults = hand.faults;
  // (Mirroring reads no EMG.)
  for (let i = 0; i < (hand.mirror ? 0 : channels.length); i++) {
    const ch = channels[i];
    updateEmgChannel(ch, inputs.level[i], inputs.mean[i], dtMs, inputs.idleUpdate, cfg);
    anyOn = anyOn || ch.on || ch.railMs > 0;
    faults |= ch.faults;
  }
  const cal = hand.cal;
  if (inputs.buttonPresses || inputs.buttonDown || hand.heldMs || cal.phase) buttonAndCalibration(hand, inputs, dtMs);

  let s = hand.state;
  let gripMoved = false;
  // Triggers skip faults, pauses and calibration: then they pick up the sites as they find them.
  if (faults || !hand.emgEnabled || cal.phase) hand.triggersStale = true;
  if (faults) {
    if (s !== STATE_FAULT) enterFault(hand);
  } else if (s === STATE_BOOTING) {
    if ((hand.bootLeftMs -= dtMs) <= 0) s = hand.state = STATE_READY;
  } else if (hand.mirror) {
    if (hand.emgEnabled && !cal.phase) mirrorFlex(hand, inputs.flex);
  } else if (hand.emgEnabled && !cal.phase) {
    const t = hand.triggers;
    // Grip triggers (two sites), on the hand's own clock: the uptime counts the ticks the shell skipped.
    if (channels[1]) {
      if (hand.triggersStale) resyncTriggers(hand);
      const ev = stepTriggers(t, channels[0].on, channels[1].on, channels[0].effort, channels[1].effort, hand.grip <= OPEN_GRIP, hand.uptimeMs - t.now, hand.triggerCfg);
      if (ev) switchGrip(hand, ev === TRIGGER_NEXT);
    }
    // After a trigger, nothing moves until both muscles relax.
    // (Position mode: wasOn while the hand is still on its way, which may be open with no site on.)
    if (t.armed && (anyOn || hand.control.toggleMotion || hand.control.wasOn)) {
      const speed = handSpeed(hand.control, channels, hand.grip, dtMs, cfg, t.driver) * hand.speedFactor;
      // The grip moving counts as motion even on a tick where no finger reaches a new point.
      if (speed) gripMoved = moveGrip(hand, speed, dtMs);
    }
  }

  const moving = (hand.fingers.active ? stepFingers(hand.fingers, dtMs, inputs.elapsedMs, hand.grip > HOLDING_GRIP, cfg, hand.uptimeMs) : 0) || gripMoved;
  s = hand.state = faults ? STATE_FAULT : cal.phase ? STATE_CALIBRATING : s === STATE_BOOTING ? s : moving ? STATE_MOVING : hand.grip > HOLDING_GRIP ? STATE_HOLDING : STATE_READY;
  // Busy while it shows, so every tick counts (elapsedMs may hold a long idle before the command).
  if (hand.showGripMs > 0) hand.showGripMs -= dtMs;
  hand.busy = anyOn || inputs.buttonDown || cal.phase !== 0 || hand.showGripMs > 0 || (s !== STATE_READY && s !== STATE_HOLDING);
  stepStatusLed(hand.led, ledPattern(hand, s));
  hand.steady = s > STATE_BOOTING && s < STATE_FAULT && steadyMotion(hand, inputs);
}

/**
 * Brings the fingers' records up to where the steady ticks took them (positions, targets, the
 * pulses the shell sent): before a full tick, a console command or a status read.
 */
export function settleSteady(hand: Hand): void {
  const ticks = hand.steadyTicks;
  if (!ticks) return;
  hand.steadyTicks = 0;
  // The steady ticks moved the envelopes only: each effort as updateEmgChannel works it out.
  // (Steady ticks run in two-site mode only: there are two sites.)
  for (let i = 0; i < 2; i++) {
    const ch = hand.channels[i];
    const x = (ch.envelope - ch.baseline) * ch.perLevel;
    ch.effort = x < 0 ? 0 : x > 1 ? 1 : x;
  }
  // The time those ticks covered is accounted for here; the next full tick's elapsedMs leaves it out.
  const ms = ticks * hand.cfg.tickMs;
  hand.uptimeMs += ms;
  hand.coveredMs += ms;
  const list = hand.fingers.list;
  const k = hand.gripStep;
  // Open, the release timers of still fingers ran on (steadyMotion's quietTicks kept them short of releasing).
  const timers = hand.grip <= HOLDING_GRIP && hand.cfg.servo.releaseAfterMs;
  for (let i = 0; i < list.length; i++) {
    const f = list[i];
    const p = hand.curve[i * GRIP_WIDTH + k];
    // What stepFingers would have recorded: a moving finger last moved with the last step.
    if (f.position !== p) {
      f.stillMs = 0;
      f.movedAtMs = hand.uptimeMs - hand.sinceStepMs;
      f.position = f.target = p;
      f.pulseUs = hand.pulses[i * GRIP_WIDTH + k];
    } else if (timers && f.pulseUs) f.stillMs += ms;
  }
  hand.fingers.active = true;
}

/**
 * Whether the next ticks can run the steady-motion tick (steady.ts): two-site control with one
 * site on and no switch pending, nothing else going on, and every finger on the grip curve;
 * moving, or holding fully closed with the closing muscle still on, or open with the opening
 * muscle on (where nothing moves and only the release timers run: quietTicks).
 */
function steadyMotion(hand: Hand, inputs: HandInputs): boolean {
  const a = hand.channels[0];
  const b = hand.channels[1];
  if (!b || hand.cfg.control.mode !== 'two-site' || a.on === b.on || a.pendingMs || b.pendingMs || a.railMs || b.railMs) return false;
  if (!hand.emgEnabled || hand.faults || inputs.buttonDown || hand.heldMs || !hand.following || !hand.triggers.armed || hand.showGripMs > 0) return false;
  const s = hand.state;
  const floor = hand.steadyFloor;
  const open = s === STATE_READY && !hand.grip && b.on && floor < OPEN_GRIP;
  if (!open && (hand.grip <= floor || (s === STATE_MOVING ? hand.grip >= hand.gripMax : s !== STATE_HOLDING || hand.grip < hand.gripMax || !a.on))) return false;
  // A hand configured to release still fingers while gripping needs their timers every tick.
  const servo = hand.cfg.servo;
  const releaseMs = servo.releaseAfterMs;
  if (servo.releaseWhenHolding && releaseMs) return false;
  const list = hand.fingers.list;
  const k = hand.gripStep;
  let quiet = Infinity;
  for (let i = 0; i < list.length; i++) {
    const f = list[i];
    const j = i * GRIP_WIDTH + k;
    if (f.position !== f.target) return false;
    // Open: steady ticks up to the last one before a still finger's release is due.
    if (open) {
      if (f.pulseUs && releaseMs) quiet = Math.min(quiet, Math.ceil((releaseMs - f.stillMs) / hand.cfg.tickMs) - 1);
    } else if (
      f.pulseUs !== hand.pulses[j] ||
      // A still finger about to move is a start: the full tick staggers it. (At point 0 the
      // full tick runs: curve[j - 1] would be another finger's, or index -1.)
      k < 1 ||
      (hand.uptimeMs - f.movedAtMs >= START_QUIET_MS && k < GRIP_STEPS && hand.curve[j - 1] !== hand.curve[j + 1])
    )
      return false;
  }
  hand.quietTicks = quiet;
  return true;
}

/** Names of every active fault, for status(): site faults are prefixed with the site's role. */
export function faultNames(hand: Hand): string[] {
  const names: string[] = [];
  if (hand.faults & FAULT_LOOP) names.push('loopError');
  if (hand.faults & FAULT_CONFIG) names.push('configInvalid');
  // A site's fault bits in order (FAULT_SIGNAL, FAULT_RAIL, FAULT_FLAT, FAULT_SATURATED, FAULT_NOISY).
  const kinds = 'SignalInvalid StuckAtRail FlatLine Saturated Noisy'.split(' ');
  for (let i = 0; i < hand.channels.length; i++) {
    const f = hand.channels[i].faults;
    for (let b = 0; b < 5; b++) if (f & (1 << b)) names.push(siteName(hand.cfg, i) + kinds[b]);
  }
  return names;
}

