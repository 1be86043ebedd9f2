// Grips: how each finger moves as the hand closes. A grip is a keyframe table along the closing
// motion: the grip value g (0 open .. 1 closed, what EMG moves) picks a point on each finger's
// piecewise-linear curve, so the thumb can pre-position or wait for the fingers. A grip is
// compiled once (when selected) into a sampled table, so the tick finds every finger's target
// with one index and no per-key arithmetic.

import { isArray } from './natives';

/**
 * Each key is [at, thumb, index, middle, ring, little]: `at` is the grip value 0..1, the rest are
 * positions 0 open .. 1 closed, in the configured finger order. A key has one number per
 * configured finger after `at`, or 6 numbers (the built-in width): columns past the configured
 * fingers are ignored, so five-finger grips run on a hand with fewer fingers.
 */
export interface Grip {
  name: string;
  keys: number[][];
}

export const GRIP_NAMES = 'open power tripod pinch key point hook'.split(' ');

/**
 * Samples per grip stroke. 50 steps = 0.02 of grip per sample, about the grip's smallest move in
 * one tick (30% of 1.5 strokes/s over 40 ms is 0.018), so a finer table would rarely be seen; the
 * nearest sample is off by at most half a step times a curve's slope (0.02 of a stroke on the
 * built-ins' steepest, slope 2). RAM: (50+1) x 5 fingers x 4 bytes = 1 KB per compiled grip.
 */
export const GRIP_STEPS = 50;

/**
 * The built-in grips, built when called so the table takes RAM only while it is used. Each grip
 * starts from the open hand [0,0,0,0,0,0]; the string holds its further keys, 6 characters each
 * (at, thumb, index, middle, ring, little), in tenths: '0'..'9', 'a' = 1; grips in GRIP_NAMES'
 * order, separated by ','.
 */
export const builtinGrips = (): Grip[] =>
  (
    // open: closing only relaxes the hand into a natural slight curl, never a grasp
    'a22334,' +
    // power (fist): the fingers close first, the thumb wraps over them last
    '75aaaa aaaaaa,' +
    // tripod: ring and little tuck away while the thumb opposes, then thumb, index, middle meet
    '5422aa a777aa,' +
    // pinch (precision): the thumb pre-positions, then thumb and index meet; the others stay open
    '441000 a78000,' +
    // key (lateral): the fingers close first, then the thumb comes down on the side of the index
    '508aaa aa8aaa,' +
    // point: the index stays open, the others close and the thumb folds over them
    '630aaa aa0aaa,' +
    // hook: the fingers close, the thumb stays open
    'a0aaaa'
  )
    .split(',')
    .map((g, i) => ({
      name: GRIP_NAMES[i],
      keys: ('000000 ' + g).split(' ').map((k) => k.split('').map((c) => parseInt(c, 36) / 10)),
    }));

/** A number in 0..1 (`+v` is v only for a number: not for '1', null, [1] or NaN). */
const unit = (v: any) => v === +v && v >= 0 && v <= 1;

/**
 * Problems of a user-defined grip for `fingerCount` fingers, each prefixed with where it is
 * (`keys[2][0]: must be above 0.6`); [] when it is valid.
 */
export function checkGrip(g: any, fingerCount: number): string[] {
  const e: string[] = [];
  const name = g && g.name;
  // (`name + ''` is name only for a string.)
  if (name + '' !== name || !name || name.length > 12) e.push('name: give 1..12 characters');
  const keys = g && g.keys;
  if (!isArray(keys) || keys.length < 2 || keys.length > 8) return e.concat('keys: give 2..8 keys');
  const w = fingerCount + 1;
  let last = 0;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const p = 'keys[' + i + ']';
    if (!isArray(k) || (k.length !== w && k.length !== 6)) {
      e.push(p + ': give ' + w + ' numbers (at, then one per finger)');
      continue;
    }
    for (let j = 0; j < k.length; j++) if (!unit(k[j])) e.push(p + '[' + j + ']: give a number in 0..1');
    const at = k[0];
    if (!unit(at)) continue;
    // The first key at 0, each one above the last, the last at 1.
    const want = i ? (at <= last ? 'above ' + last : i < keys.length - 1 || at == 1 ? '' : '1') : at ? '0' : '';
    if (want) e.push(p + '[0]: must be ' + want);
    last = at;
  }
  return e;
}

/**
 * Samples each finger's curve at steps+1 grip values k/steps, finger-major: finger f's position
 * at grip g is table[f*(steps+1) + ((g*steps+0.5)|0)]. `keys` must pass checkGrip. Runs on a grip
 * switch, so it is kept quick on the Pico: a finger that holds still between two keys is one
 * native fill, and only moving stretches cost a statement per sample.
 */
export function compileGrip(keys: number[][], fingerCount: number, steps: number): Float32Array {
  const n = steps + 1;
  const table = new Float32Array(fingerCount * n);
  let k0 = 0;
  for (let j = 1; j < keys.length; j++) {
    const a = keys[j - 1];
    const b = keys[j];
    const g0 = a[0];
    const span = b[0] - g0;
    // Samples k0 .. k1-1 lie between key j-1 and key j.
    let k1 = k0;
    while (k1 / steps <= b[0]) k1++;
    for (let f = 0; f < fingerCount; f++) {
      const o = f * n;
      const y = a[f + 1];
      const dy = b[f + 1] - y;
      if (!dy) table.fill(y, o + k0, o + k1);
      // The fraction first: it is within 0..1, so the position stays between the two keys.
      else for (let k = k0; k < k1; k++) table[o + k] = y + dy * ((k / steps - g0) / span);
    }
    k0 = k1;
  }
  return table;
}

/**
 * The fastest the grip value may move, per second, so that no finger following its curve goes
 * faster than its own maxSpeedPerS: set by each finger's steepest segment between two keys.
 * Infinity when every curve is flat (the grip then moves no finger at all). From the keys, not
 * the table: a few dozen steps instead of a scan of every sample (about 0.2 s on the Pico). The
 * steepest segment bounds the slope between any two neighbouring samples, so fingers following
 * the table keep to their limits too.
 */
export function gripSpeedLimit(keys: number[][], fingerCount: number, maxSpeedPerS: number[]): number {
  let limit = Infinity;
  for (let j = 1; j < keys.length; j++) {
    const a = keys[j - 1];
    const b = keys[j];
    for (let f = 0; f < fingerCount; f++) {
      // Grip per second at which this finger moves at its limit on this segment.
      const v = (maxSpeedPerS[f] * (b[0] - a[0])) / Math.abs(b[f + 1] - a[f + 1]);
      if (v < limit) limit = v;
    }
  }
  return limit;
}

/** Finger `finger`'s position at grip value g (clamped to 0..1). Not for the tick: it indexes directly. */
export function gripPosition(table: Float32Array, steps: number, finger: number, g: number): number {
  g = g < 0 ? 0 : g > 1 ? 1 : g;
  return table[finger * (steps + 1) + ((g * steps + 0.5) | 0)];
}
