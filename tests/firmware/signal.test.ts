import { defaultConfig } from '../../firmware/config/defaults';
import { createEmgChannel, updateEmgChannel, FAULT_RAIL, FAULT_SIGNAL, IDLE_UPDATE_MS } from '../../firmware/core/signal';
import { Config } from '../../firmware/config/types';

function channel(edit?: (c: Config) => void) {
  const cfg = defaultConfig();
  if (edit) edit(cfg);
  const ch = createEmgChannel(cfg.emg[0], cfg);
  const feed = (ms: number, level: number, mean = level, idle = false) => {
    for (let t = 0; t < ms; t += cfg.tickMs) updateEmgChannel(ch, level, mean, cfg.tickMs, idle, cfg);
  };
  /** What an idle hand does: one upkeep call a second, the only time the baseline adapts. */
  const idle = (ms: number, level: number) => {
    for (let t = 0; t < ms; t += IDLE_UPDATE_MS) updateEmgChannel(ch, level, level, IDLE_UPDATE_MS, true, cfg);
  };
  return { cfg, ch, feed, idle };
}

describe('EMG site: thresholds and hysteresis', () => {
  test('rest stays off; a contraction over the on threshold switches on', () => {
    const { ch, feed } = channel();
    feed(2000, 0.03);
    expect(ch.on).toBe(false);
    expect(ch.effort).toBeLessThan(0.05);
    feed(200, 0.4);
    expect(ch.on).toBe(true);
    expect(ch.effort).toBeGreaterThan(0.5);
  });

  test('a one-tick spike does not switch on when the minimum on time is two ticks', () => {
    const { ch, feed } = channel((c) => {
      c.control.minOnMs = 80;
      c.control.smoothingMs = 0;
    });
    feed(400, 0.03);
    feed(40, 0.6);
    feed(40, 0.03);
    expect(ch.on).toBe(false);
    feed(80, 0.6);
    expect(ch.on).toBe(true);
  });

  test('a clear rise (past the on level by the on-off band) switches on in its first block; a smaller one still needs the smoothing to confirm it', () => {
    // Defaults: rest 0.03, max 0.6, on 0.2, off 0.1: on at 0.144, off at 0.087, a clear rise past 0.201.
    const { cfg, ch, feed } = channel();
    expect(cfg.control.smoothingMs).toBe(40); // halves a new block, each tick
    expect(ch.fastAt).toBeCloseTo(0.03 + (2 * 0.2 - 0.1) * 0.57, 6);
    feed(400, 0.03);
    feed(40, 0.25); // smoothed, this first block would be 0.14: under the on level
    expect(ch.on).toBe(true);
    expect(ch.envelope).toBeCloseTo(0.25, 6);

    const small = channel();
    small.feed(400, 0.03);
    small.feed(40, 0.19); // over the on level, short of a clear rise: smoothed to 0.11
    expect(small.ch.on).toBe(false);
    expect(small.ch.envelope).toBeCloseTo(0.11, 6);
    small.feed(40, 0.19); // a second block confirms it (0.15)
    expect(small.ch.on).toBe(true);
  });

  test('a clear rise is relative to the calibrated range, and a range calibration would refuse never takes it', () => {
    const { cfg, ch, feed } = channel((c) => {
      c.emg[0].restLevel = 0.1;
      c.emg[0].maxLevel = 0.3;
    });
    expect(ch.fastAt).toBeCloseTo(0.1 + (2 * cfg.control.onLevel - cfg.control.offLevel) * 0.2, 6);
    feed(400, 0.1);
    feed(40, 0.17);
    expect(ch.on).toBe(true);
    const flat = channel((c) => {
      c.emg[0].restLevel = 0.3;
      c.emg[0].maxLevel = 0.3;
    });
    expect(flat.ch.fastAt).toBeGreaterThan(1);
    flat.feed(400, 0.95);
    expect(flat.ch.on).toBe(false);
  });

  test('between the off and on thresholds the site keeps its state (hysteresis)', () => {
    const { cfg, ch, feed } = channel((c) => (c.control.smoothingMs = 0));
    const between = 0.03 + ((cfg.control.onLevel + cfg.control.offLevel) / 2) * (0.6 - 0.03);
    feed(400, between);
    expect(ch.on).toBe(false);
    feed(200, 0.5);
    expect(ch.on).toBe(true);
    feed(1000, between);
    expect(ch.on).toBe(true);
  });

  test('switching off needs the signal under the off threshold for the minimum off time', () => {
    const { ch, feed } = channel((c) => (c.control.smoothingMs = 0));
    feed(200, 0.5);
    feed(80, 0.03); // 80 ms < minOffMs 120
    expect(ch.on).toBe(true);
    feed(80, 0.03);
    expect(ch.on).toBe(false);
  });

  test('the baseline follows slow drift at rest (with its time constant) but not during a contraction', () => {
    const { cfg, ch, feed, idle } = channel();
    idle(cfg.control.baselineMs, 0.06);
    // One time constant: well on the way from 0.03 to 0.06 (the envelope itself lags too).
    expect(ch.baseline).toBeGreaterThan(0.042);
    expect(ch.baseline).toBeLessThan(0.055);
    idle(30000, 0.06);
    expect(ch.baseline).toBeGreaterThan(0.059);
    const before = ch.baseline;
    feed(30000, 0.5);
    expect(ch.on).toBe(true);
    expect(ch.baseline).toBeCloseTo(before, 5);
  });

  test('thresholds move with the baseline', () => {
    const { ch, idle } = channel();
    const onAt = ch.onAt;
    idle(60000, 0.08);
    expect(ch.onAt - onAt).toBeCloseTo(0.05 * (1 - 0.2), 2);
  });

  test('the baseline does not adapt on ordinary (busy) ticks', () => {
    const { ch, feed } = channel();
    feed(10000, 0.06);
    expect(ch.baseline).toBeCloseTo(0.03, 5);
  });

  test('effort is normalised to the calibrated range and clamped to 0..1', () => {
    const { ch, feed } = channel((c) => (c.control.smoothingMs = 0));
    feed(40, 0.315);
    expect(ch.effort).toBeCloseTo(0.5, 2);
    feed(40, 0.95);
    expect(ch.effort).toBe(1);
    feed(40, 0);
    expect(ch.effort).toBe(0);
  });
});

