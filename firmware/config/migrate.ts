// Older configuration documents are brought up to the current version before validation, one
// step per version, so a board updated to new firmware keeps its calibration. A document from a
// newer firmware is refused: guessing at fields we do not know could move the hand wrongly.

import { defaultConfig } from './defaults';

export const CONFIG_VERSION = 2;

/** Brings a parsed document to CONFIG_VERSION in place; '' or why it cannot. */
export function migrateConfig(d: any): string {
  if (!d || typeof d != 'object') return ''; // the validator says what is wrong
  const v = d.version;
  const wrong =
    v === undefined
      ? 'missing'
      : !(v >= 0) || v !== (v | 0)
        ? JSON.stringify(v) + ' is not a version'
        : v > CONFIG_VERSION
          ? v + ' is newer than this firmware (' + CONFIG_VERSION + '); update it'
          : v < 1
            ? '0 is too old: start from hand.config()'
            : '';
  if (wrong) return 'version: ' + wrong;
  if (v < 2) {
    // Version 2 added `grips` and the newer safety and battery limits: the defaults' values, so
    // the hand runs as before (the power grip) and keeps its calibration. Only those keys: a
    // field the document lacks otherwise is still reported missing.
    const def: any = defaultConfig();
    d.grips = def.grips;
    const add = 'safety stallMs maxSqueezeMs maxStarts hostTimeoutMs battery lowV criticalV'.split(' ');
    let at = '';
    for (const k of add) {
      if (def[k]) at = k; // a section's name, then its new keys
      else if (d[at] && typeof d[at] == 'object') d[at][k] = def[at][k];
    }
  }
  d.version = CONFIG_VERSION;
  return '';
}
