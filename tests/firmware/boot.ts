// Test helper: boots the firmware shell over a fake board whose flash survives "reboots".
import { startHand } from '../../firmware/shell';
import { loadConfig } from '../../firmware/config/store';
import { Store } from '../../hal/types';
import { fakeBoard, memoryStore } from './fake-board';

export function bootOn(store: Store = memoryStore(), opts: { buttonHeld?: boolean } = {}) {
  const board = fakeBoard(2, 5, store);
  const leds: { red: number; green: number }[] = [];
  let red = 0;
  let green = 0;
  board.ledRed.set = (b) => leds.push({ red: (red = b), green });
  board.ledGreen.set = (b) => leds.push({ red, green: (green = b) });
  board.buttonDown = !!opts.buttonHeld;
  const started = startHand(board, loadConfig(store), 'test');
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
  const led = () => ({ red, green });
  return { board, store, started, core: started.hand, hand: board.exposed.hand, ticks, run, printed, led, leds };
}
