import { createBattery, defaultBatteryConfig, stepBattery, BATTERY_CRITICAL, BATTERY_LOW, BATTERY_OK } from '../../firmware/core/battery';

/** The shell's cadence: one reading every 250 ms. */
const EVERY = 250;

function battery() {
  const cfg = defaultBatteryConfig();
  const b = createBattery();
  const feed = (ms: number, volts: number) => {
    for (let t = 0; t < ms; t += EVERY) stepBattery(b, volts, EVERY, cfg);
    return b.level;
  };
  return { cfg, b, feed };
}

describe('battery level', () => {
  test('a full cell is OK at full speed', () => {
    const { b, feed } = battery();
    expect(feed(5000, 4.1)).toBe(BATTERY_OK);
    expect(b.speedFactor).toBe(1);
    expect(b.openOnly).toBe(false);
  });

  test('a 1 s sag while servos start, even under the critical voltage, changes nothing', () => {
    const { b, feed } = battery();
    feed(2000, 3.8);
    feed(1000, 3.1);
    expect(feed(2000, 3.8)).toBe(BATTERY_OK);
    expect(b.speedFactor).toBe(1);
  });

  test('a sustained low voltage is LOW once readings over 2 s ask for it, not one reading sooner: slower, closing still allowed', () => {
    const { b, feed } = battery();
    feed(2000, 3.8);
    // Eight readings, 0 to 1750 ms after the first low one.
    expect(feed(2000, 3.45)).toBe(BATTERY_OK);
    expect(feed(250, 3.45)).toBe(BATTERY_LOW);
    expect(b.speedFactor).toBe(0.5);
    expect(b.openOnly).toBe(false);
  });

  test('a voltage hovering at the LOW threshold does not flicker, and LOW clears only 0.1 V above it', () => {
    const { b, feed } = battery();
    feed(3000, 3.45);
    for (let i = 0; i < 40; i++) expect(feed(500, i % 2 ? 3.48 : 3.55)).toBe(BATTERY_LOW);
    expect(feed(60000, 3.58)).toBe(BATTERY_LOW);
    expect(feed(2000, 3.65)).toBe(BATTERY_LOW);
    expect(feed(250, 3.65)).toBe(BATTERY_OK);
    expect(b.speedFactor).toBe(1);
  });

  test('critical allows only opening, and the rebound of an empty cell at rest does not lift it', () => {
    const { b, feed } = battery();
    feed(3000, 3.45);
    feed(1000, 3.25); // a squeeze sags a low cell under critical: not yet
    expect(b.level).toBe(BATTERY_LOW);
    expect(feed(3000, 3.25)).toBe(BATTERY_CRITICAL);
    expect(b.openOnly).toBe(true);
    expect(b.speedFactor).toBe(0.5);
    // Servos released: the cell recovers towards 3.45-3.55 V. Still critical.
    expect(feed(60000, 3.55)).toBe(BATTERY_CRITICAL);
    // Charged or replaced.
    expect(feed(2000, 3.9)).toBe(BATTERY_CRITICAL);
    expect(feed(250, 3.9)).toBe(BATTERY_OK);
    expect(b.openOnly).toBe(false);
  });

  test('from OK, readings mixing LOW and CRITICAL voltages give LOW, not CRITICAL', () => {
    const { b, feed } = battery();
    feed(2000, 3.8);
    for (let i = 0; i < 8; i++) feed(250, i % 2 ? 3.2 : 3.4);
    expect(b.level).toBe(BATTERY_OK);
    expect(feed(250, 3.4)).toBe(BATTERY_LOW);
  });

  test('a steady critical voltage from OK goes straight to CRITICAL after 2 s', () => {
    const { feed } = battery();
    feed(2000, 3.8);
    expect(feed(2000, 3.2)).toBe(BATTERY_OK);
    expect(feed(250, 3.2)).toBe(BATTERY_CRITICAL);
  });

  test('readings far apart (the resting hand checks every 2 s): one low reading is not enough, the next one 2 s later is', () => {
    const { cfg, b } = battery();
    stepBattery(b, 3.8, 2000, cfg);
    // Nothing says the voltage was low for the 2 s before this reading: it starts the count.
    expect(stepBattery(b, 3.2, 2000, cfg)).toBe(BATTERY_OK);
    expect(stepBattery(b, 3.2, 2000, cfg)).toBe(BATTERY_CRITICAL);
    // A good reading in between starts it again.
    const c = battery();
    stepBattery(c.b, 3.8, 2000, c.cfg);
    stepBattery(c.b, 3.4, 2000, c.cfg);
    stepBattery(c.b, 3.8, 2000, c.cfg);
    expect(stepBattery(c.b, 3.4, 2000, c.cfg)).toBe(BATTERY_OK);
  });

  test('an unplugged divider (NaN, 0 V, over 5.5 V) is no reading at all, never CRITICAL; the last level stays', () => {
    const { b, feed } = battery();
    feed(2000, 3.9);
    for (const v of [NaN, 0, 0.5, -1, 6, Infinity, -Infinity]) {
      expect(feed(10000, v)).toBe(BATTERY_OK);
      expect(b.openOnly).toBe(false);
      expect(b.speedFactor).toBe(1);
    }
    feed(250, 3.9);
    // A LOW hand whose divider comes loose stays LOW: a loose wire does not restore full speed.
    feed(3000, 3.4);
    expect(feed(10000, NaN)).toBe(BATTERY_LOW);
  });
});
