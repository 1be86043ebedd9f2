// A tiny seeded PRNG (mulberry32) so every simulated noise source is reproducible: the same seed
// always gives the same sequence, on any machine. Math.random is never used in the models.
//
// mulberry32 is a counter plus a hash: the state only ever advances by a constant, and the output
// is a hash of the state. So the state is a plain number that a model can keep in its record and
// step purely, with no hidden object.

/** The PRNG state: a 32-bit integer. */
export type RngState = number;

const GOLDEN_STEP = 0x6d2b79f5;

/** The initial state for a seed (any finite number; it is folded to 32 bits). */
export function seedRng(seed: number): RngState {
  return seed | 0;
}

/** The state after one draw. */
export function nextRng(state: RngState): RngState {
  return (state + GOLDEN_STEP) | 0;
}

/** The uniform value in [0, 1) that the draw leaving `state` produced. */
export function uniformOf(state: RngState): number {
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/**
 * A standard normal value (mean 0, RMS 1) from two draws, by Box-Muller.
 * Returns the value and the state after both draws, as a pair, to stay pure.
 */
export function gaussian(state: RngState): [value: number, next: RngState] {
  const s1 = nextRng(state);
  const s2 = nextRng(s1);
  // 1 - u keeps the log argument in (0, 1], so no log(0).
  const u1 = 1 - uniformOf(s1);
  const u2 = uniformOf(s2);
  return [Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2), s2];
}
