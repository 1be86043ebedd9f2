// Fault injection, one test per fault the firmware handles today (README "Faults"): each asserts
// the documented reaction — the fault named in hand.status().faults, the red LED blinking fast,
// no EMG-driven motion while it lasts (faultAction "hold", the default) — and the recovery once
// the signal has been good for recoverMs (500 ms). Sensor faults go through the hand simulation
// on the built bundle where the Virtual Pico can produce them (a rail, a flat line); readings an
// ADC cannot return (NaN, Infinity, outside 0..1) and an exception inside a HAL call go through
// the shell over the fake board, where they reach the firmware unclamped.
import { createHandSim, HandSim, HandSnapshot } from '../../sim/engine';
import { bootOn } from '../firmware/boot';
import { memoryStore } from '../firmware/fake-board';
import { defaultConfig } from '../../firmware/config/defaults';
import { encodeRecord } from '../../firmware/config/store';
import { bundle, FINGERS } from './helpers';

let firmware: string;
beforeAll(async () => {
  firmware = await bundle();
});

// ------------------------------------------------------------------ shell over the fake board

const REST = 0.03;
const positions = (core: any): number[] => core.fingers.list.map((f: { position: number }) => f.position);
const redBlinks = (leds: { red: number }[]) => leds.slice(1).filter((l, i) => l.red && !leds[i].red).length;

/** Boots, then closes the hand part-way with the flexor and relaxes: holding at some 0.4-0.6. */
function bootHalfClosed(edit?: (c: ReturnType<typeof defaultConfig>) => void) {
  const store = memoryStore();
  if (edit) {
    const cfg = defaultConfig();
    edit(cfg);
    store.write('grasp.cfg.a', encodeRecord(1, cfg));
  }
  const h = bootOn(store);
  h.run(1500, () => [REST, REST]);
  h.run(320, () => [0.5, REST]);
  h.run(400, () => [REST, REST]);
  return h;
}

describe('invalid readings (fake board: the firmware sees them unclamped)', () => {
  test.each([
    ['NaN on the flexor', 0, NaN, 'flexorSignalInvalid'],
    ['Infinity on the flexor', 0, Infinity, 'flexorSignalInvalid'],
    ['1.5 (above the ADC range) on the extensor', 1, 1.5, 'extensorSignalInvalid'],
    ['-Infinity on the extensor', 1, -Infinity, 'extensorSignalInvalid'],
    ['-0.2 (negative) on the flexor', 0, -0.2, 'flexorSignalInvalid'],
  ])('%s: fault named, red LED blinking, no motion, recovery after recoverMs of good signal', (_name, site, bad, fault) => {
    const h = bootHalfClosed();
    const { hand, core, board } = h;
    const held = positions(core);
    expect(held[0]).toBeGreaterThan(0.2);
    expect(held[0]).toBeLessThan(0.8);
    expect(hand.status().state).toBe('holding');

    // The bad reading, while the other site pushes hard: nothing may move.
    const other = site === 0 ? [bad, 0.6] : [0.6, bad];
    const start = h.leds.length;
    const writes = board.writes.length;
    let faultedAfterMs = -1;
    for (let t = 0; t < 3000; t += 40) {
      h.run(40, () => other);
      if (faultedAfterMs < 0 && hand.status().faults.includes(fault)) faultedAfterMs = t + 40;
      if (faultedAfterMs >= 0) {
        expect(hand.status().state).toBe('fault');
        expect(positions(core)).toEqual(held);
      }
    }
    // NaN and readings above the switch-on level are seen on the next tick; a low invalid
    // reading (negative) only at the idle upkeep, at most IDLE_UPDATE_MS (2 s) later.
    expect(faultedAfterMs).toBeGreaterThan(0);
    expect(faultedAfterMs).toBeLessThanOrEqual(bad < 0 ? 2040 : 40);
    expect(positions(core)).toEqual(held);
    expect(board.writes.length).toBe(writes); // not even a pulse rewritten
    const faultLeds = h.leds.slice(start + faultedAfterMs / 40);
    expect(redBlinks(faultLeds)).toBeGreaterThanOrEqual(3);
    expect(faultLeds.every((l) => l.green === 0)).toBe(true);
    expect(hand.close).toBeDefined();
    hand.close();
    h.run(200, () => other);
    expect(positions(core)).toEqual(held);
    expect(h.printed()).toMatch(new RegExp(`close\\(\\) refused while faulted \\(${fault}\\)`));

    // Good again (both relaxed): still faulted just under recoverMs, clear after it.
    h.run(440, () => [REST, REST]);
    expect(hand.status().faults).toEqual([fault]);
    h.run(120, () => [REST, REST]);
    expect(hand.status().faults).toEqual([]);
    expect(hand.status().state).toBe('holding');
    expect(positions(core)).toEqual(held);
    // And EMG drives the hand again.
    h.run(600, () => [REST, 0.5]);
    expect(positions(core)[0]).toBe(0);
  });

  test('hand.open() is allowed while faulted, and opens slew-limited', () => {
    const h = bootHalfClosed();
    h.run(200, () => [NaN, REST]);
    expect(h.hand.status().state).toBe('fault');
    h.hand.open();
    let last = positions(h.core)[0];
    for (let i = 0; i < 20; i++) {
      h.run(40, () => [NaN, REST]);
      const p = positions(h.core)[0];
      expect(last - p).toBeLessThanOrEqual(0.12 + 1e-9);
      expect(p).toBeLessThanOrEqual(last);
      last = p;
    }
    expect(positions(h.core)).toEqual([0, 0, 0, 0, 0]);
    expect(h.hand.status().state).toBe('fault');
  });

  test('faultAction "open": a fault opens the hand instead of holding it', () => {
    const h = bootHalfClosed((c) => (c.safety.faultAction = 'open'));
    expect(positions(h.core)[0]).toBeGreaterThan(0.2);
    h.run(600, () => [NaN, 0.03]);
    expect(h.hand.status().faults).toEqual(['flexorSignalInvalid']);
    expect(positions(h.core)).toEqual([0, 0, 0, 0, 0]);
  });
});

