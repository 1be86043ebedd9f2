// A Board over plain records, for testing the firmware shell without Espruino.
import { Board } from '../../hal/types';

export interface FakeBoard extends Board {
  levels: number[];
  writes: { servo: number; pulseUs: number }[];
  printed: string[];
  kicks: number;
  exposed: Record<string, any>;
  tick: () => void;
  pressButton: () => void;
}

export function fakeBoard(emgSites = 2, fingers = 5): FakeBoard {
  let watcher: ((pressed: boolean, t: number) => void) | null = null;
  const b: FakeBoard = {
    levels: new Array(emgSites).fill(0.03),
    writes: [],
    printed: [],
    kicks: 0,
    exposed: {},
    tick: () => {},
    pressButton: () => watcher && watcher(true, 0),
    emg: [],
    flex: [0, 1, 2, 3, 4].map((i) => ({ read: () => i / 10 })),
    battery: { read: () => 0.6 },
    servos: [],
    ledRed: { set: () => {} },
    ledGreen: { set: () => {} },
    button: { isPressed: () => false, watch: (fn) => (watcher = fn) },
    clock: { nowS: () => 0, every: (_ms, fn) => (b.tick = fn), after: () => 0, cancel: () => {} },
    store: { read: () => undefined, write: () => true, erase: () => {} },
    watchdog: { enable: () => {}, kick: () => b.kicks++ },
    out: { print: (t) => b.printed.push(t) },
    expose: (name, api) => (b.exposed[name] = api),
  };
  for (let i = 0; i < emgSites; i++) {
    const input = { lastMean: NaN, sample: () => (input.lastMean = b.levels[i]) };
    b.emg.push(input);
  }
  for (let i = 0; i < fingers; i++) {
    b.servos.push({ pulse: (us) => b.writes.push({ servo: i, pulseUs: us }), release: () => b.writes.push({ servo: i, pulseUs: 0 }) });
  }
  return b;
}
