import fc from 'fast-check';
import { defaultConfig } from '../../firmware/config/defaults';
import { createFinger, stepFingers, FingerSet } from '../../firmware/core/fingers';
import { createServoGuard, defaultServoGuardConfig, holdCaps, stepServoGuard, staggerStarts } from '../../firmware/core/servo-guard';

const TICK = 25; // stallMs (500) is 20 ticks exactly
const cfg = defaultConfig();

function hand(n = 5) {
  const set: FingerSet = { list: cfg.fingers.slice(0, n).map(createFinger), changed: 0, active: false };
  const gcfg = defaultServoGuardConfig();
  const g = createServoGuard(n);
  const measured = set.list.map(() => NaN);
  /**
   * `ms` of ticks: the hand (or a host stream) keeps asking for `want` (when given), the guard
   * looks (every tick here, for exact timing; every `every` ms when given), the caps hold, the
   * fingers step.
   */
  const run = (ms: number, want: number[] | null, amps = NaN, every = TICK) => {
    let backed = 0;
    for (let t = 0; t < ms; t += TICK) {
      if (want) want.forEach((w, i) => (set.list[i].target = w));
      if ((t + TICK) % every === 0) backed |= stepServoGuard(g, set, measured, amps, every, gcfg);
      if (g.capped) holdCaps(g, set);
      stepFingers(set, TICK, TICK, true, cfg);
    }
    return backed;
  };
  /** Puts finger i at rest at position p. */
  const place = (i: number, p: number) => {
    set.list[i].position = set.list[i].target = p;
  };
  return { set, g, gcfg, measured, run, place, f: set.list };
}

describe('stall detection from the flex sensor', () => {
  test('a finger pushing against an object is backed off to where it really is after stallMs, not one tick sooner', () => {
    const h = hand(1);
    h.place(0, 1); // driven closed; the object stopped the finger at 0.5
    h.measured[0] = 0.5;
    expect(h.run(500 - TICK, [1])).toBe(0);
    expect(h.g.busy).toBe(true);
    expect(h.f[0].target).toBe(1);
    expect(h.run(TICK, [1])).toBe(1);
    expect(h.g.stalled).toBe(1);
    expect(h.f[0].target).toBe(0.5);
    expect(h.g.busy).toBe(false);
  });

  test('looking every 250 ms, as the shell does, a stall is found after 500 ms of pushing, not 250', () => {
    const h = hand(1);
    h.place(0, 1);
    h.measured[0] = 0.5;
    expect(h.run(250, [1], NaN, 250)).toBe(0);
    expect(h.run(250, [1], NaN, 250)).toBe(1);
  });

  test('once stalled, the finger stays backed off however often closing is commanded, until it is commanded open', () => {
    const h = hand(1);
    h.place(0, 1);
    h.measured[0] = 0.5;
    h.run(500, [1]);
    for (let i = 0; i < 100; i++) {
      h.run(TICK, [1]);
      expect(h.f[0].target).toBeLessThanOrEqual(0.5);
      expect(h.f[0].position).toBeGreaterThanOrEqual(0.5);
    }
    expect(h.f[0].position).toBe(0.5);
    // Opening: the stall clears and the command passes.
    h.run(TICK, [0.3]);
    expect(h.g.stalled).toBe(0);
    expect(h.g.capped).toBe(0);
    expect(h.f[0].target).toBe(0.3);
    h.measured[0] = NaN;
    h.run(1000, [1]);
    expect(h.f[0].position).toBe(1);
  });

  test('a free servo lagging its command for less than stallMs is not a stall', () => {
    const h = hand(1);
    h.place(0, 0.2);
    h.measured[0] = 0.2;
    h.run(TICK, [1]);
    // The real finger trails the command by up to 0.3 for 450 ms, then catches up.
    for (let t = 0; t < 450; t += TICK) {
      h.measured[0] = Math.max(0.2, h.f[0].position - 0.3);
      expect(h.run(TICK, [1])).toBe(0);
    }
    h.measured[0] = 1;
    expect(h.run(5000, [1])).toBe(0);
    expect(h.f[0].position).toBe(1);
  });

  test('a missing or absurd flex reading never stalls a finger', () => {
    for (const m of [NaN, -3, -0.01, 1.5, Infinity, -Infinity]) {
      const h = hand(1);
      h.place(0, 0.8);
      h.measured[0] = m;
      expect(h.run(5000, [0.8])).toBe(0);
      expect(h.f[0].target).toBe(0.8);
    }
  });

  test('an opening finger is never stalled by a gap', () => {
    const h = hand(1);
    h.place(0, 0.9);
    h.measured[0] = 0.2;
    h.f[0].target = 0.1;
    for (let t = 0; t < 2000; t += TICK) {
      h.f[0].position = 0.9; // pretend it has not moved yet
      expect(stepServoGuard(h.g, h.set, h.measured, NaN, TICK, h.gcfg)).toBe(0);
    }
  });
});

