// The configuration document's version. The board takes only its own version: older documents
// are brought forward on the desktop (migrate.ts: `grasp flash` and `grasp config set` do it),
// which keeps the migration steps out of the Pico's bundle.

import { toJson } from '../core/natives';

export const CONFIG_VERSION = 3;

/** '' when the document is of this firmware's version, else what is wrong and what to do. */
export function versionProblem(d: any): string {
  const v = d && d.version;
  return v === CONFIG_VERSION
    ? ''
    : 'version: ' + (v === undefined ? 'missing' : toJson(v) + (v > CONFIG_VERSION ? ' is newer: update firmware' : ' is old: npx grasp config set updates it'));
}
