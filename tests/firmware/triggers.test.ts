import {
  createTriggerState,
  defaultTriggerConfig,
  stepTriggers,
  GripTriggerConfig,
  TriggerState,
  TRIGGER_DEFAULT,
  TRIGGER_NEXT,
} from '../../firmware/core/triggers';

interface Sites {
  on0?: boolean;
  on1?: boolean;
  e0?: number;
  e1?: number;
  /** The hand is open (default true). */
  open?: boolean;
}

interface Tick {
  ms: number;
  ev: number;
  /** false from a trigger until both sites are off: hand.ts moves the hand only while armed. */
  armed: boolean;
  driver: number;
}

/** Ticks every dtMs from 0 to untilMs; `sites(ms)` says what the sites do at that time. */
function run(cfg: GripTriggerConfig, untilMs: number, dtMs: number, sites: (ms: number) => Sites, t: TriggerState = createTriggerState()): Tick[] {
  const ticks: Tick[] = [];
  for (let ms = 0; ms <= untilMs; ms += dtMs) {
    const s = sites(ms);
    const ev = stepTriggers(t, !!s.on0, !!s.on1, s.e0 ?? 0.5, s.e1 ?? 0.5, s.open ?? true, dtMs, cfg);
    ticks.push({ ms, ev, armed: t.armed, driver: t.driver });
  }
  return ticks;
}

const events = (ticks: Tick[]) => ticks.filter((x) => x.ev).map((x) => [x.ms, x.ev]);
const within = (ms: number, from: number, to: number) => ms >= from && ms < to;
const cfg = (over: Partial<GripTriggerConfig> = {}): GripTriggerConfig => ({ ...defaultTriggerConfig(), ...over });

describe('defaults', () => {
  test('co-contraction 80 ms, hold-open 1.5 s, return 10 s, first-over arbitration; double impulse off', () => {
    expect(defaultTriggerConfig()).toEqual({
      coContractionMs: 80,
      doubleImpulseMs: 0,
      holdOpenMs: 1500,
      arbitration: 'first',
      returnMs: 10000,
    });
  });

  test('a quiet hand does nothing but count towards the return', () => {
    const ticks = run(cfg({ returnMs: 0 }), 5000, 40, () => ({}));
    expect(events(ticks)).toEqual([]);
    expect(ticks.every((x) => x.armed && x.driver === -1)).toBe(true);
  });
});

describe('co-contraction', () => {
  const both = (second: number) => (ms: number) => ({ on0: ms >= 0, on1: ms >= second });

  test('the second site 79 ms after the first selects the next grip; 81 ms is too late', () => {
    expect(events(run(cfg(), 1000, 1, both(79)))).toEqual([[79, TRIGGER_NEXT]]);
    expect(events(run(cfg(), 1000, 1, both(81)))).toEqual([]);
  });

  test('either site may come first, and both at once counts', () => {
    expect(events(run(cfg(), 500, 1, (ms) => ({ on1: true, on0: ms >= 79 })))).toEqual([[79, TRIGGER_NEXT]]);
    expect(events(run(cfg(), 500, 1, () => ({ on0: true, on1: true })))).toEqual([[0, TRIGGER_NEXT]]);
  });

  test('the window is configurable, and 0 turns it off', () => {
    expect(events(run(cfg({ coContractionMs: 200 }), 1000, 1, both(150)))).toEqual([[150, TRIGGER_NEXT]]);
    expect(events(run(cfg({ coContractionMs: 0 }), 1000, 1, both(0)))).toEqual([]);
  });

  test('a first site that already let go does not count', () => {
    expect(events(run(cfg(), 500, 1, (ms) => ({ on0: ms < 30, on1: ms >= 50 })))).toEqual([]);
  });

  test('no grip switch while the hand is closed: bracing a load must not drop it', () => {
    expect(events(run(cfg(), 1000, 1, (ms) => ({ on0: true, on1: ms >= 20, open: false })))).toEqual([]);
  });

  test('no repeat while both stay on, nor when one site re-contracts while the other is still on', () => {
    // The sites hand over (never both off): the flexor's return at 2100 and the extensor's at
    // 2150 are 50 ms apart, a co-contraction if the first had been released.
    const ticks = run(cfg(), 5000, 10, (ms) => ({ on0: !within(ms, 2000, 2100), on1: !within(ms, 2100, 2150) }));
    expect(events(ticks)).toEqual([[0, TRIGGER_NEXT]]);
    // Keeping the open site on after a co-contraction is not a hold-open.
    expect(events(run(cfg(), 5000, 10, (ms) => ({ on0: ms < 200, on1: true })))).toEqual([[0, TRIGGER_NEXT]]);
  });

  test('after both sites let go, the next co-contraction switches again', () => {
    const ticks = run(cfg(), 3000, 40, (ms) => ({ on0: within(ms, 0, 800) || ms >= 2000, on1: within(ms, 40, 900) || ms >= 2040 }));
    expect(events(ticks)).toEqual([
      [40, TRIGGER_NEXT],
      [2040, TRIGGER_NEXT],
    ]);
  });
});

