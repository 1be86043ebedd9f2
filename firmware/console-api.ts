// The `hand` object at the Espruino prompt. Built once at boot; each call works on the live hand.
// Bad arguments print what was wrong and change nothing.

import { Hand, STATE_NAMES, STATE_FAULT, FAULT_LOOP, faultNames, setGrip, siteName, beginCalibration, settleSteady, compilePulses, holdFingers, allGrips, gripIndex, selectGrip } from './core/hand';
import { Battery } from './core/battery';
import { FaultLog } from './fault-log';
import { setFingerTarget, retuneFinger, pulseForPosition } from './core/fingers';
import { PULSE_MAX_US, PULSE_MIN_US } from './config/schema';
import { Settings } from './settings';
import { Clock } from '../hal/types';
import { createTelemetry } from './telemetry';
import { toJson, round3 } from './core/natives';

export interface ConsoleApiDeps {
  hand: Hand;
  /** The board's clock (telemetry runs on a timer of its own). */
  clock: Clock;
  settings: Settings;
  print: (text: string) => void;
  battery: Battery;
  faultLog: FaultLog;
  readBatteryV: () => number;
  /** Each flex sensor's reading now, 0..1. */
  readFlex: () => number[];
  version: string;
}

export interface HandStatus {
  version: string;
  state: string;
  emgControl: boolean;
  /** How closed the hand is along the selected grip, 0 open..1 closed, and that grip's name. */
  grip: number;
  gripName: string;
  fingers: { [name: string]: number };
  emg: { site: string; envelope: number; baseline: number; effort: number; on: boolean }[];
  faults: string[];
  batteryV: number;
  battery: string;
  flex: number[];
  uptimeS: number;
}

const BATTERY_NAMES = ['ok', 'low', 'critical'];


