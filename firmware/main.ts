// The device program: builds the Espruino board from the configuration and starts the hand.

import { defaultConfig } from './config/defaults';
import { startHand } from './shell';
import { createEspruinoBoard } from '../hal/espruino';

declare const GRASP_VERSION: string;

function boot() {
  const cfg = defaultConfig();
  const board = createEspruinoBoard({
    emg: cfg.emg,
    flexPins: cfg.flexPins,
    batteryPin: cfg.battery.pin,
    servoPins: cfg.fingers.map((f) => f.pin),
    // A block must finish inside one tick: leave a quarter of the tick as margin.
    blockMs: (cfg.tickMs * 3) / 4,
  });
  startHand(board, cfg, GRASP_VERSION);
  board.out.print('Grasp ' + GRASP_VERSION + ' ready: type hand.status()');
}

boot();
