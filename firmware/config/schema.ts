// What a valid configuration document is, written once: the firmware validates with it at boot
// and before every save, and the desktop (tools/config/) validates files with this very module.
//
// The document has the shape of the defaults (defaults.ts): every key they have is required, no
// other is allowed, and a list's items all have the shape of its first default item. RULES gives
// each leaf's rule in the order the defaults list their keys (depth first); a list first takes
// "<fewest>,<most>" items, then the rules of one item. A rule is a short string:
//   "n<min>,<max>"  a number in that range      "i<min>,<max>"  a whole number in that range
//                   (",<field>" after them: and below that field of the same object)
//   "b"             true or false               "e<a>,<b>,..."  one of those strings
//   "a"             a pin that reads analog     "p"             a pin with hardware PWM (servo)
//   "w"             a name, 1..12 characters, used once in its list
//   "k"             a user grip's keys, as checkGrip (core/grips.ts) wants them
// Bounds may be written short (.5, 6e5): messages print them as numbers. Deriving the shape from
// the defaults keeps the key names out of the bundle a second time; configSchema() builds the tree
// only while a validation runs, so it takes the Pico's RAM only then.

import { configShape, outward } from './names';
import { isArray } from '../core/natives';

export const CONTROL_MODES = 'two-site,one-site-toggle,one-site-level,position,flex-mirror';
/** Hobby servos: no pulse outside this, whatever the configuration asks (the "i500,2500" rules). */
export const PULSE_MIN_US = 500;
export const PULSE_MAX_US = 2500;

const RULES =
  // version: older documents are migrated (migrate.ts) before they get here; tickMs: shorter
  // than 20 ms leaves the Pico no time between ticks
  'i3,3 i20,100 ' +
  // emg[1..2]: pin signal sampleRateHz restLevel maxLevel
  '1,2 a eenvelope,raw i100,2000 n0,1,maxLevel n0,1 ' +
  // control: mode onLevel offLevel minOnMs minOffMs smoothingMs baselineMs fullSpeedPerS
  // minSpeedFraction toggleMaxMs levelCloseAbove
  'e' + CONTROL_MODES + ' n.02,.95,levelCloseAbove n.01,.9,onLevel i0,1000 i0,2000 i0,1000 i500,6e5 n.1,10 n0,1 i100,3000 n.05,1 ' +
  // fingers[1..5]: name pin minPulseUs maxPulseUs inverted maxSpeedPerS
  '1,5 w p i500,2500,maxPulseUs i500,2500 b n.1,20 ' +
  // grips: default user[0..4]{name keys} coContractionMs holdOpenMs doubleImpulseMs returnMs arbitration
  'w 0,4 w k i0,500 i0,1e4 i0,2000 i0,6e5 efirst,stronger ' +
  // servo: releaseAfterMs releaseWhenHolding
  'i0,6e5 b ' +
  // safety: faultAction railMargin railMs recoverMs stallMs maxSqueezeMs maxStarts hostTimeoutMs
  'ehold,open n0,.2 i40,1e4 i0,1e4 i0,5000 i0,6e5 i1,5 i100,5000 ' +
  // flexPins[0..5]; flex: straight[0..5] bent[0..5]; battery: pin dividerRatio lowV criticalV
  '0,5 a 0,5 n0,1 0,5 n0,1 a n.05,1 n2.5,5 n2.5,5,lowV ' +
  // watchdogS: at least a few ticks, so one slow tick does not reboot the board
  'n.5,10';

export type Schema = string | Schema[] | number | { [key: string]: Schema };

/** The schema tree: objects as objects, a list as [item, fewest, most], a leaf as its rule. */
export function configSchema(): { [key: string]: Schema } {
  // (With the document's key names: the validator reports paths in them.)
  return build(outward(configShape()), { rules: RULES.split(' '), n: 0 });
}

/** The defaults' shape with each leaf replaced by its rule, in order. (Not a closure: see validate.ts.) */
function build(x: any, r: { rules: string[]; n: number }): any {
  if (typeof x != 'object') return r.rules[r.n++];
  if (isArray(x)) {
    const b = r.rules[r.n++].split(',');
    return [build(x[0], r), +b[0], +b[1]];
  }
  for (const k in x) x[k] = build(x[k], r);
  return x;
}
