// The device program: loads the configuration from flash, builds the Espruino board from it and
// starts the hand. Nothing here may throw: a configuration the board refuses falls back to the
// defaults with the configInvalid fault, like an invalid one.

import { defaultConfig } from './config/defaults';
import { Config } from './config/types';
import { loadConfig } from './config/store';
import { startHand } from './shell';
import { createEspruinoBoard, storage } from '../hal/espruino';

declare const GRASP_VERSION: string;

function boardFor(cfg: Config) {
  return createEspruinoBoard({
    emg: cfg.emg,
    flexPins: cfg.flexPins,
    batteryPin: cfg.battery.pin,
    servoPins: cfg.fingers.map((f) => f.pin),
    // The level is averaged over the last tick's worth of samples.
    blockMs: cfg.tickMs,
  });
}

function boot() {
  const stored = loadConfig(storage());
  let board;
  try {
    board = boardFor(stored.cfg);
  } catch (e) {
    stored.problems.push('the board refused it: ' + e);
    stored.unusable = true;
    stored.cfg = defaultConfig();
    board = boardFor(stored.cfg);
  }
  startHand(board, stored, GRASP_VERSION);
  board.out.print('Grasp ' + GRASP_VERSION + ' ready: type hand.status()');
}

boot();
