import { bootOn } from './boot';
import { memoryStore } from './fake-board';
import { defaultConfig } from '../../firmware/config/defaults';
import { Config } from '../../firmware/config/types';
import { SLOTS, encodeRecord } from '../../firmware/config/store';
import { CAL_MEASURE_MS, CAL_READY_MS } from '../../firmware/core/calibrate';

const PHASE_MS = CAL_READY_MS + CAL_MEASURE_MS;

/** Deterministic noise in -1..1. */
function noise(seed: number) {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
}

/**
 * A user following the prompts: rest at `rest` (+-restNoise), then each site in turn contracted to
 * `squeeze[i]` (+-2%) while the other rests. Phases follow the firmware's timing.
 */
function user(rest: number, restNoise: number, squeeze: number[]) {
  const rnd = noise(7);
  return (t: number) => {
    const phase = Math.floor(t / PHASE_MS); // 0 rest, 1 first site, 2 second site
    const inPhase = t % PHASE_MS;
    return squeeze.map((max, i) => {
      const contracting = phase === i + 1 && inPhase > CAL_READY_MS - 300; // reacts just before the red LED
      return (contracting ? max * (1 + 0.02 * rnd()) : rest + restNoise * rnd());
    });
  };
}

/** A one-site hand booted on `cfg` from flash, calibrated: rest 0.04 (noise 0.004), contraction 0.5. */
function calibrateOneSite(cfg: Config) {
  const store = memoryStore({ [SLOTS[0]]: encodeRecord(1, cfg) });
  const h = bootOn(store);
  h.board.levels.pop();
  h.board.emg.pop();
  h.run(1000, () => [0.03]);
  h.hand.calibrate();
  h.run(2 * PHASE_MS, user(0.04, 0.004, [0.5]));
  h.ticks(1);
  return { store, h };
}

