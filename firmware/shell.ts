// The firmware shell: runs the control tick on a timer over any Board, and publishes `hand` at
// the prompt. This is the only imperative part: it reads the HAL into the inputs record, calls
// tickHand, and writes only the outputs that changed. It never names an Espruino global.

import { Hand, createHand, createInputs, tickHand, enterLoopFault, settleSteady, FAULT_CONFIG, GRIP_WIDTH } from './core/hand';
import { createSteadyTick } from './core/steady';
import { createSupervisor, supervise, SUPERVISE_MS } from './core/supervisor';
import { createFaultLog } from './fault-log';
import { EmgChannel, IDLE_UPDATE_MS } from './core/signal';
import { RED_DUTY, RED_HZ, GREEN_DUTY, GREEN_HZ } from './core/status-led';
import { createConsoleApi } from './console-api';
import { createSettings } from './settings';
import { Board, EmgInput } from '../hal/types';
import { StoredConfig } from './config/store';

/** What the idle tick and the button watch share. */
interface IdleState {
  /** Ticks since the full tick last ran. */
  ticks: number;
  /** Run the full tick at least this often, for upkeep. */
  every: number;
  /** Button presses since the last full tick, and whether it is down now. */
  presses: number;
  down: boolean;
  /** Time since the supervisor last looked. */
  unsupervisedMs: number;
}

/**
 * The per-tick functions, built here in a scope that holds only what they use, because Espruino
 * finds a name by scanning each enclosing scope in turn.
 *
 * The idle tick, at rest: one native sum per site, a few comparisons, the watchdog, what the
 * hand costs most of its life. An envelope sensor's level is summed here in place (sumOf is
 * E.sum: a call to sample() would cost as much again); a raw sensor needs its variance, through
 * sample().
 *
 * The motion tick, while one muscle moves the hand smoothly (hand.steady): the steady-motion
 * step (core/steady.ts) and the servo writes it needs, on the timer in place of the idle tick,
 * so a moving tick pays for no dispatch. When the step declines, the full tick runs.
 */
function controlTicks(
  first: EmgInput,
  last: EmgInput,
  raw: boolean,
  sumOf: (block: unknown) => number,
  c0: EmgChannel,
  c1: EmgChannel,
  hand: Hand,
  idle: IdleState,
  kick: () => void,
  busyTick: (l0: number, l1: number) => void,
  failed: (e: unknown) => void,
  step: (l0: number, l1: number, m0: number, m1: number) => number,
  write: (pulses: Uint16Array, at: number, stride: number, sent: number[]) => void,
  sentUs: number[],
  every: number,
  moveEvery: number,
) {
  const b0 = first.block;
  const b1 = last.block;
  const s0 = first.blockScale;
  const s1 = last.blockScale;
  return [
    function () {
      try {
        const l0 = raw ? first.sample() : sumOf(b0) * s0;
        const l1 = raw ? last.sample() : sumOf(b1) * s1;
        if (++idle.ticks < every && !hand.busy && l0 < c0.onAt && l1 < c1.onAt) kick();
        else busyTick(l0, l1);
      } catch (e) {
        failed(e);
      }
    },
    function () {
      try {
        const l0 = raw ? first.sample() : (first.lastMean = sumOf(b0) * s0);
        const l1 = raw ? last.sample() : (last.lastMean = sumOf(b1) * s1);
        // The fingers are at point gripStep when the steady tick starts (the full tick checks it).
        const was = hand.gripStep;
        // The full tick still runs once a second, for the supervisor; anything else clears hand.steady.
        const k = ++idle.ticks < moveEvery && hand.steady ? step(l0, l1, first.lastMean, last.lastMean) : -1;
        if (k < 0) busyTick(l0, l1);
        else {
          if (k !== was) write(hand.pulses, k, GRIP_WIDTH, sentUs);
          kick();
        }
      } catch (e) {
        failed(e);
      }
    },
  ];
}