describe('motion around a grip switch', () => {
  // hand.ts moves the hand while t.armed, driven by t.driver. A lone site drives from its onset
  // (the first ticks of a motion that turns out to be a co-contraction count as open: OPEN_GRIP).
  test('a lone site drives from its first tick', () => {
    const ticks = run(cfg(), 400, 40, () => ({ on0: true }));
    expect(events(ticks)).toEqual([]);
    expect(ticks.every((x) => x.armed && x.driver === 0)).toBe(true);
    expect(run(cfg(), 400, 1, () => ({ on1: true })).every((x) => x.armed && x.driver === 1)).toBe(true);
  });

  test('when one of two sites lets go, the other goes on driving without a pause', () => {
    // The extensor joins too late for a co-contraction and the flexor lets go at 1000.
    const ticks = run(cfg(), 2000, 40, (ms) => ({ on0: ms < 1000, on1: ms >= 400 }));
    expect(events(ticks)).toEqual([]);
    expect(ticks.every((x) => x.armed)).toBe(true);
    expect(ticks.filter((x) => x.ms >= 1000).every((x) => x.driver === 1)).toBe(true);
  });

  test('a grip switch moves nothing: held from the co-contraction until both sites let go', () => {
    const ticks = run(cfg(), 2000, 40, (ms) => ({ on0: ms < 1000, on1: within(ms, 40, 600) }));
    expect(events(ticks)).toEqual([[40, TRIGGER_NEXT]]);
    // The flexor outlasts the extensor: it must not close the hand after the switch.
    expect(ticks.filter((x) => x.ms < 1000).map((x) => x.armed)).toEqual([true].concat(Array(24).fill(false)));
    expect(ticks.filter((x) => x.ms >= 1000).every((x) => x.armed)).toBe(true);
    // The next contraction moves the hand normally.
    const after = run(cfg(), 3000, 40, (ms) => ({ on0: ms < 1000 || ms >= 2000, on1: within(ms, 40, 600) }));
    expect(after.filter((x) => x.ms >= 2000).every((x) => x.armed && x.driver === 0)).toBe(true);
  });

  test('a hold-open switch disarms too, until the open site lets go', () => {
    const ticks = run(cfg(), 3000, 40, (ms) => ({ on1: ms < 2000 }));
    expect(events(ticks)).toEqual([[1520, TRIGGER_NEXT]]);
    expect(ticks.filter((x) => !x.armed).map((x) => x.ms)).toEqual(ticks.filter((x) => x.ms >= 1520 && x.ms < 2000).map((x) => x.ms));
  });
});

describe('double impulse', () => {
  const on = cfg({ doubleImpulseMs: 700 });
  const bursts = (...spans: [number, number][]) => (ms: number) => ({ on1: spans.some(([a, b]) => within(ms, a, b)) });

  test('two short bursts of the open site select the next grip when the second ends', () => {
    expect(events(run(on, 2000, 1, bursts([0, 150], [350, 500])))).toEqual([[500, TRIGGER_NEXT]]);
  });

  test('too slow: the second burst ending 1 ms past the window does nothing', () => {
    expect(events(run(on, 2000, 1, bursts([0, 150], [550, 700])))).toEqual([[700, TRIGGER_NEXT]]);
    expect(events(run(on, 2000, 1, bursts([0, 150], [551, 701])))).toEqual([]);
  });

  test('a burst longer than IMPULSE_MAX_MS is a movement, not an impulse', () => {
    expect(events(run(on, 2000, 1, bursts([0, 301], [400, 500])))).toEqual([]);
    expect(events(run(on, 2000, 1, bursts([0, 100], [200, 501])))).toEqual([]);
  });

  test('after a long burst, two short ones still count', () => {
    expect(events(run(on, 3000, 1, bursts([0, 1000], [1200, 1300], [1400, 1500])))).toEqual([[1500, TRIGGER_NEXT]]);
  });

  test('off by default; the other site or a closed hand spoils it; the flexor\'s bursts are no impulse', () => {
    expect(events(run(cfg(), 2000, 1, bursts([0, 150], [350, 500])))).toEqual([]);
    expect(events(run(on, 2000, 1, (ms) => ({ ...bursts([0, 150], [350, 500])(ms), on0: within(ms, 200, 250) })))).toEqual([]);
    expect(events(run(on, 2000, 1, (ms) => ({ ...bursts([0, 150], [350, 500])(ms), open: false })))).toEqual([]);
    expect(events(run(on, 2000, 1, (ms) => ({ on0: within(ms, 0, 150) || within(ms, 350, 500) })))).toEqual([]);
  });
});