describe('an exception inside a HAL call (fake board)', () => {
  const boom = (what: string) => () => {
    throw new Error(what + ' exploded');
  };
  test.each([
    ['the flexor sample()', (b: any) => (b.emg[0].sample = boom('ADC'))],
    ['the extensor sample()', (b: any) => (b.emg[1].sample = boom('ADC'))],
    ['a servo pulse()', (b: any) => (b.servos[2].pulse = boom('PWM'))],
  ])('in %s: nothing escapes, every servo released, loopError shown, no kick on a failing tick', (_name, breakIt) => {
    const h = bootOn();
    const { board, hand, core } = h;
    h.run(1500, () => [REST, REST]);
    // Closing: the servos are being driven when the fault strikes.
    hand.close();
    h.ticks(3);
    expect(positions(core)[0]).toBeGreaterThan(0);
    breakIt(board);
    const writes = board.writes.length;
    let failing = 0;
    for (let i = 0; i < 25; i++) {
      const kicks = board.kicks;
      const printed = board.printed.length;
      expect(() => h.ticks(1)).not.toThrow();
      const failed = board.printed.slice(printed).some((l) => /control tick failed: Error: (ADC|PWM) exploded/.test(l));
      if (failed) {
        failing++;
        expect(board.kicks).toBe(kicks); // the watchdog is not kicked on a tick that failed
      }
      expect(hand.status().faults).toContain('loopError');
    }
    expect(failing).toBeGreaterThanOrEqual(1);
    const after = board.writes.slice(writes);
    // Every servo released (pulse 0), and nothing pulsed after its release.
    for (let i = 0; i < 5; i++) {
      const mine = after.filter((w) => w.servo === i);
      expect(mine.some((w) => w.pulseUs === 0)).toBe(true);
      expect(mine[mine.length - 1].pulseUs).toBe(0);
    }
  });

  test('a persistent exception in sample(): the watchdog is never kicked again (the board would reset)', () => {
    const h = bootOn();
    h.run(1500, () => [REST, REST]);
    h.board.emg[0].sample = boom('ADC');
    const kicks = h.board.kicks;
    h.ticks(50); // 2 s, twice the default 1 s watchdog
    expect(h.board.kicks).toBe(kicks);
  });

  test('a persistent exception in pulse() only fails the ticks that write a pulse: the fault freezes motion, so the loop runs healthy (and kicks) in between', () => {
    // What the firmware does (README: "the watchdog is not kicked" holds for the failing tick):
    // the failure is masked rather than reset by the watchdog; the hand is safe (released, fault).
    const h = bootOn();
    h.run(1500, () => [REST, REST]);
    h.hand.close();
    h.ticks(3);
    h.board.servos[2].pulse = boom('PWM');
    h.ticks(1);
    const kicks = h.board.kicks;
    h.ticks(25);
    expect(h.board.kicks).toBe(kicks + 25);
    expect(h.hand.status().state).toBe('fault');
    expect(h.hand.status().faults).toEqual(['loopError']);
  });

  // Found by this suite: an exception before tickHand ran (in a sample()) left the state and LED
  // as they were ("moving", green). Fixed in firmware/shell.ts (tickFailed shows the fault).
  test('a persistent exception in sample(): status().state is "fault" and the red LED blinks', () => {
    const h = bootOn();
    h.run(1500, () => [REST, REST]);
    h.hand.close();
    h.ticks(3);
    h.board.emg[0].sample = boom('ADC');
    const start = h.leds.length;
    h.ticks(25);
    expect(h.hand.status().faults).toEqual(['loopError']);
    expect(h.hand.status().state).toBe('fault');
    expect(redBlinks(h.leds.slice(start))).toBeGreaterThanOrEqual(2);
  });

  test('a transient exception: released, no motion until hand.resume(), then healthy again', () => {
    const h = bootOn();
    const { board, hand, core } = h;
    h.run(1500, () => [REST, REST]);
    const sample = board.emg[0].sample;
    let fail = true;
    board.emg[0].sample = () => {
      if (fail) throw new Error('glitch');
      return sample();
    };
    h.ticks(1);
    fail = false;
    const kicks = board.kicks;
    h.ticks(10);
    // The loop runs again (kicks), but the fault stays and blocks motion until resume().
    expect(board.kicks).toBe(kicks + 10);
    expect(hand.status().faults).toEqual(['loopError']);
    hand.close();
    h.ticks(10);
    expect(positions(core)).toEqual([0, 0, 0, 0, 0]);
    expect(hand.status().state).toBe('fault');
    hand.resume();
    h.ticks(2);
    expect(hand.status().faults).toEqual([]);
    hand.close();
    h.ticks(20);
    expect(positions(core)).toEqual([1, 1, 1, 1, 1]);
    expect(board.writes[board.writes.length - 1].pulseUs).toBe(2000);
  });
});

