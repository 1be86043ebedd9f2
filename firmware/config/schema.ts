// What a valid configuration document is, written once: the firmware validates with it at boot
// and before every save, and the desktop (tools/config/) validates files with this very module.
//
// The schema has the shape of the document itself. An object: every key required, no other
// allowed. A list: [item, fewest items, most items]. A leaf, a short string:
//   "n<min>,<max>"  a number in that range      "i<min>,<max>"  a whole number in that range
//   "b"             true or false               "e<a>|<b>|..."  one of those strings
//   "a"             a pin that reads analog     "p"             a pin with hardware PWM (servo)
//   "w"             a name, 1..12 characters
// It is built by a function, not held in a variable, so it takes the Pico's RAM only while a
// validation runs.

export const CONTROL_MODES = 'two-site|one-site-toggle|one-site-level';
/** Hobby servos: no pulse outside this, whatever the configuration asks. */
export const PULSE_MIN_US = 500;
export const PULSE_MAX_US = 2500;

export type Schema = string | Schema[] | number | { [key: string]: Schema };

export function configSchema(): { [key: string]: Schema } {
  const level = 'n0,1';
  const pulse = 'i500,2500';
  return {
    // Older documents are migrated (migrate.ts) before they get here.
    version: 'i1,1',
    // Shorter than 20 ms leaves the Pico no time between ticks.
    tickMs: 'i20,100',
    emg: [{ pin: 'a', signal: 'eenvelope|raw', sampleRateHz: 'i100,2000', restLevel: level, maxLevel: level }, 1, 2],
    control: {
      mode: 'e' + CONTROL_MODES,
      onLevel: 'n0.02,0.95',
      offLevel: 'n0.01,0.9',
      minOnMs: 'i0,1000',
      minOffMs: 'i0,2000',
      smoothingMs: 'i0,1000',
      baselineMs: 'i500,600000',
      fullSpeedPerS: 'n0.1,10',
      minSpeedFraction: 'n0,1',
      toggleMaxMs: 'i100,3000',
      levelCloseAbove: 'n0.05,1',
    },
    fingers: [{ name: 'w', pin: 'p', minPulseUs: pulse, maxPulseUs: pulse, inverted: 'b', maxSpeedPerS: 'n0.1,20' }, 1, 5],
    servo: { releaseAfterMs: 'i0,600000', releaseWhenHolding: 'b' },
    safety: { faultAction: 'ehold|open', railMargin: 'n0,0.2', railMs: 'i40,10000', recoverMs: 'i0,10000' },
    flexPins: ['a', 0, 5],
    battery: { pin: 'a', dividerRatio: 'n0.05,1' },
    // At least a few ticks, so one slow tick does not reboot the board.
    watchdogS: 'n0.5,10',
  };
}

/**
 * Fields that must be in order, as triples: where (an object, or a list of them), the field that
 * must be lower, the field that must be higher.
 */
const ORDER = 'emg restLevel maxLevel control offLevel onLevel control onLevel levelCloseAbove fingers minPulseUs maxPulseUs';

/** Rules between fields. Each looks only at fields of the right kind (their own errors are reported already). */
export function crossCheck(c: any, say: (path: string, message: string) => void): void {
  if (!c || typeof c !== 'object') return;
  const order = ORDER.split(' ');
  for (let r = 0; r < order.length; r += 3) {
    const at = c[order[r]];
    const lo = order[r + 1];
    const hi = order[r + 2];
    const items = Array.isArray(at) ? at : [at];
    for (let i = 0; i < items.length; i++) {
      const o = items[i];
      if (o && typeof o[lo] === 'number' && typeof o[hi] === 'number' && !(o[lo] < o[hi])) {
        say(order[r] + (at === o ? '.' : '[' + i + '].') + lo, o[lo] + ' must be below ' + hi + ' (' + o[hi] + ')');
      }
    }
  }
  const ctl = c.control;
  if (ctl && CONTROL_MODES.split('|').indexOf(ctl.mode) >= 0 && Array.isArray(c.emg)) {
    const need = ctl.mode === 'two-site' ? 2 : 1;
    if (c.emg.length !== need) say('emg', 'mode ' + ctl.mode + ' needs ' + need + ' site(s), not ' + c.emg.length);
  }
  const fingers = Array.isArray(c.fingers) ? c.fingers : [];
  const names: string[] = [];
  for (let i = 0; i < fingers.length; i++) {
    const name = fingers[i] && fingers[i].name;
    if (names.indexOf(name) >= 0) say('fingers[' + i + '].name', JSON.stringify(name) + ' is used twice');
    names.push(name);
  }
}
