// The firmware shell: runs the control tick on a timer over any Board, and publishes `hand` at
// the prompt. This is the only imperative part: it reads the HAL into the inputs record, calls
// tickHand, and writes only the outputs that changed. It never names an Espruino global.

import { createHand, createInputs, tickHand, FAULT_LOOP, FAULT_CONFIG } from './core/hand';
import { createConsoleApi } from './console-api';
import { createSettings } from './settings';
import { Board } from '../hal/types';
import { StoredConfig } from './config/store';

/** Starts the hand on `stored` (config/store.ts loadConfig): its configuration, and what was wrong with the flash. */
export function startHand(board: Board, stored: StoredConfig, version: string) {
  const cfg = stored.cfg;
  const print = board.out.print;
  const hand = createHand(cfg);
  const inputs = createInputs(cfg);
  if (stored.problems.length) {
    print('hand: ' + (stored.unusable ? 'stored configuration unusable: safe defaults, motion blocked (configInvalid):' : 'skipped a damaged save, the one before is in force:'));
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
  let presses = 0;
  // Held at power-up counts as held from the start (the factory-reset gesture).
  let down = board.button.isPressed();
  board.button.watch((pressed) => {
    down = pressed;
    if (pressed) presses++;
  });

  function tick() {
    try {
      for (let i = 0; i < emg.length; i++) {
        inputs.level[i] = emg[i].sample();
        inputs.mean[i] = emg[i].lastMean;
      }
      inputs.buttonPresses = presses;
      inputs.buttonDown = down;
      presses = 0;
      tickHand(hand, inputs, dt);
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
      if (fingers.changed) {
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
      if (led.changed) {
        led.changed = false;
        board.ledRed.set(led.red);
        board.ledGreen.set(led.green);
      }
      board.watchdog.kick();
    } catch (e) {
      // Nothing may escape the loop: stop driving the fingers and show the fault. Not kicking
      // the watchdog lets a persistent failure reboot the board into a fresh, safe start.
      hand.faults |= FAULT_LOOP;
      for (let i = 0; i < servos.length; i++) {
        servos[i].release();
        sentUs[i] = 0;
      }
      print('hand: control tick failed: ' + e);
    }
  }

  board.watchdog.enable(cfg.watchdogS);
  board.clock.every(dt, tick);
  const api = createConsoleApi({
    hand,
    settings,
    print,
    readBatteryV: () => (board.battery.read() * 3.3) / hand.cfg.battery.dividerRatio,
    readFlex: () => board.flex.map((f) => Math.round(f.read() * 1000) / 1000),
    version,
  });
  board.expose('hand', api);
  return { hand, tick, api };
}