describe('after a fault interrupts a motion', () => {
  // Found by this suite: entering a fault froze the fingers but left hand.grip where the
  // interrupted command put it, so after recovery an OPEN contraction first CLOSED the hand
  // (thumb 0.36 -> 0.82). Fixed in core/hand.ts (holdFingers takes the grip from the fingers;
  // EMG moves a finger only the way the muscle asks).
  test('an open contraction after recovery never closes the hand', () => {
    const h = bootOn();
    h.run(1500, () => [REST, REST]);
    h.hand.close();
    h.ticks(3);
    const held = positions(h.core);
    expect(held[0]).toBeCloseTo(0.36, 5);
    h.run(80, () => [NaN, REST]);
    expect(h.hand.status().state).toBe('fault');
    h.run(1000, () => [REST, REST]);
    expect(h.hand.status().faults).toEqual([]);
    let last = positions(h.core);
    for (let i = 0; i < 30; i++) {
      h.run(40, () => [REST, 0.5]);
      const p = positions(h.core);
      p.forEach((x, j) => expect(x).toBeLessThanOrEqual(last[j]));
      last = p;
    }
    expect(last).toEqual([0, 0, 0, 0, 0]);
  });

  test('the same through the built bundle: a rail fault during hand.close(), recovery, then the extensor', () => {
    const sim = createHandSim({ firmware, seed: 3, statusIntervalMs: 40 });
    sim.step(1500);
    // The rail becomes a fault after railMs (500 ms): start the close just before that.
    sim.injectFault({ kind: 'liftoff', site: 'flexor', mode: 'rail' });
    sim.step(400);
    sim.console('hand.close()');
    sim.step(1000);
    expect(sim.snapshot().status?.state).toBe('fault');
    sim.clearFault();
    sim.step(1500);
    let s = sim.snapshot();
    expect(s.status?.faults).toEqual([]);
    let last = FINGERS.map((f) => s.status!.fingers![f]);
    expect(last[0]).toBeGreaterThan(0.1);
    expect(last[0]).toBeLessThan(0.9);
    sim.setEffort('extensor', 0.6, 0.1);
    for (let i = 0; i < 40; i++) {
      sim.step(40);
      s = sim.snapshot();
      const p = FINGERS.map((f) => s.status!.fingers![f]);
      p.forEach((x, j) => expect(x).toBeLessThanOrEqual(last[j]));
      last = p;
    }
  });
});

