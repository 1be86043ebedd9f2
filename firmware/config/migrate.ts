// Older configuration documents are brought up to the current version before validation, one
// step per version, so a board updated to new firmware keeps its calibration. A document from a
// newer firmware is refused: guessing at fields we do not know could move the hand wrongly.

export const CONFIG_VERSION = 1;

/**
 * Version 0 (firmware 0.0.x) called the fingers `servos`, with the pulse of each end as
 * `open`/`closed` (a servo mounted the other way simply had open > closed) and a `speed`, and
 * had one `threshold` where version 1 has onLevel/offLevel:
 *   { version: 0, ..., control: { mode, threshold, ... },
 *     servos: [{ name, pin, open: 1000, closed: 2000, speed: 3 }, ...] }
 */
function v0to1(d: any): void {
  const s = d.servos;
  if (Array.isArray(s)) {
    d.fingers = s.map((o: any) => {
      o = o || {};
      const flip = o.open > o.closed;
      return { name: o.name, pin: o.pin, minPulseUs: flip ? o.closed : o.open, maxPulseUs: flip ? o.open : o.closed, inverted: flip, maxSpeedPerS: o.speed };
    });
    delete d.servos;
  }
  const c = d.control;
  if (c && typeof c.threshold === 'number') {
    // Version 0 switched off at half the on threshold.
    c.onLevel = c.threshold;
    c.offLevel = c.threshold / 2;
    delete c.threshold;
  }
}

/** Brings a parsed document to CONFIG_VERSION in place; '' or why it cannot. */
export function migrateConfig(d: any): string {
  if (!d || typeof d !== 'object') return ''; // the validator says what is wrong
  const v = d.version;
  if (typeof v !== 'number' || !(v >= 0 && v % 1 === 0)) return 'version: ' + (v === undefined ? 'missing' : JSON.stringify(v) + ' is not a version');
  if (v > CONFIG_VERSION) return 'version: ' + v + ' is newer than this firmware (' + CONFIG_VERSION + '); update it';
  // steps[n] turns version n into n + 1.
  const steps = [v0to1];
  for (let n = v; n < CONFIG_VERSION; n++) steps[n](d);
  d.version = CONFIG_VERSION;
  return '';
}
