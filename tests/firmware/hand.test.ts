import { makeHand, run, levelFor, REST } from './drive';
import { STATE_NAMES, faultNames } from '../../firmware/core/hand';
import { PATTERN_FAULT, PATTERN_PAUSED, PATTERN_READY } from '../../firmware/core/status-led';

const state = (h: ReturnType<typeof makeHand>) => STATE_NAMES[h.hand.state];
const positions = (h: ReturnType<typeof makeHand>) => h.hand.fingers.list.map((f) => f.position);

describe('hand state machine, two-site control', () => {
  test('boots, then is ready; EMG during boot moves nothing', () => {
    const h = makeHand();
    run(h, 520, [levelFor(0.8, h.cfg), REST]);
    expect(state(h)).toBe('booting');
    expect(positions(h)).toEqual([0, 0, 0, 0, 0]);
    run(h, 600, [REST, REST]);
    expect(state(h)).toBe('ready');
  });

  test('flexor activity closes the hand, it holds when the muscle relaxes, extensor activity opens it', () => {
    const h = makeHand();
    run(h, 1500, [REST, REST]);
    run(h, 200, [levelFor(0.6, h.cfg), REST]);
    expect(state(h)).toBe('moving');
    run(h, 2000, [levelFor(0.6, h.cfg), REST]);
    expect(positions(h).every((p) => p === 1)).toBe(true);
    run(h, 400, [REST, REST]);
    expect(state(h)).toBe('holding');
    run(h, 2000, [REST, levelFor(0.6, h.cfg, 1)]);
    expect(positions(h).every((p) => p === 0)).toBe(true);
    run(h, 400, [REST, REST]);
    expect(state(h)).toBe('ready');
  });

  test('a stronger contraction closes faster (speed proportional to effort)', () => {
    const closedAfter = (effort: number) => {
      const h = makeHand();
      run(h, 1500, [REST, REST]);
      run(h, 400, [levelFor(effort, h.cfg), REST]);
      return h.hand.grip;
    };
    const weak = closedAfter(0.3);
    const strong = closedAfter(0.9);
    expect(weak).toBeGreaterThan(0.05);
    expect(strong).toBeGreaterThan(weak * 1.5);
  });

  test('rest noise under the on threshold never moves the hand', () => {
    const h = makeHand();
    let seed = 1;
    const noise = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 0.08;
    const dt = h.cfg.tickMs;
    for (let t = 0; t < 60000; t += dt) run(h, dt, [REST + noise(), REST + noise()]);
    expect(positions(h)).toEqual([0, 0, 0, 0, 0]);
    expect(state(h)).toBe('ready');
  });

  test('both sites on, arbitration "first": the muscle that started the motion keeps it', () => {
    const h = makeHand((c) => (c.grips.arbitration = 'first'));
    run(h, 1500, [REST, REST]);
    run(h, 240, [levelFor(0.5, h.cfg), REST]);
    const g = h.hand.grip;
    expect(g).toBeGreaterThan(0.2);
    // The extensor joins, stronger: the hand goes on closing.
    run(h, 200, [levelFor(0.5, h.cfg), levelFor(0.9, h.cfg, 1)]);
    expect(h.hand.grip).toBeGreaterThan(g);
  });

  test('both sites on, arbitration "stronger" (default): the stronger muscle wins', () => {
    const h = makeHand();
    run(h, 1500, [REST, REST]);
    run(h, 200, [levelFor(0.9, h.cfg), REST]);
    run(h, 200, [levelFor(0.9, h.cfg), levelFor(0.4, h.cfg, 1)]);
    const g = h.hand.grip;
    expect(g).toBeGreaterThan(0.3);
    run(h, 200, [levelFor(0.4, h.cfg), levelFor(0.9, h.cfg, 1)]);
    expect(h.hand.grip).toBeLessThan(g);
  });
});

describe('button', () => {
  test('a press opens the hand and stops EMG control until the next press', () => {
    const h = makeHand();
    run(h, 1500, [REST, REST]);
    run(h, 1000, [levelFor(0.7, h.cfg), REST]);
    expect(h.hand.grip).toBeGreaterThan(0.5);
    run(h, 40, [REST, REST], 1);
    expect(h.hand.emgEnabled).toBe(false);
    run(h, 2000, [levelFor(0.7, h.cfg), REST]);
    expect(positions(h).every((p) => p === 0)).toBe(true);
    expect(h.hand.led.pattern).toBe(PATTERN_PAUSED);
    run(h, 40, [REST, REST], 1);
    run(h, 1000, [levelFor(0.7, h.cfg), REST]);
    expect(h.hand.grip).toBeGreaterThan(0.5);
  });
});

describe('faults', () => {
  test('a NaN sensor faults the hand: it holds still, the LED and the fault list show it, then it recovers', () => {
    const h = makeHand();
    run(h, 1500, [REST, REST]);
    run(h, 300, [levelFor(0.7, h.cfg), REST]);
    const held = positions(h);
    run(h, 40, [NaN, REST]);
    expect(state(h)).toBe('fault');
    expect(faultNames(h.hand)).toEqual(['flexorSignalInvalid']);
    // The other site asking to open is ignored while faulted: no motion at all.
    run(h, 2000, [NaN, levelFor(0.9, h.cfg, 1)]);
    expect(positions(h)).toEqual(held);
    expect(h.hand.led.pattern).toBe(PATTERN_FAULT);
    run(h, 800, [REST, REST]);
    expect(state(h)).toBe('holding');
    expect(faultNames(h.hand)).toEqual([]);
  });

  test('faultAction "open" opens the hand on a sensor fault', () => {
    const h = makeHand((c) => (c.safety.faultAction = 'open'));
    run(h, 1500, [REST, REST]);
    run(h, 800, [levelFor(0.7, h.cfg), REST]);
    run(h, 2000, [REST, 1.0]);
    expect(faultNames(h.hand)).toEqual(['extensorStuckAtRail']);
    expect(positions(h).every((p) => p === 0)).toBe(true);
  });

  test('ready shows the ready LED pattern', () => {
    const h = makeHand();
    run(h, 1500, [REST, REST]);
    expect(h.hand.led.pattern).toBe(PATTERN_READY);
  });
});

describe('one-site control', () => {
  test('toggle: a short burst closes the hand fully, the next one opens it, a long contraction does nothing', () => {
    const h = makeHand((c) => {
      c.control.mode = 'one-site-toggle';
      c.emg = [c.emg[0]];
    });
    run(h, 1500, [REST]);
    run(h, 240, [levelFor(0.6, h.cfg)]);
    run(h, 2000, [REST]);
    expect(h.hand.grip).toBe(1);
    run(h, 240, [levelFor(0.6, h.cfg)]);
    run(h, 2000, [REST]);
    expect(h.hand.grip).toBe(0);
    run(h, 1500, [levelFor(0.6, h.cfg)]);
    run(h, 2000, [REST]);
    expect(h.hand.grip).toBe(0);
  });

  test('level-coded: a light contraction opens, a strong one closes', () => {
    const h = makeHand((c) => {
      c.control.mode = 'one-site-level';
      c.emg = [c.emg[0]];
    });
    run(h, 1500, [REST]);
    run(h, 1000, [levelFor(0.9, h.cfg)]);
    expect(h.hand.grip).toBeGreaterThan(0.8);
    run(h, 1000, [levelFor(0.35, h.cfg)]);
    expect(h.hand.grip).toBeLessThan(0.5);
  });
});
