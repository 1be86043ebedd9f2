// The steady-motion tick (firmware/core/steady.ts) stands in for the full control tick while one
// muscle moves the hand, to save the Pico's CPU. It must never behave differently: these tests
// run two hands side by side on the same random EMG, one allowed the steady tick and one forced
// to run the full tick every time, and require the same servo pulses, states and LEDs.
import fc from 'fast-check';
import { bootOn } from './boot';
import { Config } from '../../firmware/config/types';
import { settleSteady } from '../../firmware/core/hand';

type Step = { flexor: number; extensor: number; ticks: number; action: 'none' | 'press' | 'status' | 'close' | 'set' };

// Levels around the default thresholds (rest 0.03, on at 0.144, off at 0.087, rail at 0.99),
// strong efforts, a rail and an invalid reading.
const level = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(0.03, 0.08, 0.09, 0.14, 0.15, 0.16, 0.2, 0.3, 0.5, 0.6) },
  { weight: 3, arbitrary: fc.double({ min: 0, max: 0.7, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(0.995, NaN, -0.1) },
);
const step: fc.Arbitrary<Step> = fc.record({
  flexor: level,
  extensor: level,
  ticks: fc.integer({ min: 1, max: 40 }),
  action: fc.oneof({ weight: 12, arbitrary: fc.constant('none' as const) }, { weight: 1, arbitrary: fc.constantFrom('press' as const, 'status' as const, 'close' as const, 'set' as const) }),
});

function pair(config?: (c: Config) => void) {
  const a = bootOn(undefined, { config });
  const b = bootOn(undefined, { config });
  a.run(1200);
  b.run(1200);
  return { a, b };
}

function drive(h: ReturnType<typeof bootOn>, s: Step, fullOnly: boolean, jitter: number) {
  if (s.action === 'press') h.board.pressButton();
  if (s.action === 'status') h.hand.status();
  if (s.action === 'close') h.hand.close();
  if (s.action === 'set') h.hand.set('index', 0.4);
  let steadyTicks = 0;
  for (let i = 0; i < s.ticks; i++) {
    // A little noise, the same for both hands.
    h.board.levels[0] = s.flexor + (s.flexor === s.flexor && s.flexor > 0 && s.flexor < 0.9 ? jitter * ((i * 7) % 5) : 0);
    h.board.levels[1] = s.extensor;
    if (fullOnly) h.core.steady = false;
    const before = h.core.steadyTicks;
    h.board.tick();
    if (h.core.steadyTicks > before) steadyTicks++;
  }
  return steadyTicks;
}

function observe(h: ReturnType<typeof bootOn>) {
  const c = h.core;
  // What any reader sees: status(), telemetry and the full tick bring the records up to date first.
  settleSteady(c);
  return {
    state: c.state,
    grip: c.grip,
    writes: h.board.writes.length,
    lastWrites: h.board.writes.slice(-5),
    led: h.leds[h.leds.length - 1],
    sites: c.channels.map((ch) => [ch.on, ch.envelope, ch.effort, ch.faults]),
  };
}

describe('steady-motion tick', () => {
  test('random EMG, button and commands: the same pulses, states and LEDs as the full tick', () => {
    let steadyTotal = 0;
    let ticksTotal = 0;
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 25 }), fc.double({ min: 0, max: 0.01, noNaN: true }), (steps, jitter) => {
        const { a, b } = pair();
        for (const s of steps) {
          steadyTotal += drive(a, s, false, jitter);
          drive(b, s, true, jitter);
          ticksTotal += s.ticks;
          expect(observe(a)).toEqual(observe(b));
        }
        expect(a.board.writes).toEqual(b.board.writes);
        // uptimeS is brought up to date by the full tick (at most every 2 s, as at rest).
        expect({ ...a.hand.status(), uptimeS: 0 }).toEqual({ ...b.hand.status(), uptimeS: 0 });
      }),
      { numRuns: 150 },
    );
    // The comparison means something only if the steady tick ran on many of those ticks.
    expect(steadyTotal / ticksTotal).toBeGreaterThan(0.1);
  });

  test('with muscle triggers on (the full tick steps them while the hand is open): the same as the full tick', () => {
    let steadyTotal = 0;
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 20 }), (steps) => {
        const { a, b } = pair((c) => {
          c.grips.coContractionMs = 80;
          c.grips.holdOpenMs = 1500;
        });
        for (const s of steps) {
          steadyTotal += drive(a, s, false, 0);
          drive(b, s, true, 0);
          expect(observe(a)).toEqual(observe(b));
        }
        expect(a.board.writes).toEqual(b.board.writes);
      }),
      { numRuns: 60 },
    );
    expect(steadyTotal).toBeGreaterThan(100);
  });

  test('open, with the opening muscle held: steady ticks, and the fingers let go on the same tick as with the full tick', () => {
    const { a, b } = pair();
    const close = { flexor: 0.3, extensor: 0.03, ticks: 1, action: 'none' as const };
    const open = { flexor: 0.03, extensor: 0.3, ticks: 1, action: 'none' as const };
    let steady = 0;
    for (let i = 0; i < 190; i++) {
      const s = i < 40 ? close : open;
      steady += drive(a, s, false, 0);
      drive(b, s, true, 0);
      expect(observe(a)).toEqual(observe(b));
    }
    expect(a.board.writes).toEqual(b.board.writes);
    // Every finger let go (releaseAfterMs 2000 after the hand stopped), while the muscle stayed on.
    expect(a.board.writes.slice(-5).map((w) => w.pulseUs)).toEqual([0, 0, 0, 0, 0]);
    expect(a.hand.status().emg[1].on).toBe(true);
    // Most of the 3.2 s at the open hand ran on the steady tick.
    expect(steady).toBeGreaterThan(100);
  });

  test('a steady close runs mostly on the steady tick and ends holding, fully closed', () => {
    const h = bootOn();
    h.run(1200);
    let steady = 0;
    for (let i = 0; i < 60; i++) steady += drive(h, { flexor: 0.2, extensor: 0.03, ticks: 1, action: 'none' }, false, 0);
    expect(steady).toBeGreaterThan(30);
    expect(h.hand.status().state).toBe('holding');
    expect(Object.values(h.hand.status().fingers)).toEqual([1, 1, 1, 1, 1]);
  });

  test('a button press during a steady close is seen on the next tick: the hand pauses and opens', () => {
    const h = bootOn();
    h.run(1200);
    drive(h, { flexor: 0.2, extensor: 0.03, ticks: 10, action: 'none' }, false, 0);
    expect(h.core.steady).toBe(true);
    drive(h, { flexor: 0.2, extensor: 0.03, ticks: 1, action: 'press' }, false, 0);
    expect(h.hand.status().emgControl).toBe(false);
    drive(h, { flexor: 0.2, extensor: 0.03, ticks: 30, action: 'none' }, false, 0);
    expect(h.hand.status().grip).toBe(0);
  });

  test('an electrode lifting off during a steady close stops the hand at once', () => {
    const h = bootOn();
    h.run(1200);
    drive(h, { flexor: 0.2, extensor: 0.03, ticks: 8, action: 'none' }, false, 0);
    expect(h.core.steady).toBe(true);
    const writes = h.board.writes.length;
    drive(h, { flexor: 0.999, extensor: 0.03, ticks: 21, action: 'none' }, false, 0);
    expect(h.hand.status().faults).toContain('flexorStuckAtRail');
    expect(h.board.writes.length).toBe(writes);
  });
});