export function createConsoleApi(d: ConsoleApiDeps) {
  const hand = d.hand;
  const settings = d.settings;
  const say = (text: string) => d.print('hand: ' + text);

  function findFinger(finger: string | number): number {
    // Read live: a new configuration may rename the fingers.
    const fingerNames = hand.cfg.fingers.map((f) => f.name);
    const i = typeof finger === 'number' ? finger : fingerNames.indexOf(finger);
    if (i >= 0 && i < fingerNames.length && i === Math.floor(i)) return i;
    say('no finger ' + toJson(finger) + '; use one of ' + fingerNames.join(', ') + ' or 0..' + (fingerNames.length - 1));
    return -1;
  }

  /** Every command: the next tick runs in full, with the fingers' records up to date. */
  function wake() {
    settleSteady(hand);
    hand.steady = false;
    hand.busy = hand.fingers.active = true;
  }

  // hand.drive(): a desktop tool streaming finger positions must keep talking.
  let hostTimer: unknown = 0;
  function hostQuiet() {
    hostTimer = 0;
    for (let i = 0; i < hand.fingers.list.length; i++) {
      const f = hand.fingers.list[i];
      if (f.position !== f.target) {
        holdFingers(hand);
        d.faultLog.add('hostTimeout', hand.uptimeMs / 1000);
        say('no drive() for ' + hand.cfg.safety.hostTimeoutMs + ' ms: fingers stopped');
        return;
      }
    }
  }

  function refuseWhenFaulted(what: string): boolean {
    if (d.battery.openOnly && what !== 'open') {
      say('' + what + ' refused: battery critical (open only)');
      return true;
    }
    if (hand.state !== STATE_FAULT) return false;
    say('' + what + ' refused while faulted (' + faultNames(hand).join(', ') + '); open() works');
    return true;
  }

  return {
    status(): HandStatus {
      settleSteady(hand);
      const fingers: { [name: string]: number } = {};
      const list = hand.fingers.list;
      for (let i = 0; i < list.length; i++) fingers[hand.cfg.fingers[i].name] = round3(list[i].position);
      const emg = [];
      for (let i = 0; i < hand.channels.length; i++) {
        const c = hand.channels[i];
        emg.push({ 'site': siteName(hand.cfg, i), 'envelope': round3(c.envelope), 'baseline': round3(c.baseline), 'effort': round3(c.effort), on: c.on });
      }
      // Quoted keys: the bundle shortens these names elsewhere (internal fields, configuration
      // keys: tools/build/internal-properties.ts), never a quoted one.
      return {
        version: d.version,
        state: STATE_NAMES[hand.state],
        emgControl: hand.emgEnabled,
        'grip': round3(hand.grip),
        'gripName': hand.gripName,
        'fingers': fingers,
        'emg': emg,
        'faults': faultNames(hand),
        batteryV: round3(d.readBatteryV()),
        'battery': BATTERY_NAMES[d.battery.level],
        'flex': d.readFlex().map(round3),
        uptimeS: Math.round(hand.uptimeMs / 100) / 10,
      };
    },
    /** Opens every finger (allowed in any state: opening is the safe direction). */
    open() {
      // The next tick must run in full even if the hand was idle.
      wake();
      setGrip(hand, 0);
    },
    close() {
      wake();
      if (!refuseWhenFaulted('close()')) setGrip(hand, 1);
    },
    /** Moves one finger (name or index) to a position 0 open .. 1 closed. */
    set(finger: string | number, position: number) {
      wake();
      const i = findFinger(finger);
      if (i < 0 || refuseWhenFaulted('set()')) return;
      hand.following = false;
      if (!setFingerTarget(hand.fingers.list[i], position)) say('position: 0 (open)..1 (closed), not ' + toJson(position));
    },
    /**
     * For desktop tools: every finger's position at once (0 open..1 closed), sent at least every
     * safety.hostTimeoutMs (300 ms) while they move; when the commands stop, the fingers stop.
     * Pauses EMG control (hand.resume() gives it back).
     */
    drive(positions: number[]) {
      wake();
      if (refuseWhenFaulted('drive()')) return;
      const list = hand.fingers.list;
      if (!positions || positions.length !== list.length) {
        say('use hand.drive([' + list.length + ' values 0..1])');
        return;
      }
      hand.emgEnabled = false;
      for (let i = 0; i < list.length; i++) setFingerTarget(list[i], positions[i]);
      hand.following = false;
      if (hostTimer) d.clock.cancel(hostTimer);
      hostTimer = d.clock.after(hand.cfg.safety.hostTimeoutMs, hostQuiet);
    },
    /** The last faults kept in flash, oldest first; hand.faultLog(0) clears them. */
    'faultLog'(clear?: number) {
      if (clear === 0) d.faultLog.clear();
      return d.faultLog.list();
    },
    /**
     * No argument: the selected grip's name. A name (built-in: open, power, tripod, pinch, key,
     * point, hook; or one of the configuration's): selects it; the fingers move to its shape at
     * the hand's current closure and the green LED blinks its number.
     */
    // (Quoted: see status().)
    'grip'(name?: string) {
      if (name !== undefined) {
        wake();
        const i = gripIndex(hand, name);
        if (i < 0) say('no grip ' + toJson(name) + '; use one of ' + allGrips(hand).map((g) => g.name).join(', '));
        else if (!refuseWhenFaulted('grip()')) {
          hand.following = true;
          selectGrip(hand, i);
          hand.triggers.quietAt = hand.uptimeMs;
        }
      }
      return hand.gripName;
    },
    /** Holds the grip where it is and ignores EMG until hand.resume() (or a button press, which also opens). */
    freeze() {
      wake();
      hand.emgEnabled = false;
      holdFingers(hand);
    },
    /** Emergency stop: opens the hand and ignores EMG until hand.resume() or a button press. */
    stop() {
      wake();
      hand.emgEnabled = false;
      setGrip(hand, 0);
    },
    /** Gives control back to EMG after stop() or a button pause, and clears a loop fault. */
    resume() {
      wake();
      hand.emgEnabled = true;
      hand.faults &= ~FAULT_LOOP;
    },
    /** Guided EMG calibration: follow the prompts (and the LED); a button press cancels. */
    calibrate() {
      wake();
      beginCalibration(hand, hand.emgEnabled);
    },
    /**
     * Flex calibration: the sensors' readings now, as the fingers' "straight" or "bent" ones
     * (hand.save() keeps them). Mode flex-mirror needs both; in the other modes they turn on
     * stall detection. Quoted: `flex` is also a configuration key, which the bundle shortens.
     */
    'flex'(pose: string) {
      const f = hand.cfg.flex;
      const now = d.readFlex().map(round3);
      if (pose === 'straight') f.straight = now;
      else if (pose === 'bent') f.bent = now;
      else return say('flex("straight"|"bent")');
      say('flex ' + pose + ' ' + now.join(' '));
    },
    /**
     * Moves one end of a finger's stroke by `deltaUs` (clamped to 500..2500 us) and drives the
     * finger there so the user sees it. Pauses EMG control (hand.resume() gives it back).
     * Allowed while faulted: it is how a hand with a bad configuration is set up at the bench.
     */
    jog(finger: string | number, end: string, deltaUs: number) {
      wake();
      const i = findFinger(finger);
      if (i < 0) return;
      if ((end !== 'open' && end !== 'closed') || typeof deltaUs !== 'number' || !isFinite(deltaUs)) {
        say('use hand.jog(finger, "open"|"closed", us)');
        return;
      }
      const fc = hand.cfg.fingers[i];
      const closing = end === 'closed';
      let open = fc.inverted ? fc.maxPulseUs : fc.minPulseUs;
      let closed = fc.inverted ? fc.minPulseUs : fc.maxPulseUs;
      let us = Math.round((closing ? closed : open) + deltaUs);
      us = us < PULSE_MIN_US ? PULSE_MIN_US : us > PULSE_MAX_US ? PULSE_MAX_US : us;
      if (closing) closed = us;
      else open = us;
      if (open === closed) {
        say('open and closed must differ');
        return;
      }
      // Jogging one end past the other turns the servo's direction round.
      fc.inverted = open > closed;
      fc.minPulseUs = fc.inverted ? closed : open;
      fc.maxPulseUs = fc.inverted ? open : closed;
      hand.emgEnabled = false;
      hand.following = false;
      const f = hand.fingers.list[i];
      retuneFinger(f, fc);
      compilePulses(hand);
      setFingerTarget(f, closing ? 1 : 0);
      if (f.position === f.target) {
        f.pulseUs = pulseForPosition(f, f.position);
        hand.fingers.changed++;
      }
      say('' + fc.name + ' ' + end + ' = ' + us + ' us (hand.save() keeps it)');
      return us;
    },
    /** Saves the running configuration (jogged ends included) to flash, atomically. */
    save() {
      return settings.save();
    },
    /** No argument: a copy of the running configuration. A document: checked, saved and used. */
    config(doc?: object) {
      return doc === undefined ? settings.copy() : settings.replace(doc);
    },
    /** Factory reset: erases the stored configuration and runs the defaults. */
    reset() {
      settings.reset();
    },
    /** Telemetry lines at hz 1..20 (default 10) on their own timer; 0 stops (firmware/telemetry.ts). */
    telemetry: createTelemetry(hand, d.print, d.clock),
  };
}

export type ConsoleApi = ReturnType<typeof createConsoleApi>;
