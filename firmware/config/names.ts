// The configuration document's key names at the edges of the firmware. Inside the bundle the
// build shortens configuration properties like any internal name (tools/build/
// internal-properties.ts): the code reads `cfg.control.fullSpeedPerS` as two short names, which
// saves a tenth of the bundle. A document keeps its names wherever it crosses the edge:
// inward() takes a checked document in, outward() gives the running configuration out (to the
// flash, to hand.config(), to the validator). Outside the bundle (jest, the desktop) nothing is
// shortened and both are plain deep copies.

import { defaultConfig } from './defaults';
import { isArray } from '../core/natives';

/** Every key of the defaults' shape, depth first, each at its first use (a test keeps it so). */
export const KEY_NAMES =
  'version tickMs emg pin signal sampleRateHz restLevel maxLevel control mode onLevel offLevel minOnMs minOffMs smoothingMs ' +
  'baselineMs fullSpeedPerS minSpeedFraction toggleMaxMs levelCloseAbove fingers name minPulseUs maxPulseUs inverted ' +
  'maxSpeedPerS grips default user keys coContractionMs holdOpenMs doubleImpulseMs returnMs arbitration servo ' +
  'releaseAfterMs releaseWhenHolding safety faultAction railMargin railMs recoverMs stallMs maxSqueezeMs maxStarts ' +
  'hostTimeoutMs flexPins flex straight bent battery dividerRatio lowV criticalV watchdogS';

/** The defaults' shape, with one user grip and one flex reading each way (the defaults have none). */
export function configShape(): any {
  const shape: any = defaultConfig();
  shape.grips.user = [{ name: '', keys: 0 }];
  shape.flex.straight = shape.flex.bent = [0];
  return shape;
}

/** Pairs each key of `x` met for the first time with the next name. (Not a closure: see validate.ts.) */
function pair(x: any, map: any, names: string[]): void {
  if (!x || typeof x != 'object') return;
  for (const k in x) {
    if (!isArray(x) && map[k] === undefined) map[k] = names.shift();
    pair(x[k], map, names);
  }
}

/** A deep copy of `x` with each key renamed by `map` (a key it lacks stays as it is). */
function rename(x: any, map: any): any {
  if (!x || typeof x != 'object') return x;
  const out: any = isArray(x) ? [] : {};
  for (const k in x) out[map[k] || k] = rename(x[k], map);
  return out;
}

/** The running configuration's key -> the document's name for it. */
export function keyNames(): any {
  const map: any = {};
  pair(configShape(), map, KEY_NAMES.split(' '));
  return map;
}

/** The running configuration as a document (a copy). */
export const outward = (cfg: any): any => rename(cfg, keyNames());

/** A document (checked already) as the running configuration (a copy). */
export function inward(doc: any): any {
  const names = keyNames();
  const back: any = {};
  for (const k in names) back[names[k]] = k;
  return rename(doc, back);
}
