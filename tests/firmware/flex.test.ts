// The flex sensors (firmware shell over the fake board): hand.flex() calibration, mode
// flex-mirror (sensors on a glove drive the fingers), and stall detection (sensors on the
// hand's fingers: a finger held past where its sensor says it is backs off). Also mode
// `position` (proportional position from the flexor's effort).
import { bootOn } from './boot';
import { memoryStore } from './fake-board';
import { defaultConfig } from '../../firmware/config/defaults';
import { encodeRecord } from '../../firmware/config/store';
import { Config } from '../../firmware/config/types';
import { MIRROR_BAND } from '../../firmware/core/hand';
import { POSITION_BAND } from '../../firmware/core/control';
import { STALL_GAP } from '../../firmware/core/supervisor';

/** A flex sensor (25 kOhm straight, 100 kOhm bent, about in proportion) to ground under 47 kOhm: its reading. */
const at = (bend: number) => (25 + 75 * bend) / (25 + 75 * bend + 47);
const STRAIGHT = at(0);
const BENT = at(1);
const REST = 0.03;

function bootWith(edit: (c: Config) => void) {
  const cfg = defaultConfig();
  edit(cfg);
  const store = memoryStore({ 'grasp.cfg.a': encodeRecord(1, cfg) });
  const h = bootOn(store);
  expect(h.printed()).not.toMatch(/unusable|invalid/);
  h.board.flexLevels = [0, 1, 2, 3, 4].map(() => at(0));
  h.run(1500, () => [REST, REST]);
  return h;
}
const calibrated = (c: Config) => {
  c.flex.straight = [STRAIGHT, STRAIGHT, STRAIGHT, STRAIGHT, STRAIGHT];
  c.flex.bent = [BENT, BENT, BENT, BENT, BENT];
};
const positions = (h: ReturnType<typeof bootOn>) => Object.values(h.hand.status().fingers) as number[];

describe('hand.flex(): the flex calibration', () => {
  test('records the readings with the fingers straight, then bent; hand.save() keeps them; a wrong word changes nothing', () => {
    const store = memoryStore();
    const h = bootOn(store);
    h.run(1500, () => [REST, REST]);
    h.board.flexLevels = [0.34, 0.35, 0.36, 0.35, 0.3456];
    h.hand.flex('straight');
    h.board.flexLevels = [0.7, 0.68, 0.66, 0.69, 0.6789];
    h.hand.flex('bent');
    expect(h.printed()).toContain('hand: flex bent 0.7 0.68 0.66 0.69 0.679');
    h.hand.flex('curled');
    expect(h.board.printed[h.board.printed.length - 1]).toBe('hand: flex("straight"|"bent")');
    h.hand.save();
    expect(bootOn(store).hand.config().flex).toEqual({ straight: [0.34, 0.35, 0.36, 0.35, 0.346], bent: [0.7, 0.68, 0.66, 0.69, 0.679] });
  });

  test('fewer flex pins than fingers: calibrating in RAM breaks nothing (no loop error), and the save says what is missing', () => {
    const cfg = defaultConfig();
    cfg.flexPins = ['A0', 'A1', 'A2'];
    const h = bootOn(memoryStore({ 'grasp.cfg.a': encodeRecord(1, cfg) }), { flexInputs: 3 });
    h.run(1500, () => [REST, REST]);
    h.board.flexLevels = [0.35, 0.35, 0.35, 0.35, 0.35];
    h.hand.flex('straight');
    h.board.flexLevels = [0.68, 0.68, 0.68, 0.68, 0.68];
    h.hand.flex('bent');
    h.hand.close();
    h.run(5000);
    expect(h.hand.status().faults).toEqual([]);
    expect(positions(h)).toEqual([1, 1, 1, 1, 1]);
    expect(h.hand.save()).toBe(false);
    expect(h.printed()).toContain('  flex: needs a pin, straight and bent per finger: hand.flex()');
  });

  test('a sensor that barely moves, or half a calibration, is not saved, with the reason', () => {
    const h = bootOn();
    h.run(1500, () => [REST, REST]);
    h.board.flexLevels = [0.35, 0.35, 0.35, 0.35, 0.35];
    h.hand.flex('straight');
    expect(h.hand.save()).toBe(false);
    expect(h.printed()).toContain('  flex: needs a pin, straight and bent per finger: hand.flex()');
    h.board.flexLevels = [0.68, 0.68, 0.37, 0.68, 0.68];
    h.hand.flex('bent');
    expect(h.hand.save()).toBe(false);
    expect(h.printed()).toContain('  flex.bent[2]: within 0.05 of straight');
  });
});

