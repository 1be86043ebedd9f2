// A Board over plain records, for testing the firmware shell without Espruino.
import { Board, EmgInput, Store } from '../../hal/types';

/** A Store over a plain record of files. */
export function memoryStore(files: Record<string, string> = {}): Store & { files: Record<string, string> } {
  return {
    files,
    read: (name) => files[name],
    write: (name, data) => {
      files[name] = data;
      return true;
    },
    erase: (name) => {
      delete files[name];
    },
  };
}

export interface FakeBoard extends Board {
  levels: number[];
  /** Each site's block spread (EmgInput.spread), as the supervisor sees it. */
  spreads: number[];
  /** What each flex sensor reads (0..1), thumb..little. */
  flexLevels: number[];
  writes: { servo: number; pulseUs: number }[];
  printed: string[];
  kicks: number;
  exposed: Record<string, any>;
  tick: () => void;
  pressButton: () => void;
  /** Button level: isPressed() answers this; set it before boot for "held at power-up". */
  buttonDown: boolean;
  holdButton: () => void;
  releaseButton: () => void;
  restarts: number;
  /** Periodic timers besides the control tick (telemetry), for a harness that keeps time. */
  timers: { ms: number; fn: () => void; id: number }[];
}

export function fakeBoard(emgSites = 2, fingers = 5, store?: Store): FakeBoard {
  let watcher: ((pressed: boolean, t: number) => void) | null = null;
  let control: (() => void) | null = null;
  let controlId: unknown = null;
  let lastId = 0;
  const b: FakeBoard = {
    levels: new Array(emgSites).fill(0.03),
    // A resting sensor's samples spread a little (a flat 0 would be a dead sensor).
    spreads: new Array(emgSites).fill(0.002),
    flexLevels: [0, 0.1, 0.2, 0.3, 0.4],
    writes: [],
    printed: [],
    kicks: 0,
    exposed: {},
    // The control tick: whichever tick function the firmware has on its timer now (it swaps the
    // idle tick and the motion tick).
    tick: () => control && control(),
    pressButton: () => {
      if (watcher) watcher(true, 0);
      if (watcher) watcher(false, 0);
    },
    buttonDown: false,
    holdButton: () => {
      b.buttonDown = true;
      if (watcher) watcher(true, 0);
    },
    releaseButton: () => {
      b.buttonDown = false;
      if (watcher) watcher(false, 0);
    },
    restarts: 0,
    restart: () => b.restarts++,
    emg: [],
    // The block is the site's input itself; its "sum" is its sample() (which a test may break).
    sumOf: (input) => (input as EmgInput).sample(),
    flex: [0, 1, 2, 3, 4].map((i) => ({ read: () => b.flexLevels[i] })),
    battery: { read: () => 0.6 },
    servos: [],
    writePulses: (pulses, at, stride, sent) => {
      for (let i = 0; i < b.servos.length; i++, at += stride) if (pulses[at] !== sent[i]) b.servos[i].pulse((sent[i] = pulses[at]));
    },
    ledRed: { show: () => {} },
    ledGreen: { show: () => {} },
    button: { isPressed: () => b.buttonDown, watch: (fn) => (watcher = fn) },
    // The first periodic timer is the control tick (b.tick), and so is a periodic timer set when
    // it is cancelled; the others wait in b.timers for a harness that keeps time (boot.ts runs
    // them as its virtual clock passes their period).
    timers: [],
    clock: {
      nowS: () => 0,
      every: (ms, fn) => {
        const id = ++lastId;
        if (!controlId) {
          control = fn;
          controlId = id;
        } else b.timers.push({ ms, fn, id });
        return id;
      },
      after: () => 0,
      cancel: (id) => {
        if (id === controlId) control = controlId = null;
        else b.timers = b.timers.filter((t) => t.id !== id);
      },
    },
    store: store || memoryStore(),
    watchdog: { enable: () => {}, kick: () => b.kicks++ },
    out: { print: (t) => b.printed.push(t) },
    expose: (name, api) => (b.exposed[name] = api),
  };
  for (let i = 0; i < emgSites; i++) {
    const input: EmgInput = { lastMean: NaN, block: null, blockScale: 1, sample: () => (input.lastMean = b.levels[i]), spread: () => b.spreads[i] };
    input.block = input;
    b.emg.push(input);
  }
  for (let i = 0; i < fingers; i++) {
    b.servos.push({ pulse: (us) => b.writes.push({ servo: i, pulseUs: us }), release: () => b.writes.push({ servo: i, pulseUs: 0 }) });
  }
  return b;
}