describe('EMG site: bad input', () => {
  test.each([NaN, Infinity, -0.2, 1.5])('reading %p faults the site and stops it', (bad) => {
    const { ch, feed } = channel();
    feed(200, 0.5);
    expect(ch.on).toBe(true);
    feed(40, bad);
    expect(ch.faults & FAULT_SIGNAL).toBeTruthy();
    expect(ch.on).toBe(false);
    expect(ch.effort).toBe(0);
    expect(Number.isFinite(ch.envelope)).toBe(true);
  });

  test('a fault clears after the signal has been good for the recovery time', () => {
    const { cfg, ch, feed } = channel();
    feed(40, NaN);
    feed(cfg.safety.recoverMs - 40, 0.03);
    expect(ch.faults).not.toBe(0);
    feed(80, 0.03);
    expect(ch.faults).toBe(0);
  });

  test('an envelope pinned at the top rail faults after railMs; resting near 0 V does not', () => {
    const { cfg, ch, feed } = channel();
    feed(5000, 0.0);
    expect(ch.faults).toBe(0);
    feed(cfg.safety.railMs - 40, 1.0);
    expect(ch.faults).toBe(0);
    feed(80, 1.0);
    expect(ch.faults & FAULT_RAIL).toBeTruthy();
  });

  test('a raw sensor whose block mean sits at 0 V is stuck at a rail', () => {
    const { ch, feed } = channel((c) => (c.emg[0].signal = 'raw'));
    feed(1000, 0.0, 0.0);
    expect(ch.faults & FAULT_RAIL).toBeTruthy();
  });
});

test('a reading pinned at the rail never counts as a contraction, even before it is a fault', () => {
  const cfg = defaultConfig();
  const ch = createEmgChannel(cfg.emg[0], cfg);
  for (let t = 0; t < 400; t += cfg.tickMs) updateEmgChannel(ch, 1.0, 1.0, cfg.tickMs, false, cfg);
  expect(ch.faults).toBe(0);
  expect(ch.on).toBe(false);
  expect(ch.effort).toBe(0);
});