describe('hold-open', () => {
  const holdFrom = (openAt: number, releaseAt = 1e9) => (ms: number) => ({ on1: ms < releaseAt, open: ms >= openAt });

  test('the open site held 1.5 s with the hand open selects the next grip, once', () => {
    expect(events(run(cfg(), 5000, 1, holdFrom(0)))).toEqual([[1500, TRIGGER_NEXT]]);
  });

  test('one tick short does nothing (40 ms ticks: 1480 ms held)', () => {
    // Ticks at 0..1480 are 38 ticks: 1480 ms since the first; the 39th (1520) would switch.
    expect(events(run(cfg(), 3000, 40, holdFrom(0, 1520)))).toEqual([]);
    expect(events(run(cfg(), 3000, 40, holdFrom(0, 1560)))).toEqual([[1520, TRIGGER_NEXT]]);
  });

  test('the time counts from when the hand is fully open, not from the onset', () => {
    expect(events(run(cfg(), 5000, 1, holdFrom(700)))).toEqual([[2200, TRIGGER_NEXT]]);
  });

  test('not with the flexor on too, and 0 turns it off', () => {
    expect(events(run(cfg({ coContractionMs: 0 }), 5000, 1, () => ({ on0: true, on1: true })))).toEqual([]);
    expect(events(run(cfg({ holdOpenMs: 0 }), 5000, 1, holdFrom(0)))).toEqual([]);
  });
});

describe('arbitration when both sites are on', () => {
  // Flexor from 0 (light), extensor joins at 200 (hard), flexor lets go at 600; hand closed so no trigger.
  const scene = (ms: number) => ({ on0: ms < 600, on1: ms >= 200, e0: 0.3, e1: 0.9, open: false });
  const driverAt = (ticks: Tick[], ms: number) => ticks.find((x) => x.ms === ms)!.driver;

  test('first over: the site that switched on first keeps driving', () => {
    const ticks = run(cfg({ arbitration: 'first' }), 1000, 40, scene);
    expect([driverAt(ticks, 120), driverAt(ticks, 400), driverAt(ticks, 640)]).toEqual([0, 0, 1]);
  });

  test('stronger wins: the larger effort drives, and follows the efforts', () => {
    const ticks = run(cfg({ arbitration: 'stronger' }), 1000, 40, scene);
    expect([driverAt(ticks, 120), driverAt(ticks, 400), driverAt(ticks, 640)]).toEqual([0, 1, 1]);
    const swap = run(cfg({ arbitration: 'stronger' }), 1000, 40, (ms) => ({ on0: true, on1: true, e0: ms < 400 ? 0.3 : 0.8, e1: 0.6, open: false }));
    expect([driverAt(swap, 200), driverAt(swap, 600)]).toEqual([1, 0]);
  });

  test('first over with both switching on in the same tick: the stronger starts', () => {
    const ticks = run(cfg({ arbitration: 'first' }), 400, 40, (ms) => ({ on0: true, on1: true, e0: 0.4, e1: ms < 200 ? 0.7 : 0.1, open: false }));
    expect(ticks.every((x) => x.driver === 1)).toBe(true);
  });
});

describe('return to the default grip', () => {
  const burstThenQuiet = (end: number, open: (ms: number) => boolean = () => true) => (ms: number) => ({ on0: ms < end, open: open(ms) });

  test('open and quiet for 10 s after the last activity: back to the default grip, once', () => {
    expect(events(run(cfg(), 40000, 1, burstThenQuiet(100)))).toEqual([[10100, TRIGGER_DEFAULT]]);
  });

  test('any activity restarts the wait', () => {
    const ticks = run(cfg(), 40000, 1, (ms) => ({ on0: ms < 100 || within(ms, 9000, 9050) || within(ms, 15000, 15001) }));
    expect(events(ticks)).toEqual([[25001, TRIGGER_DEFAULT]]);
  });

  test('never while the hand is closed; the wait starts when it opens', () => {
    expect(events(run(cfg(), 40000, 1, burstThenQuiet(100, (ms) => ms >= 3000)))).toEqual([[13000, TRIGGER_DEFAULT]]);
    expect(events(run(cfg(), 40000, 1, burstThenQuiet(100, () => false)))).toEqual([]);
  });

  test('counts the idle hand\'s upkeep calls (2 s apart), and 0 turns it off', () => {
    const t = createTriggerState();
    const ev: number[] = [];
    for (let i = 1; i <= 10; i++) ev.push(stepTriggers(t, false, false, 0, 0, true, 2000, cfg()));
    expect(ev.indexOf(TRIGGER_DEFAULT)).toBe(4);
    expect(ev.filter((e) => e).length).toBe(1);
    expect(events(run(cfg({ returnMs: 0 }), 40000, 1, burstThenQuiet(100)))).toEqual([]);
  });
});