describe('guided EMG calibration (hand.calibrate())', () => {
  test('rest then each contraction: levels and thresholds are computed, saved, and survive a reboot', () => {
    const store = memoryStore();
    const h = bootOn(store);
    h.run(1000, () => [0.03, 0.03]);
    h.hand.calibrate();
    h.ticks(1);
    expect(h.hand.status().state).toBe('calibrating');
    h.run(3 * PHASE_MS, user(0.05, 0.005, [0.45, 0.35]));
    h.ticks(1);
    const lines = h.board.printed;
    expect(lines[0]).toMatch(/^hand: calibration: relax 3 s while the green LED blinks slowly/);
    expect(lines[1]).toMatch(/^hand: calibration: flexor: close your hand hard 3 s/);
    expect(lines[2]).toMatch(/^hand: calibration: extensor: open your hand hard 3 s/);
    expect(lines[3]).toMatch(/^hand: calibration done: flexor rest 0\.05 max 0\.4\d+ noise 0\.00\d, extensor rest 0\.05 max 0\.3\d+ noise 0\.00\d, on 0\.2, off 0\.1$/);
    expect(lines[4]).toBe('hand: saved');

    const cfg = bootOn(store).hand.config();
    expect(cfg.emg[0].restLevel).toBeCloseTo(0.05, 2);
    expect(cfg.emg[0].maxLevel).toBeGreaterThan(0.43);
    expect(cfg.emg[0].maxLevel).toBeLessThan(0.47);
    expect(cfg.emg[1].maxLevel).toBeGreaterThan(0.33);
    expect(cfg.emg[1].maxLevel).toBeLessThan(0.37);
    expect(cfg.control.onLevel).toBe(0.2);
    expect(cfg.control.offLevel).toBe(0.1);
  });

  test('EMG moves nothing during calibration; control comes back afterwards with the new range', () => {
    const h = bootOn();
    h.run(1000, () => [0.03, 0.03]);
    h.hand.calibrate();
    h.run(3 * PHASE_MS, user(0.02, 0.003, [0.25, 0.25]));
    expect(h.board.writes).toEqual([]); // two full contractions, not a twitch
    h.ticks(2);
    expect(h.hand.status().state).toBe('ready');
    expect(h.hand.status().emgControl).toBe(true);
    // This user's strongest contraction is 0.25: 0.2 is most of their range now (0.3 of the default's).
    h.run(400, () => [0.2, 0.02]);
    expect(h.hand.status().emg[0].effort).toBeGreaterThan(0.7);
    h.run(1000, () => [0.2, 0.02]);
    expect(h.hand.status().grip).toBe(1);
  });

  test('the LED says get ready (red+green fast), relax (green slow), contract (red on)', () => {
    const h = bootOn();
    h.run(1000, () => [0.03, 0.03]);
    h.hand.calibrate();
    // Red/green states seen in each window of the first two phases.
    const seen: Record<string, Set<string>> = { ready: new Set(), rest: new Set(), ready2: new Set(), squeeze: new Set() };
    const u = user(0.05, 0.005, [0.45, 0.35]);
    for (let t = 0; t < 2 * PHASE_MS; t += 40) {
      u(t).forEach((l, i) => (h.board.levels[i] = l));
      h.board.tick();
      const { red, green } = h.led();
      const now = t + 40; // the tick just run ends here
      const w = now <= CAL_READY_MS ? 'ready' : now <= PHASE_MS ? 'rest' : now <= PHASE_MS + CAL_READY_MS ? 'ready2' : 'squeeze';
      seen[w].add(`${red}${green}`);
    }
    expect([...seen.ready].sort()).toEqual(['00', '11']); // both blinking together
    expect([...seen.rest].sort()).toEqual(['00', '01']); // green blinking
    expect([...seen.ready2].sort()).toEqual(['00', '11']);
    expect([...seen.squeeze]).toEqual(['10']); // red steady
  });

  test('a contraction too close to rest is rejected with a clear message; the previous calibration is kept', () => {
    const cfg = defaultConfig();
    cfg.emg[0].maxLevel = 0.5;
    const store = memoryStore({ [SLOTS[0]]: encodeRecord(1, cfg) });
    const before = { ...store.files };
    const h = bootOn(store);
    h.run(1000, () => [0.03, 0.03]);
    h.hand.calibrate();
    h.run(3 * PHASE_MS, user(0.05, 0.005, [0.07, 0.35]));
    h.ticks(1);
    expect(h.printed()).toMatch(/calibration rejected: flexor contraction 0\.07\d* too close to rest 0\.05 \(noise 0\.00\d\): check electrodes, contract harder; previous calibration kept/);
    expect(h.hand.config().emg[0]).toMatchObject({ restLevel: 0.03, maxLevel: 0.5 });
    expect(store.files).toEqual(before);
    expect(h.hand.status().state).toBe('ready');
  });

  test('a noisy rest raises the thresholds above the noise; too much noise is rejected', () => {
    const h = bootOn();
    h.run(1000, () => [0.03, 0.03]);
    h.hand.calibrate();
    h.run(3 * PHASE_MS, user(0.1, 0.05, [0.9, 0.9]));
    h.ticks(1);
    const c = h.hand.config().control;
    expect(c.offLevel).toBeGreaterThan(0.1);
    expect(c.onLevel).toBeCloseTo(2 * c.offLevel, 5);

    const noisy = bootOn();
    noisy.run(1000, () => [0.03, 0.03]);
    noisy.hand.calibrate();
    noisy.run(3 * PHASE_MS, user(0.1, 0.1, [0.6, 0.6]));
    noisy.ticks(1);
    expect(noisy.printed()).toMatch(/calibration rejected: flexor contraction .* too close to rest/);
    expect(noisy.hand.config()).toEqual(defaultConfig());
  });

  test('a calibration the configuration cannot take is not used; the previous one is kept', () => {
    // One site, level-coded: on must stay below levelCloseAbove, and this calibration sets on 0.2.
    const cfg = defaultConfig();
    cfg.control.mode = 'one-site-level';
    cfg.control.onLevel = 0.1;
    cfg.control.offLevel = 0.05;
    cfg.control.levelCloseAbove = 0.15;
    cfg.emg.pop();
    const { store, h } = calibrateOneSite(cfg);
    // What was in flash before the calibration: the configuration alone.
    const before = { [SLOTS[0]]: encodeRecord(1, cfg) };
    expect(h.printed()).toMatch(/calibration done: emg rest 0\.04 /);
    expect(h.printed()).toContain('hand: calibration not used:\n  control.onLevel: 0.2 must be below levelCloseAbove (0.15)');
    expect(h.hand.config()).toEqual(cfg);
    expect(store.files).toEqual(before);
  });

  test('a button press cancels it; the previous calibration is kept', () => {
    const h = bootOn();
    h.run(1000, () => [0.03, 0.03]);
    h.hand.calibrate();
    h.run(PHASE_MS + 500, user(0.05, 0.005, [0.45, 0.35]));
    h.board.pressButton();
    h.ticks(2);
    expect(h.printed()).toContain('hand: calibration cancelled; previous calibration kept');
    expect(h.hand.status().state).toBe('ready');
    h.run(2 * PHASE_MS, user(0.05, 0.005, [0.45, 0.35]));
    expect(h.hand.config()).toEqual(defaultConfig());
  });

  test('a sensor fault stops it, and it is refused while a sensor is faulted', () => {
    const h = bootOn();
    h.run(1000, () => [0.03, 0.03]);
    h.hand.calibrate();
    h.run(2000, () => [0.03, 0.03]);
    h.run(200, () => [0.03, NaN]);
    expect(h.printed()).toContain('hand: calibration stopped: extensor sensor faulted; previous calibration kept');
    h.hand.calibrate();
    h.ticks(1);
    expect(h.printed()).toContain('hand: calibration refused: sensor fault (extensorSignalInvalid)');
  });

  test('one-site mode: one rest, one contraction', () => {
    const cfg = defaultConfig();
    cfg.control.mode = 'one-site-toggle';
    cfg.emg.pop();
    const { store, h } = calibrateOneSite(cfg);
    expect(h.board.printed[1]).toMatch(/calibration: emg: contract hard 3 s/);
    expect(h.printed()).toMatch(/calibration done: emg rest 0\.04 max 0\.\d+ noise 0\.00\d, on /);
    expect(bootOn(store).hand.config().emg[0].restLevel).toBeCloseTo(0.04, 2);
  });

  test('the button held for 3 s starts it (after the first seconds); it ends with EMG control on', () => {
    const h = bootOn();
    h.run(6000, () => [0.03, 0.03]);
    h.board.holdButton(); // the press pauses EMG and opens the hand...
    h.run(3000, () => [0.03, 0.03]);
    h.board.releaseButton();
    expect(h.hand.status().state).toBe('calibrating'); // ...and at 3 s calibration starts
    h.run(3 * PHASE_MS, user(0.05, 0.005, [0.45, 0.35]));
    h.ticks(1);
    expect(h.printed()).toContain('hand: saved');
    expect(h.hand.status().emgControl).toBe(true);
  });
});
