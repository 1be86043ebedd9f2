import fc from 'fast-check';
import { builtinGrips, checkGrip, compileGrip, gripPosition, gripSpeedLimit, Grip, GRIP_NAMES, GRIP_STEPS } from '../../firmware/core/grips';

const THUMB = 0;
const INDEX = 1;
const FINGERS = 5;

function grip(name: string): Grip {
  const g = builtinGrips().find((x) => x.name === name);
  if (!g) throw new Error('no grip ' + name);
  return g;
}

function compiled(name: string) {
  return compileGrip(grip(name).keys, FINGERS, GRIP_STEPS);
}

/** Positions of every finger at grip value g. */
function at(table: Float32Array, g: number): number[] {
  const out: number[] = [];
  for (let f = 0; f < FINGERS; f++) out.push(gripPosition(table, GRIP_STEPS, f, g));
  return out;
}

describe('the built-in grips', () => {
  test('every named grip exists, is valid for a five-finger hand, and starts from the open hand', () => {
    const grips = builtinGrips();
    expect(grips.map((g) => g.name)).toEqual(GRIP_NAMES);
    expect(GRIP_NAMES).toEqual(['open', 'power', 'tripod', 'pinch', 'key', 'point', 'hook']);
    for (const g of grips) {
      expect(checkGrip(g, 5)).toEqual([]);
      expect(g.keys[0]).toEqual([0, 0, 0, 0, 0, 0]);
    }
  });

  test('each call builds a fresh table, so changing one cannot change the next', () => {
    const a = builtinGrips();
    a[1].keys[0][1] = 0.5;
    expect(builtinGrips()[1].keys[0][1]).toBe(0);
  });

  test('key grip: the fingers close first, then the thumb comes down on the side of the index', () => {
    const t = compiled('key');
    const half = at(t, 0.5);
    expect(half[THUMB]).toBe(0);
    expect(half[INDEX]).toBeGreaterThan(0.7);
    expect(half.slice(2)).toEqual([1, 1, 1]);
    // From here on only the thumb moves.
    for (let g = 0.52; g <= 1; g += 0.04) {
      const p = at(t, g);
      expect(p[THUMB]).toBeGreaterThan(0);
      expect(p.slice(1)).toEqual(half.slice(1));
    }
    expect(at(t, 1)[THUMB]).toBeCloseTo(1, 5);
  });

  test('point keeps the index open all the way while the others close', () => {
    const t = compiled('point');
    for (let g = 0; g <= 1; g += 0.02) expect(at(t, g)[INDEX]).toBe(0);
    expect(at(t, 1)).toEqual([1, 0, 1, 1, 1]);
  });

  test('hook closes the fingers and leaves the thumb open', () => {
    expect(at(compiled('hook'), 1)).toEqual([0, 1, 1, 1, 1]);
  });

  test('pinch leaves middle, ring and little open; tripod tucks ring and little', () => {
    const pinch = at(compiled('pinch'), 1);
    expect(pinch.slice(2)).toEqual([0, 0, 0]);
    expect(pinch[THUMB]).toBeGreaterThan(0.5);
    const tripod = at(compiled('tripod'), 0.5);
    expect(tripod.slice(3)).toEqual([1, 1]);
  });

  test('power closes every finger; open only relaxes, it never grasps', () => {
    expect(at(compiled('power'), 1)).toEqual([1, 1, 1, 1, 1]);
    for (const p of at(compiled('open'), 1)) expect(p).toBeLessThanOrEqual(0.5);
  });

  test('with the default finger speed (3 strokes/s) no built-in grip limits the grip below 1.5/s', () => {
    for (const g of builtinGrips()) {
      expect(gripSpeedLimit(g.keys, FINGERS, [3, 3, 3, 3, 3])).toBeGreaterThanOrEqual(1.5);
    }
  });
});