describe('mode flex-mirror: a glove drives the fingers', () => {
  const mirror = (c: Config) => {
    c.control.mode = 'flex-mirror';
    calibrated(c);
  };

  test('each finger follows its own sensor, slew-limited, and stays within its pulse range', () => {
    const h = bootWith(mirror);
    h.board.flexLevels = [at(1), at(0.5), at(0), at(0.25), at(1)];
    h.run(1000);
    const p = positions(h);
    expect(p[0]).toBeCloseTo(1, 2);
    expect(p[1]).toBeCloseTo(0.5, 2);
    expect(p[2]).toBe(0);
    expect(p[3]).toBeCloseTo(0.25, 2);
    expect(h.board.writes.every((w) => w.pulseUs === 0 || (w.pulseUs >= 1000 && w.pulseUs <= 2000))).toBe(true);
    // Slew: the thumb took several ticks to close (3 strokes/s: at most 0.12 a tick).
    expect(h.board.writes.filter((w) => w.servo === 0).length).toBeGreaterThanOrEqual(8);
  });

  test('sensor noise inside the band moves nothing (no twitching); a real change does', () => {
    const h = bootWith(mirror);
    h.board.flexLevels = [at(0.5), at(0.5), at(0.5), at(0.5), at(0.5)];
    h.run(1000);
    const writes = h.board.writes.length;
    for (let i = 0; i < 50; i++) {
      h.board.flexLevels = h.board.flexLevels.map(() => at(0.5 + (i % 2 ? 1 : -1) * MIRROR_BAND * 0.9));
      h.run(40);
    }
    expect(h.board.writes.length).toBe(writes);
    h.board.flexLevels = [at(0.6), at(0.5), at(0.5), at(0.5), at(0.5)];
    h.run(400);
    expect(positions(h)[0]).toBeCloseTo(0.6, 2);
  });

  test('EMG moves nothing; a sensor reading nonsense opens its finger; the button pauses it and opens the hand', () => {
    const h = bootWith(mirror);
    h.board.flexLevels = [at(0.8), at(0.8), at(0.8), at(0.8), at(0.8)];
    h.run(1000);
    h.run(1000, () => [0.6, REST]);
    expect(positions(h)[1]).toBeCloseTo(0.8, 2);
    h.board.flexLevels[1] = NaN;
    h.board.flexLevels[2] = -1;
    h.run(500);
    expect(positions(h).slice(0, 3)).toEqual([expect.closeTo(0.8, 2), 0, 0]);
    h.board.pressButton();
    h.run(1000);
    expect(positions(h)).toEqual([0, 0, 0, 0, 0]);
    expect(h.hand.status().emgControl).toBe(false);
    h.board.pressButton();
    h.run(1000);
    expect(positions(h)[0]).toBeCloseTo(0.8, 2);
  });

  test('still, the hand looks at the glove five times a second: a bend starts within 200 ms', () => {
    const h = bootWith(mirror);
    h.run(3000);
    const writes = h.board.writes.length;
    h.board.flexLevels[4] = at(1);
    h.run(200);
    expect(h.board.writes.length).toBeGreaterThan(writes);
  });

  test('the mode needs the calibration: without it the configuration is refused', () => {
    const cfg = defaultConfig();
    cfg.control.mode = 'flex-mirror';
    const h = bootOn();
    expect(h.hand.config(cfg)).toBe(false);
    expect(h.printed()).toContain('  flex: needs a pin, straight and bent per finger: hand.flex()');
  });
});

describe('mode position: the flexor sets how far the hand is closed', () => {
  const position = (c: Config) => {
    c.control.mode = 'position';
  };
  /** An envelope level for an effort (0..1 of rest 0.03 .. max 0.6). */
  const level = (effort: number) => 0.03 + effort * 0.57;

  test('a steady effort holds the hand part-closed, a stronger one closes it further, relaxing opens it', () => {
    const h = bootWith(position);
    h.run(1500, () => [level(0.6), REST]);
    // (0.6 - onLevel 0.2) / 0.8 = 0.5 of the way.
    expect(h.hand.status().grip).toBeCloseTo(0.5, 1);
    expect(h.hand.status().state).toBe('holding');
    h.run(1500, () => [level(1), REST]);
    expect(h.hand.status().grip).toBeCloseTo(1, 1);
    h.run(1500, () => [REST, REST]);
    expect(h.hand.status().grip).toBe(0);
    expect(h.hand.status().state).toBe('ready');
  });

  test('an effort wavering inside the band moves nothing once there; rest never moves the hand', () => {
    const h = bootWith(position);
    h.run(3000, () => [REST + 0.01 * Math.sin(h.core.uptimeMs), REST]);
    expect(h.board.writes.length).toBe(0);
    h.run(1500, () => [level(0.6), REST]);
    // The effort's position wavers by 1.6 x POSITION_BAND (peak to peak): after the first
    // step that takes up the play, nothing moves.
    const wobble = POSITION_BAND * 0.8 * 0.8 * 0.57;
    const waver = (ms: number) => {
      for (let t = 0; t < ms; t += 80) h.run(80, (u) => [level(0.6) + (u < 40 ? wobble : -wobble), REST]);
    };
    waver(400);
    const writes = h.board.writes.length;
    waver(4000);
    expect(h.board.writes.length).toBe(writes);
  });

  test('one site is enough', () => {
    const cfg = defaultConfig();
    cfg.control.mode = 'position';
    cfg.emg.pop();
    const h = bootOn();
    expect(h.hand.config(cfg)).toBe(true);
  });
});