describe('stall detection from the supply current', () => {
  test('current over the limit for stallMs backs off every finger pushing closed, by backOff', () => {
    const h = hand(3);
    h.place(0, 0.8);
    h.place(1, 0.6);
    h.place(2, 0); // open: nothing to back off
    expect(h.run(500 - TICK, [0.8, 0.6, 0], 3)).toBe(0);
    expect(h.run(TICK, [0.8, 0.6, 0], 3)).toBe(0b011);
    expect(h.f[0].target).toBeCloseTo(0.75, 9);
    expect(h.f[1].target).toBeCloseTo(0.55, 9);
    expect(h.f[2].target).toBe(0);
    // Still over the limit: another step back every stallMs.
    expect(h.run(500, [0.8, 0.6, 0], 3)).toBe(0b011);
    expect(h.f[0].target).toBeCloseTo(0.7, 9);
  });

  test('an opening finger is not backed off by an overload', () => {
    const h = hand(1);
    h.f[0].target = 0.1;
    for (let t = 0; t < 2000; t += TICK) {
      h.f[0].position = 0.9; // pretend it has not moved yet
      expect(stepServoGuard(h.g, h.set, h.measured, 3, TICK, h.gcfg)).toBe(0);
    }
    expect(h.f[0].target).toBe(0.1);
  });

  test('the inrush of servo starts (2.5 A for 100 ms now and then) is not a stall; no current sensor, no stall', () => {
    const h = hand(1);
    h.place(0, 0.8);
    for (let i = 0; i < 20; i++) {
      expect(h.run(100, [0.8], 2.5)).toBe(0);
      expect(h.run(400, [0.8], 0.3)).toBe(0);
    }
    expect(h.run(60000 - 1, [0.8], NaN)).toBe(0);
    expect(h.run(5000, [0.8], Infinity)).toBe(0);
  });
});

describe('maximum time at high force', () => {
  test('a finger held at 0.9 or more backs off by 0.05 after 60 s, not sooner; under 0.9 it holds for ever', () => {
    const h = hand(2);
    h.place(0, 1);
    h.place(1, 0.85);
    expect(h.run(60000 - TICK, [1, 0.85])).toBe(0);
    expect(h.run(TICK, [1, 0.85])).toBe(0b01);
    expect(h.f[0].target).toBeCloseTo(0.95, 9);
    expect(h.g.stalled).toBe(0);
    expect(h.run(600000, [1, 0.85]) & 0b10).toBe(0);
    expect(h.f[1].target).toBe(0.85);
  });

  test('with current sense, a hard squeeze anywhere in the stroke counts', () => {
    const h = hand(1);
    h.place(0, 0.6);
    expect(h.run(60000 - TICK, [0.6], 1.5)).toBe(0);
    expect(h.run(TICK, [0.6], 1.5)).toBe(1);
    expect(h.f[0].target).toBeCloseTo(0.55, 9);
  });
});

describe('staggered starts', () => {
  test('five fingers starting at once start over three ticks (20 ms windows), two at a time', () => {
    const c = defaultServoGuardConfig();
    let wanting = 0b11111;
    const started: number[] = [];
    while (wanting) {
      const go = staggerStarts(wanting, c);
      started.push(go);
      wanting &= ~go; // the started ones move now; the others ask again next tick
    }
    expect(started).toEqual([0b00011, 0b01100, 0b10000]);
  });

  test('fewer than the limit all start at once; the limit is configurable', () => {
    const c = defaultServoGuardConfig();
    expect(staggerStarts(0b10010, c)).toBe(0b10010);
    expect(staggerStarts(0, c)).toBe(0);
    expect(staggerStarts(0b10100, { ...c, maxStartsPer20Ms: 1 })).toBe(0b00100);
    expect(staggerStarts(0b11111, { ...c, maxStartsPer20Ms: 5 })).toBe(0b11111);
  });
});

describe('the guard never closes a finger', () => {
  const reading = fc.oneof(fc.double(), fc.constant(NaN), fc.constant(Infinity), fc.constant(-Infinity), fc.double({ min: -0.5, max: 1.5, noNaN: true }));
  test('whatever the readings, targets stay within 0..1 and never more closed than commanded', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            want: fc.option(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 5, maxLength: 5 })),
            measured: fc.array(reading, { minLength: 5, maxLength: 5 }),
            amps: reading,
            dt: fc.oneof(fc.constant(40), fc.constant(2000), reading),
          }),
          { maxLength: 80 },
        ),
        (steps) => {
          const h = hand(5);
          for (const s of steps) {
            if (s.want) s.want.forEach((w, i) => (h.f[i].target = w));
            const before = h.f.map((f) => f.target);
            stepServoGuard(h.g, h.set, s.measured, s.amps, s.dt, h.gcfg);
            if (h.g.capped) holdCaps(h.g, h.set);
            for (let i = 0; i < 5; i++) {
              const t = h.f[i].target;
              if (!(t >= 0 && t <= 1 && t <= before[i])) return false;
            }
            stepFingers(h.set, 40, 40, true, cfg);
          }
          return true;
        },
      ),
      { numRuns: 300 },
    );
  });
});