describe('compiling a grip', () => {
  test('the table holds the keyframe positions at the keys and is linear between them', () => {
    const keys = [
      [0, 0, 0.1, 0.2],
      [0.3, 0.6, 0.1, 0.5],
      [1, 0.9, 1, 0.2],
    ];
    const t = compileGrip(keys, 3, 10);
    expect(t.length).toBe(3 * 11);
    for (const k of keys) for (let f = 0; f < 3; f++) expect(gripPosition(t, 10, f, k[0])).toBeCloseTo(k[f + 1], 6);
    // Halfway between 0.3 and 1 (0.65 is not a sample: 0.6 and 0.7 are), laid out finger-major.
    expect(t[0 * 11 + 6]).toBeCloseTo(0.6 + 0.3 * (0.3 / 0.7), 6);
    expect(t[2 * 11 + 2]).toBeCloseTo(0.2 + 0.3 * (0.2 / 0.3), 6);
  });

  test('a grip value is looked up at the nearest sample, clamped to 0..1', () => {
    const t = compileGrip([[0, 0], [1, 1]], 1, 50);
    expect(gripPosition(t, 50, 0, 0.509)).toBeCloseTo(0.5, 6);
    expect(gripPosition(t, 50, 0, 0.511)).toBeCloseTo(0.52, 6);
    expect(gripPosition(t, 50, 0, -3)).toBe(0);
    expect(gripPosition(t, 50, 0, 7)).toBe(1);
  });

  test('six-column keys on a hand with fewer fingers use the first columns only', () => {
    const t = compileGrip(grip('key').keys, 2, GRIP_STEPS);
    expect(t.length).toBe(2 * (GRIP_STEPS + 1));
    expect(gripPosition(t, GRIP_STEPS, THUMB, 1)).toBeCloseTo(1, 6);
    expect(gripPosition(t, GRIP_STEPS, INDEX, 1)).toBeCloseTo(0.8, 6);
  });
});

describe('grip speed limit', () => {
  test('a steep thumb curve limits the grip; the flat fingers do not', () => {
    // The thumb makes its whole stroke in the last 10% of the grip: 10 strokes per unit of grip.
    const keys = [
      [0, 0, 0, 0, 0, 0],
      [0.9, 0, 0, 0, 0, 0],
      [1, 1, 0, 0, 0, 0],
    ];
    expect(gripSpeedLimit(keys, 5, [3, 3, 3, 3, 3])).toBeCloseTo(0.3, 9);
    // A faster thumb allows a faster grip.
    expect(gripSpeedLimit(keys, 5, [6, 1, 1, 1, 1])).toBeCloseTo(0.6, 9);
  });

  test('each finger is held to its own speed', () => {
    // thumb 0.5 stroke per grip at 2/s allows 4/s; index 1 stroke per grip at 1.5/s allows 1.5/s.
    expect(gripSpeedLimit([[0, 0, 0], [1, 0.5, 1]], 2, [2, 1.5])).toBe(1.5);
    expect(gripSpeedLimit([[0, 0, 0], [1, 0.5, 1]], 2, [1, 3])).toBe(2);
  });

  test('a flat grip never limits', () => {
    expect(gripSpeedLimit([[0, 0.3, 0.3], [0.5, 0.3, 0.3], [1, 0.3, 0.3]], 2, [1, 1])).toBe(Infinity);
    // Only the configured fingers count: the sixth column of a five-column hand is ignored.
    expect(gripSpeedLimit([[0, 0, 0], [1, 0, 1]], 1, [1])).toBe(Infinity);
  });
});

