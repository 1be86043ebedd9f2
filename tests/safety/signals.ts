// fast-check arbitraries shared by the fuzz tests: sensor streams (flat lines, rails, bursts,
// noise, ramps, invalid readings) and the operator's actions (button, console commands).
import fc from 'fast-check';

/** Readings a broken sensor, a bad cable or a bug could produce, besides ordinary ones. */
export const reading = fc.oneof(
  { weight: 4, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) },
  { weight: 3, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity, -0.5, -1e-9, 1 + 1e-9, 1.5, 1e9, 0, 1, 0.03, 0.6, 0.995, 0.989) },
  { weight: 1, arbitrary: fc.double() }, // anything a double can be, NaN and infinities included
);

export type Shape =
  | { kind: 'flat'; v: number }
  | { kind: 'burst'; v: number; rest: number; periodMs: number; onMs: number }
  | { kind: 'noise'; lo: number; hi: number; seed: number }
  | { kind: 'ramp'; from: number; to: number };

export const shape: fc.Arbitrary<Shape> = fc.oneof(
  fc.record({ kind: fc.constant('flat' as const), v: reading }),
  fc.record({
    kind: fc.constant('burst' as const),
    v: reading,
    rest: reading,
    periodMs: fc.integer({ min: 2, max: 1500 }),
    onMs: fc.integer({ min: 1, max: 1500 }),
  }),
  fc.record({ kind: fc.constant('noise' as const), lo: reading, hi: reading, seed: fc.integer() }),
  fc.record({ kind: fc.constant('ramp' as const), from: reading, to: reading }),
);

/** The reading of a shape `ms` into its segment of length `lenMs`. */
export function valueAt(s: Shape, ms: number, lenMs: number): number {
  switch (s.kind) {
    case 'flat':
      return s.v;
    case 'burst':
      return ms % s.periodMs < s.onMs ? s.v : s.rest;
    case 'noise': {
      // A cheap deterministic hash of (seed, ms): reproducible from the fast-check seed.
      let x = (Math.imul(s.seed ^ Math.floor(ms * 7), 0x9e3779b1) >>> 0) ^ 0x5bd1e995;
      x = Math.imul(x ^ (x >>> 15), 0x85ebca6b) >>> 0;
      const u = (x >>> 0) / 4294967296;
      return s.lo + (s.hi - s.lo) * u;
    }
    case 'ramp':
      return s.from + (s.to - s.from) * Math.min(1, ms / lenMs);
  }
}

export type Action =
  | { kind: 'none' }
  | { kind: 'press' }
  | { kind: 'open' }
  | { kind: 'close' }
  | { kind: 'stop' }
  | { kind: 'resume' }
  | { kind: 'set'; finger: unknown; position: unknown };

const fingerArg = fc.oneof(
  fc.integer({ min: -2, max: 6 }),
  fc.constantFrom('thumb', 'index', 'middle', 'ring', 'little', 'pinky', '', '0', 1.5, NaN, null, undefined),
);
const positionArg = fc.oneof(reading, fc.constantFrom('closed', '0.5', null, undefined, true, -0));

export const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ kind: 'none' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'press' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'open' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'close' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'stop' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'resume' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('set' as const), finger: fingerArg, position: positionArg }) },
);

export interface Segment {
  ms: number;
  sites: [Shape, Shape];
  action: Action;
}

export const segment: fc.Arbitrary<Segment> = fc.record({
  ms: fc.integer({ min: 40, max: 2500 }),
  sites: fc.tuple(shape, shape),
  action,
});

/** A JavaScript literal for an argument typed at the prompt. */
export function literal(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  return JSON.stringify(v);
}

/** The console line for an action (none and press are not console commands). */
export function commandLine(a: Action): string | null {
  switch (a.kind) {
    case 'open':
    case 'close':
    case 'stop':
    case 'resume':
      return `hand.${a.kind}()`;
    case 'set':
      return `hand.set(${literal(a.finger)}, ${literal(a.position)})`;
    default:
      return null;
  }
}

export const isOpening = (a: Action) => a.kind === 'open' || a.kind === 'stop' || a.kind === 'press';
