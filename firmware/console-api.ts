// The `hand` object at the Espruino prompt. Built once at boot; each call works on the live hand.
// Bad arguments print what was wrong and change nothing.

import { Hand, STATE_NAMES, STATE_FAULT, FAULT_LOOP, faultNames, setGrip, siteName } from './core/hand';
import { setFingerTarget } from './core/fingers';

export interface ConsoleApiDeps {
  hand: Hand;
  print: (text: string) => void;
  readBatteryV: () => number;
  readFlex: () => number[];
  version: string;
}

export interface HandStatus {
  version: string;
  state: string;
  emgControl: boolean;
  grip: number;
  fingers: { [name: string]: number };
  emg: { site: string; envelope: number; baseline: number; effort: number; on: boolean }[];
  faults: string[];
  batteryV: number;
  flex: number[];
  uptimeS: number;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

export function createConsoleApi(d: ConsoleApiDeps) {
  const hand = d.hand;
  const fingerNames: string[] = [];
  for (let i = 0; i < hand.cfg.fingers.length; i++) fingerNames.push(hand.cfg.fingers[i].name);

  function findFinger(finger: string | number): number {
    const i = typeof finger === 'number' ? finger : fingerNames.indexOf(finger);
    if (i >= 0 && i < fingerNames.length && i === Math.floor(i)) return i;
    d.print('hand: no finger ' + JSON.stringify(finger) + '; use one of ' + fingerNames.join(', ') + ' or 0..' + (fingerNames.length - 1));
    return -1;
  }

  function refuseWhenFaulted(what: string): boolean {
    if (hand.state !== STATE_FAULT) return false;
    d.print('hand: ' + what + ' refused while faulted (' + faultNames(hand).join(', ') + '); hand.open() is allowed');
    return true;
  }

  return {
    status(): HandStatus {
      const fingers: { [name: string]: number } = {};
      const list = hand.fingers.list;
      for (let i = 0; i < list.length; i++) fingers[fingerNames[i]] = round3(list[i].position);
      const emg = [];
      for (let i = 0; i < hand.channels.length; i++) {
        const c = hand.channels[i];
        emg.push({ site: siteName(hand.cfg, i), envelope: round3(c.envelope), baseline: round3(c.baseline), effort: round3(c.effort), on: c.on });
      }
      return {
        version: d.version,
        state: STATE_NAMES[hand.state],
        emgControl: hand.emgEnabled,
        grip: round3(hand.grip),
        fingers,
        emg,
        faults: faultNames(hand),
        batteryV: round3(d.readBatteryV()),
        flex: d.readFlex(),
        uptimeS: Math.round(hand.uptimeMs / 100) / 10,
      };
    },
    /** Opens every finger (allowed in any state: opening is the safe direction). */
    open() {
      setGrip(hand, 0);
    },
    close() {
      if (!refuseWhenFaulted('close()')) setGrip(hand, 1);
    },
    /** Moves one finger (name or index) to a position 0 open .. 1 closed. */
    set(finger: string | number, position: number) {
      const i = findFinger(finger);
      if (i < 0 || refuseWhenFaulted('set()')) return;
      if (!setFingerTarget(hand.fingers.list[i], position)) d.print('hand: position must be a number from 0 (open) to 1 (closed), not ' + JSON.stringify(position));
    },
    /** Emergency stop: opens the hand and ignores EMG until hand.resume() or a button press. */
    stop() {
      hand.emgEnabled = false;
      setGrip(hand, 0);
    },
    /** Gives control back to EMG after stop() or a button pause, and clears a loop fault. */
    resume() {
      hand.emgEnabled = true;
      hand.faults &= ~FAULT_LOOP;
    },
  };
}

export type ConsoleApi = ReturnType<typeof createConsoleApi>;
