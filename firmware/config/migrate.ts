// Older configuration documents are brought up to the current version before validation, one
// step per version, so a hand updated to new firmware keeps its calibration. This runs on the
// desktop only (`grasp flash` carries the hand's configuration across an update, `grasp config
// set` and `grasp config validate` take older files): the board takes only its own version
// (version.ts). A document from a newer firmware is refused: guessing at fields we do not know
// could move the hand wrongly.

import { defaultConfig } from './defaults';
import { CONFIG_VERSION, versionProblem } from './version';

export { CONFIG_VERSION };

/**
 * What each version added, with the defaults' values: "+section" a whole new section, "section
 * key key ..." new keys of a section the document has.
 */
const ADDED: { [version: number]: string } = {
  // grips, and the newer safety and battery limits
  2: '+grips safety stallMs maxSqueezeMs maxStarts hostTimeoutMs battery lowV criticalV',
  // the flex sensors' calibration (none: stall detection stays off until hand.flex() measures it)
  3: '+flex',
};

/** Brings a parsed document to CONFIG_VERSION in place; '' or why it cannot. */
export function migrateConfig(d: any): string {
  if (!d || typeof d != 'object') return ''; // the validator says what is wrong
  const v = d.version;
  if (v === CONFIG_VERSION) return '';
  if (v === undefined || v > CONFIG_VERSION) return versionProblem(d);
  if (v === 0) return 'version: 0 is too old: start from hand.config()';
  if (!(v >= 1 && v < CONFIG_VERSION && v === (v | 0))) return 'version: ' + JSON.stringify(v) + ' is not a version';
  const def: any = defaultConfig();
  for (let from = v + 1; from <= CONFIG_VERSION; from++) {
    // The defaults' values, so the hand runs as before; only those keys: a field the document
    // lacks otherwise is still reported missing.
    let at = '';
    for (const k of ADDED[from].split(' ')) {
      if (k[0] == '+') d[k.slice(1)] = def[k.slice(1)];
      else if (def[k] && typeof def[k] == 'object') at = k;
      else if (d[at] && typeof d[at] == 'object') d[at][k] = def[at][k];
    }
  }
  d.version = CONFIG_VERSION;
  return '';
}