describe('stall detection: the flex sensors on the fingers say where they really are', () => {
  /** Closes the hand with hand.close() while the sensors say the fingers stopped at `stuck`. */
  function closeAgainst(stuck: number[], edit: (c: Config) => void = calibrated) {
    const h = bootWith(edit);
    h.hand.close();
    // The servos get as far as the object; the commanded positions go on to 1.
    for (let t = 0; t < 600; t += 40) {
      h.board.flexLevels = positions(h).map((p, i) => at(Math.min(p, stuck[i])));
      h.run(40);
    }
    return h;
  }
  const log = (h: ReturnType<typeof bootOn>) => (h.hand.faultLog() as { code: string }[]).map((e) => e.code);

  test('fingers blocked half-way: the grip backs off until none is driven more than STALL_GAP past its sensor, and holds there', () => {
    const h = closeAgainst([0.5, 0.5, 0.5, 0.5, 0.5]);
    expect(positions(h)).toEqual([1, 1, 1, 1, 1]);
    h.run(12000);
    // (In the power grip the thumb closes last: it may end short of the object.)
    const p = positions(h);
    for (const x of p) expect(x).toBeLessThanOrEqual(0.5 + STALL_GAP + 1e-9);
    expect(Math.max(...p)).toBeGreaterThan(0.5);
    expect(log(h)).toContain('fingerStalled');
    // Steady there: no more backing off.
    const writes = h.board.writes.length;
    h.run(6000);
    expect(h.board.writes.length).toBe(writes);
    expect(h.hand.status().state).toBe('holding');
    // Opening, then closing on nothing: the whole stroke again.
    h.hand.open();
    h.board.flexLevels = [0, 1, 2, 3, 4].map(() => at(0));
    h.run(2000);
    h.hand.close();
    for (let t = 0; t < 3000; t += 40) {
      h.board.flexLevels = positions(h).map((x) => at(x));
      h.run(40);
    }
    expect(positions(h)).toEqual([1, 1, 1, 1, 1]);
  });

  test('one finger blocked (the others close freely): it is caught too', () => {
    const h = closeAgainst([1, 0.3, 1, 1, 1]);
    h.run(12000);
    expect(positions(h)[1]).toBeLessThanOrEqual(0.3 + STALL_GAP + 1e-9);
    expect(log(h)).toContain('fingerStalled');
  });

  test('a free close is no stall; without a calibration, or with stallMs 0, there is no detection', () => {
    const free = closeAgainst([1, 1, 1, 1, 1]);
    free.run(10000);
    expect(positions(free)).toEqual([1, 1, 1, 1, 1]);
    expect(log(free)).not.toContain('fingerStalled');
    for (const edit of [(c: Config) => c, (c: Config) => ((c.safety.stallMs = 0), calibrated(c))]) {
      const h = closeAgainst([0.5, 0.5, 0.5, 0.5, 0.5], edit);
      h.run(10000);
      expect(positions(h)).toEqual([1, 1, 1, 1, 1]);
    }
  });

  test('a lag shorter than stallMs (a servo catching up) is no stall', () => {
    const h = bootWith((c) => {
      calibrated(c);
      c.safety.stallMs = 3000;
    });
    h.hand.close();
    // The sensors lag the command by 0.3 for 2 s, then catch up.
    for (let t = 0; t < 2000; t += 40) {
      h.board.flexLevels = positions(h).map((p) => at(Math.max(0, p - 0.3)));
      h.run(40);
    }
    h.board.flexLevels = positions(h).map((p) => at(p));
    h.run(6000);
    expect(positions(h)).toEqual([1, 1, 1, 1, 1]);
    expect(log(h)).not.toContain('fingerStalled');
  });
});