/** Starts the hand on `stored` (config/store.ts loadConfig): its configuration, and what was wrong with the flash. */
export function startHand(board: Board, stored: StoredConfig, version: string) {
  const cfg = stored.cfg;
  const print = board.out.print;
  const hand = createHand(cfg);
  const inputs = createInputs(cfg);
  if (stored.problems.length) {
    print('hand: ' + (stored.unusable ? 'configuration unusable: defaults, motion blocked (configInvalid):' : 'skipped a damaged save; using the one before:'));
    for (let i = 0; i < stored.problems.length; i++) print('  ' + stored.problems[i]);
  }
  if (stored.unusable) hand.faults |= FAULT_CONFIG;
  const settings = createSettings(hand, board, stored);
  const cal = hand.cal;
  const emg = board.emg;
  const servos = board.servos;
  const fingers = hand.fingers;
  const list = fingers.list;
  const sentUs: number[] = [];
  for (let i = 0; i < list.length; i++) sentUs.push(0);
  const led = hand.led;
  const dt = cfg.tickMs;
  // Held at power-up counts as held from the start (the factory-reset gesture).
  const idle: IdleState = { ticks: 0, every: 1, presses: 0, down: board.button.isPressed(), unsupervisedMs: 0 };
  board.button.watch((pressed) => {
    idle.down = pressed;
    if (pressed) idle.presses++;
    // The next tick must run in full to see the button.
    hand.busy = true;
    hand.steady = false;
  });

  // Idle upkeep runs once every IDLE_UPDATE_MS when nothing else needs the tick.
  const idleUpdateTicks = Math.max(1, Math.round(IDLE_UPDATE_MS / dt));
  const sites = emg.length;
  const first = emg[0];
  const last = emg[sites - 1];
  const firstChannel = hand.channels[0];
  const lastChannel = hand.channels[sites - 1];
  const level = inputs.level;
  const mean = inputs.mean;

  // Espruino interprets source text: code it skips (a false `if`, the rest of a function after
  // `return`) is still read token by token. So the per-tick function is tiny and everything
  // rare lives in functions of its own, called only when needed.

  /** Calibration messages and results, the factory-reset gesture: rare, never on an idle tick. */
  function afterTick() {
    if (cal.say) {
      print('hand: ' + cal.say);
      cal.say = '';
    }
    if (cal.result) {
      const r = cal.result;
      cal.result = null;
      settings.calibrated(r);
    }
    if (hand.resetRequested) {
      hand.resetRequested = false;
      settings.reset();
    }
  }

  function writeServos() {
    fingers.changed = 0;
    for (let i = 0; i < list.length; i++) {
      const us = list[i].pulseUs;
      if (us !== sentUs[i]) {
        sentUs[i] = us;
        if (us) servos[i].pulse(us);
        else servos[i].release();
      }
    }
  }

  function showLeds() {
    led.changed = false;
    const p = led.pattern;
    board.ledRed.show(RED_DUTY[p], RED_HZ[p]);
    board.ledGreen.show(GREEN_DUTY[p], GREEN_HZ[p]);
  }

  function tickFailed(e: unknown) {
    // Nothing may escape the loop: stop driving the fingers and show the fault. Not kicking
    // the watchdog lets a persistent failure reboot the board into a fresh, safe start.
    enterLoopFault(hand);
    for (let i = 0; i < servos.length; i++) {
      servos[i].release();
      sentUs[i] = 0;
    }
    if (led.changed) showLeds();
    print('hand: control tick failed: ' + e);
  }

  // The supervisor's slow checks: from the full tick once a second while anything happens, and
  // with the idle upkeep (every IDLE_UPDATE_MS) at rest; a timer of their own would cost the
  // resting hand a callback every second.
  const readBatteryV = () => (board.battery.read() * 3.3) / hand.cfg.battery.dividerRatio;
  const sup = createSupervisor(hand);
  const faultLog = createFaultLog(board.store, 'grasp.faults');
  const spread: number[] = [];
  const flexAt = inputs.flex;
  // (Fingers without a flex pin keep NaN: no mirroring, no stall for them.)
  const flexPins = board.flex;
  function readFlex() {
    for (let i = 0; i < flexPins.length; i++) flexAt[i] = flexPins[i].read();
  }
  function superviseNow() {
    spread[0] = first.spread();
    spread[1] = last.spread();
    // Flex feedback (stall detection) once the sensors are calibrated (both lists: the
    // validator sees to it), unless they are on a glove.
    const feedback = !hand.mirror && hand.cfg.safety.stallMs && hand.cfg.flex.bent.length;
    if (feedback) readFlex();
    const fresh = supervise(hand, sup, readBatteryV(), idle.unsupervisedMs, spread, mean, feedback ? flexAt : null);
    idle.unsupervisedMs = 0;
    for (let i = 0; i < fresh.length; i++) faultLog.add(fresh[i], hand.uptimeMs / 1000);
  }

  // Both sites are read as raw when either is (sample() for each).
  const raw = cfg.emg[0].signal === 'raw' || cfg.emg[cfg.emg.length - 1].signal === 'raw';

  /** The whole control tick: when something happens, once a second while moving, and every IDLE_UPDATE_MS at rest for upkeep. */
  function fullTick(l0: number, l1: number) {
    if (hand.steadyTicks) settleSteady(hand);
    level[0] = l0;
    // (An envelope site's block mean is its level; sample() keeps a raw site's.)
    mean[0] = raw ? first.lastMean : l0;
    level[1] = l1;
    mean[1] = raw ? last.lastMean : l1;
    if (hand.mirror) readFlex();
    inputs.buttonPresses = idle.presses;
    inputs.buttonDown = idle.down;
    inputs.idleUpdate = !hand.busy && idle.ticks >= idle.every;
    idle.presses = 0;
    const sinceMs = idle.ticks * dt;
    inputs.elapsedMs = sinceMs - hand.coveredMs;
    hand.coveredMs = 0;
    tickHand(hand, inputs, dt);
    idle.ticks = 0;
    if ((idle.unsupervisedMs += sinceMs) >= SUPERVISE_MS) superviseNow();
    if (cal.say || cal.result || hand.resetRequested) afterTick();
    if (fingers.changed) writeServos();
    if (led.changed) showLeds();
    board.watchdog.kick();
  }

  // Mirroring looks at the glove five times a second while the hand is still.
  idle.every = hand.mirror ? 5 : idleUpdateTicks;
  const clock = board.clock;
  let timer: unknown;
  let running: () => void;
  /** Puts `fn` on the timer in place of the tick function that runs now. */
  function runOnTimer(fn: () => void) {
    clock.cancel(timer);
    timer = clock.every(dt, (running = fn));
  }
  /** The full tick, and the tick function the hand needs next: the motion tick while it is steady. */
  function busyTick(l0: number, l1: number) {
    fullTick(l0, l1);
    const next = hand.steady ? moving : tick;
    if (next !== running) runOnTimer(next);
  }
  const ticks = controlTicks(first, last, raw, board.sumOf, firstChannel, lastChannel, hand, idle, board.watchdog.kick, busyTick, tickFailed, createSteadyTick(hand, dt), board.writePulses, sentUs, idle.every, SUPERVISE_MS / dt);
  const tick = ticks[0];
  const moving = ticks[1];

  board.watchdog.enable(cfg.watchdogS);
  timer = clock.every(dt, (running = tick));
  const api = createConsoleApi({
    hand,
    clock: board.clock,
    settings,
    print,
    battery: sup.battery,
    faultLog,
    readBatteryV,
    readFlex: () => board.flex.map((f) => f.read()),
    version,
  });
  board.expose('hand', api);
  return { hand, api };
}
