// Built-ins the firmware calls in many places, captured once: in the bundle each call is then a
// two-letter name instead of `Array.isArray` (its bytes count against the 24 KB budget). Not for
// per-tick code, which captures what it calls next to itself.

export const isArray = Array.isArray;
export const toJson = JSON.stringify;

/** x to 3 decimals, for people to read. */
export const round3 = (x: number) => Math.round(x * 1000) / 1000;