// ------------------------------------------------------------------ the engine on the bundle

/** Steps `ms` in 40 ms steps, calling `each` with every snapshot. */
function watch(sim: HandSim, ms: number, each: (s: HandSnapshot) => void) {
  for (let t = 0; t < ms; t += 40) {
    sim.step(40);
    each(sim.snapshot());
  }
}

function bootedHalfClosed(): { sim: HandSim; held: number[]; pulses: (number | null)[] } {
  const sim = createHandSim({ firmware, seed: 7, statusIntervalMs: 40 });
  sim.step(1500);
  sim.setEffort('flexor', 0.6, 0.1);
  sim.step(450);
  sim.setEffort('flexor', 0);
  sim.step(1000);
  const s = sim.snapshot();
  expect(s.status?.state).toBe('holding');
  const held = FINGERS.map((f) => s.status!.fingers![f]);
  expect(held[0]).toBeGreaterThan(0.2);
  expect(held[0]).toBeLessThan(0.9);
  return { sim, held, pulses: s.pulsesUs };
}

describe('electrode lift-off (hand simulation on the built bundle)', () => {
  test('flexor rail: flexorStuckAtRail after railMs, red blinking, no motion at all once railed; recovers', () => {
    const { sim, held, pulses } = bootedHalfClosed();
    sim.injectFault({ kind: 'liftoff', site: 'flexor', mode: 'rail' });
    // The sensor's envelope takes ~50 ms to reach the rail: a block or two on the way looks like
    // a strong flexor contraction (not a railed reading). Tolerated here: a short closing twitch
    // within the first 160 ms, at most 0.15 of the stroke (measured: 0.12; 0.105 while the first block of
    // a rise was always smoothed to half, see signal.ts fastAt); after that nothing
    // moves. The test.failing below pins the twitch itself down.
    sim.step(160);
    let s0 = sim.snapshot();
    const after = FINGERS.map((f) => s0.status!.fingers![f]);
    after.forEach((x, i) => {
      expect(x).toBeGreaterThanOrEqual(held[i]);
      expect(x - held[i]).toBeLessThanOrEqual(0.15);
    });
    const railedPulses = s0.pulsesUs;
    let faultAt = -1;
    let t = 160;
    let red = 0;
    let green = 0;
    watch(sim, 2500, (s) => {
      t += 40;
      const st = s.status!;
      expect(FINGERS.map((f) => st.fingers![f])).toEqual(after);
      expect(s.pulseMinUs).toEqual(railedPulses);
      expect(s.pulseMaxUs).toEqual(railedPulses);
      if (faultAt < 0 && st.faults!.includes('flexorStuckAtRail')) {
        faultAt = t;
        // Once faulted the extensor pushes too: a fault stops all EMG-driven motion.
        sim.setEffort('extensor', 0.7);
      }
      if (faultAt >= 0 && t > faultAt + 100) {
        expect(st.state).toBe('fault');
        red += s.leds.red.edges;
        green += s.leds.green.edges + s.leds.green.duty;
      }
    });
    expect(pulses.every((p) => p !== null)).toBe(true);
    expect(sim.snapshot().emgAdc.flexor).toBe(1);
    expect(faultAt).toBeGreaterThanOrEqual(500);
    expect(faultAt).toBeLessThanOrEqual(700);
    expect(red).toBeGreaterThanOrEqual(4); // 3 Hz over ~1.8 s
    expect(green).toBe(0);
    expect(sim.snapshot().status?.faults).toEqual(['flexorStuckAtRail']);

    // The electrode back on, the muscles relaxed: clear after recoverMs, the hand where it was.
    sim.setEffort('extensor', 0);
    sim.clearFault();
    sim.step(300);
    expect(sim.snapshot().status?.faults).toEqual(['flexorStuckAtRail']);
    sim.step(700);
    const s = sim.snapshot();
    expect(s.status?.faults).toEqual([]);
    expect(s.status?.state).toBe('holding');
    expect(FINGERS.map((f) => s.status!.fingers![f])).toEqual(after);
    // EMG control is back: the extensor opens.
    sim.setEffort('extensor', 0.6, 0.1);
    sim.step(1500);
    expect(sim.snapshot().flexion.every((f) => f < 0.05)).toBe(true);
    expect(sim.snapshot().errorCount).toBe(0);
  });

  // BUG / limitation: README says "A railed reading never counts as a contraction, even before it
  // becomes a fault", but a MyoWare envelope reaches the rail through its smoothing (~50 ms in
  // the EMG model): the one or two 40 ms blocks on the way up (block means ~0.3-0.9) look like a
  // strong flexor contraction, minOnMs (40) lets them switch the site on at once, and the hand
  // closes by ~0.12 of its stroke (2 ticks) before the next block is recognised as railed.
  // Repro: createHandSim({firmware, seed: 7}); hold half closed (see bootedHalfClosed); then
  // injectFault({kind:'liftoff', site:'flexor', mode:'rail'}); step(160): fingers 0.63 -> 0.75.
  // Possible fixes: a longer minOnMs, or treating a block whose mean jumps past maxLevel towards
  // the rail as suspect until the next block.
  test.failing('flexor rail lift-off: the fingers do not move at all (no twitch while the envelope rises to the rail)', () => {
    const { sim, held } = bootedHalfClosed();
    sim.injectFault({ kind: 'liftoff', site: 'flexor', mode: 'rail' });
    watch(sim, 1000, (s) => expect(FINGERS.map((f) => s.status!.fingers![f])).toEqual(held));
  });

  test('extensor flat line: no fault (the firmware does not detect one), reads as relaxed, moves nothing; works after', () => {
    // README lists NaN/out-of-range and rails as faults; a flat line (electrode off, input still
    // biased) is not one of them yet (issue 8). What the firmware does: the site reads as rest.
    const { sim, held } = bootedHalfClosed();
    sim.injectFault({ kind: 'liftoff', site: 'extensor', mode: 'flat' });
    sim.setEffort('extensor', 0.8); // the user tries to open: nothing arrives
    watch(sim, 6000, (s) => {
      expect(s.status?.faults).toEqual([]);
      expect(s.status?.state).toBe('holding');
      expect(FINGERS.map((f) => s.status!.fingers![f])).toEqual(held);
      expect(s.emgAdc.extensor).toBeLessThan(0.03);
    });
    // The flexor still works on its own.
    sim.setEffort('flexor', 0.6, 0.1);
    sim.step(1500);
    expect(sim.snapshot().flexion.every((f) => f > 0.95)).toBe(true);
    sim.setEffort('flexor', 0);
    // The electrode back on: the extensor opens the hand again.
    sim.clearFault();
    sim.step(1500);
    expect(sim.snapshot().flexion.every((f) => f < 0.05)).toBe(true);
    expect(sim.snapshot().errorCount).toBe(0);
  });
});
