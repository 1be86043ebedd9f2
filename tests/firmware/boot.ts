// Test helper: boots the firmware shell over a fake board whose flash survives "reboots".
import { startHand } from '../../firmware/shell';
import { loadConfig, saveConfig } from '../../firmware/config/store';
import { defaultConfig } from '../../firmware/config/defaults';
import { Config } from '../../firmware/config/types';
import { Store } from '../../hal/types';
import { fakeBoard, memoryStore } from './fake-board';

export function bootOn(store: Store = memoryStore(), opts: { buttonHeld?: boolean; flexInputs?: number; config?: (c: Config) => void } = {}) {
  // A configuration saved before boot, as hand.config() would leave it.
  if (opts.config) {
    const c = defaultConfig();
    opts.config(c);
    const problems = saveConfig(store, loadConfig(store), c);
    if (problems.length) throw new Error('test configuration refused: ' + problems.join('; '));
  }
  const board = fakeBoard(2, 5, store);
  // The board has an input per configured flex pin.
  if (opts.flexInputs !== undefined) board.flex = board.flex.slice(0, opts.flexInputs);
  // The LEDs blink by themselves (board PWM): what a person sees at a time follows from the
  // last (duty, blinkHz) the firmware set. `leds` holds what is lit after every tick.
  const leds: { red: number; green: number }[] = [];
  const shown = { red: { duty: 0, hz: 0, sinceMs: 0 }, green: { duty: 0, hz: 0, sinceMs: 0 } };
  let nowMs = 0;
  const litAt = (l: { duty: number; hz: number; sinceMs: number }) =>
    l.hz > 0 && l.duty > 0 && l.duty < 1 ? (((nowMs - l.sinceMs) * l.hz) / 1000) % 1 < l.duty ? 1 : 0 : l.duty >= 1 ? 1 : 0;
  board.ledRed.show = (duty, hz) => (shown.red = { duty, hz, sinceMs: nowMs });
  board.ledGreen.show = (duty, hz) => (shown.green = { duty, hz, sinceMs: nowMs });
  const led = () => ({ red: litAt(shown.red), green: litAt(shown.green) });
  board.buttonDown = !!opts.buttonHeld;
  const started = startHand(board, loadConfig(store), 'test');
  const firmwareTick = board.tick;
  board.tick = () => {
    firmwareTick();
    const was = nowMs;
    nowMs += started.hand.cfg.tickMs;
    // The other periodic timers (the supervisor's checks), on the same virtual clock.
    for (let i = 0; i < board.timers.length; i++) if (Math.floor(nowMs / board.timers[i].ms) > Math.floor(was / board.timers[i].ms)) board.timers[i].fn();
    leds.push(led());
  };
  const ticks = (n: number) => {
    for (let i = 0; i < n; i++) board.tick();
  };
  /** Runs `ms` of ticks, the EMG levels given by `levels(tMs)` each tick. */
  const run = (ms: number, levels?: (t: number) => number[]) => {
    const dt = started.hand.cfg.tickMs;
    for (let t = 0; t < ms; t += dt) {
      if (levels) levels(t).forEach((l, i) => (board.levels[i] = l));
      board.tick();
    }
  };
  const printed = () => board.printed.join('\n');
  return { board, store, started, core: started.hand, hand: board.exposed.hand, ticks, run, printed, led, leds };
}
