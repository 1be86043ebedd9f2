import fc from 'fast-check';
import { defaultConfig } from '../../firmware/config/defaults';
import { createFinger, pulseForPosition, setFingerTarget, stepFingers, FingerSet } from '../../firmware/core/fingers';
import { FingerConfig } from '../../firmware/config/types';

const base: FingerConfig = { name: 'index', pin: 'B4', minPulseUs: 1000, maxPulseUs: 2000, inverted: false, maxSpeedPerS: 2 };

function set(cfgs: FingerConfig[]): FingerSet {
  return { list: cfgs.map(createFinger), changed: 0, active: true };
}

describe('servo mapping', () => {
  test('open is the minimum pulse and closed the maximum, or the reverse when inverted', () => {
    const f = createFinger(base);
    expect(pulseForPosition(f, 0)).toBe(1000);
    expect(pulseForPosition(f, 1)).toBe(2000);
    expect(pulseForPosition(f, 0.25)).toBe(1250);
    const inv = createFinger({ ...base, inverted: true });
    expect(pulseForPosition(inv, 0)).toBe(2000);
    expect(pulseForPosition(inv, 1)).toBe(1000);
  });

  test('no position, however wrong, gives a pulse outside the configured range', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 500, max: 1500 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.boolean(),
        fc.oneof(fc.double(), fc.constant(NaN), fc.constant(Infinity), fc.constant(-Infinity)),
        (min, span, inverted, position) => {
          const f = createFinger({ ...base, minPulseUs: min, maxPulseUs: min + span, inverted });
          const us = pulseForPosition(f, position);
          return us >= min && us <= min + span;
        },
      ),
    );
  });

  test('a target that is not a number is refused and the finger stays put', () => {
    const f = createFinger(base);
    f.target = 0.4;
    expect(setFingerTarget(f, NaN)).toBe(false);
    expect(setFingerTarget(f, 'x' as unknown as number)).toBe(false);
    expect(f.target).toBe(0.4);
    expect(setFingerTarget(f, 7)).toBe(true);
    expect(f.target).toBe(1);
  });
});

describe('slew-limited motion', () => {
  test('a finger never moves faster than its maximum speed (no jumps)', () => {
    const cfg = defaultConfig();
    const s = set([base]);
    setFingerTarget(s.list[0], 1);
    let last = 0;
    let ticks = 0;
    while (s.list[0].position < 1 && ticks < 100) {
      stepFingers(s, 40, 40, false, cfg);
      expect(s.list[0].position - last).toBeLessThanOrEqual(2 * 0.04 + 1e-9);
      last = s.list[0].position;
      ticks++;
    }
    expect(ticks).toBe(13); // 1 stroke at 2 strokes/s = 500 ms = 12.5 ticks of 40 ms
    expect(s.list[0].pulseUs).toBe(2000);
  });

  test('pulses stop after the release time once the open hand is still, and resume on a new target', () => {
    const cfg = defaultConfig();
    const s = set([base]);
    setFingerTarget(s.list[0], 0.01);
    stepFingers(s, 40, 40, false, cfg);
    expect(s.list[0].pulseUs).toBe(1010);
    s.changed = 0;
    for (let t = 0; t < cfg.servo.releaseAfterMs - 40; t += 40) stepFingers(s, 40, 40, false, cfg);
    expect(s.list[0].pulseUs).toBe(1010);
    expect(s.changed).toBe(0);
    stepFingers(s, 40, 40, false, cfg);
    expect(s.list[0].pulseUs).toBe(0);
    expect(s.changed).toBe(1);
    setFingerTarget(s.list[0], 0.5);
    stepFingers(s, 40, 40, false, cfg);
    expect(s.list[0].pulseUs).toBeGreaterThan(1000);
  });

  test('a holding grip keeps its pulses unless configured to release', () => {
    const cfg = defaultConfig();
    const s = set([base]);
    setFingerTarget(s.list[0], 0.04);
    for (let t = 0; t < 10000; t += 40) stepFingers(s, 40, 40, true, cfg);
    expect(s.list[0].pulseUs).toBe(1040);
    cfg.servo.releaseWhenHolding = true;
    for (let t = 0; t < 10000; t += 40) stepFingers(s, 40, 40, true, cfg);
    expect(s.list[0].pulseUs).toBe(0);
  });
});
