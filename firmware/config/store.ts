// The configuration in flash, saved so that losing power at any moment leaves a usable one.
// Two slots, `grasp.cfg.a` and `grasp.cfg.b`, each a record "G1 <seq> <length> <checksum> <json>".
// A save writes the slot NOT in force with the next sequence number, reads it back and checks
// it (checksum, parse, validate, byte-for-byte): only a complete, valid record can ever be
// chosen, and boot chooses the valid record with the highest sequence number. An interrupted
// write therefore leaves the slot in force untouched, and it stays in force. The length tells an
// interrupted write (short, or ending in unwritten 0xFF flash) from a damaged record: the first is
// ignored like a missing slot; the second, if nothing valid is left, is the configInvalid fault.

import { Store } from '../../hal/types';
import { Config } from './types';
import { defaultConfig } from './defaults';
import { checkConfig, validateConfig } from './validate';
import { inward, outward } from './names';
import { toJson } from '../core/natives';

export const SLOTS = ['grasp.cfg.a', 'grasp.cfg.b'];

export interface StoredConfig {
  /** The configuration to run. */
  cfg: Config;
  /** The slot holding it (0, 1), or -1 when it is not stored (defaults). */
  slot: number;
  /** Its sequence number; the next save uses seq + 1. */
  seq: number;
  /** A complete record was stored but none is usable: cfg is the defaults, and that is a fault. */
  unusable: boolean;
  /** Why each rejected slot was rejected, for the console. */
  problems: string[];
}

/** Adler-32 of the text's character codes: catches a truncated or damaged record. */
export function checksum(text: string): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < text.length; i++) {
    a = (a + text.charCodeAt(i)) % 65521;
    b = (b + a) % 65521;
  }
  return b * 65536 + a;
}

/** A configuration document (names.ts: outward) as a slot's text. */
export function encodeRecord(seq: number, doc: any): string {
  const json = toJson(doc);
  return 'G1 ' + seq + ' ' + json.length + ' ' + checksum(seq + json) + ' ' + json;
}

export interface Record {
  seq: number;
  cfg: Config | null;
  problems: string[];
  /** A write that did not finish (not a damaged or invalid record). */
  partial: boolean;
}

/** A slot's text to its configuration, or the reasons it cannot be used (cfg null). */
export function decodeRecord(text: string): Record {
  // The JSON is an object, so the header ends at the first "{" (or the text does).
  const at = (text + '{').indexOf('{');
  const head = text.slice(0, at).split(' ');
  const seq = +head[1];
  const json = text.slice(at);
  // Unwritten flash, or shorter than its header says (an empty file or a cut "G" is a start too).
  const partial = text.indexOf('\xff') >= 0 || ('G1'.indexOf(text.slice(0, 2)) == 0 && !(json.length >= +head[2]));
  let doc: any = null;
  let problems = partial
    ? ['an interrupted save']
    : head[0] != 'G1' || head.length != 5 || !(seq >= 0)
      ? ['not a Grasp record']
      : json.length != +head[2] || checksum(head[1] + json) != +head[3]
        ? ['damaged (checksum mismatch)']
        : [];
  if (!problems.length) {
    try {
      doc = JSON.parse(json);
    } catch (e) {
      problems = ['not JSON: ' + e];
    }
    if (!problems.length) problems = checkConfig(doc);
  }
  return { seq, cfg: problems.length ? null : inward(doc), problems, partial };
}

/** Reads both slots and picks the newest valid one; the defaults when there is none. Never throws. */
export function loadConfig(store: Store): StoredConfig {
  const found: StoredConfig = { cfg: defaultConfig(), slot: -1, seq: 0, unusable: false, problems: [] };
  let damaged = false;
  for (let i = 0; i < 2; i++) {
    let r: Record | null = null;
    try {
      const text = store.read(SLOTS[i]);
      if (text !== undefined) r = decodeRecord(text);
    } catch (e) {
      r = { seq: 0, cfg: null, problems: ['unreadable: ' + e], partial: false };
    }
    if (!r) continue;
    if (!r.cfg) damaged = damaged || !r.partial;
    else if (found.slot < 0 || r.seq > found.seq) {
      found.cfg = r.cfg;
      found.slot = i;
      found.seq = r.seq;
    }
    for (const p of r.problems) found.problems.push(SLOTS[i] + ': ' + p);
  }
  found.unusable = found.slot < 0 && damaged;
  return found;
}

/**
 * Saves `cfg` atomically and makes it the one in force (updates `stored`). Returns [] when saved,
 * else why not; the previous configuration then stays in force in flash.
 */
export function saveConfig(store: Store, stored: StoredConfig, cfg: Config): string[] {
  const doc = outward(cfg);
  const problems = validateConfig(doc);
  if (problems.length) return problems;
  // The slot not in force (slot 0 when none is).
  const slot = stored.slot ? 0 : 1;
  const seq = stored.seq + 1;
  const text = encodeRecord(seq, doc);
  if (!store.write(SLOTS[slot], text)) return ['the flash refused the write'];
  const back = store.read(SLOTS[slot]);
  if (back !== text || !decodeRecord(back).cfg) return ['the copy read back wrong'];
  stored.cfg = cfg;
  stored.slot = slot;
  stored.seq = seq;
  stored.unusable = false;
  return [];
}

/** Factory reset: removes both slots, so the next boot runs the defaults. */
export function eraseConfig(store: Store, stored: StoredConfig): void {
  // Keep the sequence number: should one erase fail, a later save still outranks what is left.
  stored.slot = -1;
  stored.cfg = defaultConfig();
  stored.unusable = false;
  store.erase(SLOTS[0]);
  store.erase(SLOTS[1]);
}