describe('user grips', () => {
  const ok = { name: 'mug', keys: [[0, 0, 0, 0, 0, 0], [0.5, 0.2, 0.6, 0.6, 0.6, 0.6], [1, 0.8, 1, 1, 1, 1]] };

  test('a valid grip has no problems', () => {
    expect(checkGrip(ok, 5)).toEqual([]);
    expect(checkGrip({ name: 'two', keys: [[0, 0, 0], [1, 1, 1]] }, 2)).toEqual([]);
    // Six columns are accepted with fewer fingers (the extra columns are ignored).
    expect(checkGrip(ok, 3)).toEqual([]);
  });

  test.each([
    [{ ...ok, name: '' }, 'name: give 1..12 characters'],
    [{ ...ok, name: 'a very long grip' }, 'name: give 1..12 characters'],
    [{ ...ok, name: 3 }, 'name: give 1..12 characters'],
    [{ ...ok, keys: [[0, 0, 0, 0, 0, 0]] }, 'keys: give 2..8 keys'],
    [{ ...ok, keys: Array.from({ length: 9 }, (_, i) => [i / 8, 0, 0, 0, 0, 0]) }, 'keys: give 2..8 keys'],
    [{ name: 'x' }, 'keys: give 2..8 keys'],
    [{ ...ok, keys: [[0, 0, 0, 0, 0, 0], [1, 1, 1, 1]] }, 'keys[1]: give 6 numbers (at, then one per finger)'],
    [{ ...ok, keys: [[0, 0, 0, 0, 0, 0], 'closed'] }, 'keys[1]: give 6 numbers (at, then one per finger)'],
    [{ ...ok, keys: [[0, 0, 0, 0, 0, 0], [1, 1, 1.2, 1, 1, 1]] }, 'keys[1][2]: give a number in 0..1'],
    [{ ...ok, keys: [[0, 0, 0, 0, 0, 0], [1, 1, -0.1, 1, 1, 1]] }, 'keys[1][2]: give a number in 0..1'],
    [{ ...ok, keys: [[0, 0, 0, 0, 0, 0], [1, 1, '1', 1, 1, 1]] }, 'keys[1][2]: give a number in 0..1'],
    [{ ...ok, keys: [[0, 0, 0, 0, 0, 0], [1, 1, null, 1, 1, 1]] }, 'keys[1][2]: give a number in 0..1'],
    [{ ...ok, keys: [[0, 0, 0, 0, 0, 0], [1, 1, NaN, 1, 1, 1]] }, 'keys[1][2]: give a number in 0..1'],
    [{ ...ok, keys: [[0.1, 0, 0, 0, 0, 0], [1, 1, 1, 1, 1, 1]] }, 'keys[0][0]: must be 0'],
    [{ ...ok, keys: [[0, 0, 0, 0, 0, 0], [0.9, 1, 1, 1, 1, 1]] }, 'keys[1][0]: must be 1'],
    [{ ...ok, keys: [[0, 0, 0, 0, 0, 0], [0.6, 0, 0, 0, 0, 0], [0.4, 0, 0, 0, 0, 0], [1, 1, 1, 1, 1, 1]] }, 'keys[2][0]: must be above 0.6'],
    [{ ...ok, keys: [[0, 0, 0, 0, 0, 0], [0.5, 0, 0, 0, 0, 0], [0.5, 0, 0, 0, 0, 0], [1, 1, 1, 1, 1, 1]] }, 'keys[2][0]: must be above 0.5'],
    [null, 'name: give 1..12 characters'],
  ])('%j is refused: %s', (g, message) => {
    const problems = checkGrip(g, 5);
    expect(problems).toContain(message);
  });

  test('a key must have one position per configured finger, or the full six columns', () => {
    const keys = [[0, 0, 0, 0], [1, 1, 1, 1]];
    expect(checkGrip({ name: 'g', keys }, 3)).toEqual([]);
    expect(checkGrip({ name: 'g', keys }, 2)).toEqual(['keys[0]: give 3 numbers (at, then one per finger)', 'keys[1]: give 3 numbers (at, then one per finger)']);
  });

  test('every problem is reported at once', () => {
    expect(checkGrip({ name: '', keys: [[0.2, 0, 0, 0, 0, 0], [0.9, 2, 0, 0, 0, 0]] }, 5)).toEqual([
      'name: give 1..12 characters',
      'keys[0][0]: must be 0',
      'keys[1][1]: give a number in 0..1',
      'keys[1][0]: must be 1',
    ]);
    expect(checkGrip(null, 5)).toEqual(['name: give 1..12 characters', 'keys: give 2..8 keys']);
  });
});

describe('any valid grip', () => {
  /** Random valid keyframes for `fingers` fingers: 2..8 keys, from 0 to 1 in strictly rising steps. */
  const validKeys = (fingers: number) =>
    fc
      .tuple(
        fc.uniqueArray(fc.integer({ min: 1, max: 999 }), { maxLength: 6 }),
        fc.array(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: fingers, maxLength: fingers }), { minLength: 8, maxLength: 8 }),
      )
      .map(([inner, positions]) => {
        const ats = [0].concat(inner.sort((a, b) => a - b).map((x) => x / 1000), [1]);
        return ats.map((a, i) => [a].concat(positions[i]));
      });

  test('compiles to positions within 0..1, and stepping the grip at its speed limit moves no finger faster than its own', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((n) => fc.tuple(fc.constant(n), validKeys(n), fc.array(fc.double({ min: 0.1, max: 20, noNaN: true }), { minLength: n, maxLength: n }))),
        ([n, keys, speeds]) => {
          expect(checkGrip({ name: 'random', keys }, n)).toEqual([]);
          const t = compileGrip(keys, n, GRIP_STEPS);
          for (let i = 0; i < t.length; i++) if (!(t[i] >= 0 && t[i] <= 1)) return false;
          const limit = gripSpeedLimit(keys, n, speeds);
          // One table step of grip takes (1/steps)/limit seconds at the limit.
          const dtS = 1 / GRIP_STEPS / limit;
          for (let f = 0; f < n; f++) {
            for (let k = 0; k < GRIP_STEPS; k++) {
              const moved = Math.abs(gripPosition(t, GRIP_STEPS, f, (k + 1) / GRIP_STEPS) - gripPosition(t, GRIP_STEPS, f, k / GRIP_STEPS));
              // (The table holds float32: a sample may be off by 1e-7 of a stroke.)
              if (moved > speeds[f] * dtS + 1e-6) return false;
            }
          }
          return true;
        },
      ),
    );
  });
});
