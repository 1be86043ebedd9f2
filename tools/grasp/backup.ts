// What `grasp flash` carries across a firmware update: the saved configuration (the two slots of
// firmware/config/store.ts) and the fault log (firmware/fault-log.ts, 'grasp.faults'). They are
// read straight from Storage, so whatever runs on the board (an old firmware, none, a crashed
// one) does not matter; the configuration the firmware would load is picked by the firmware's own
// loadConfig(); a backup file keeps the raw files and that configuration as stored; the
// configuration goes back through the new firmware's console API, brought to the current version
// here (the board need not know older versions).

import * as fs from 'fs';
import { decodeRecord, encodeRecord, loadConfig, SLOTS } from '../../firmware/config/store';
import { migrateConfig } from '../../firmware/config/migrate';
import { CONFIG_VERSION } from '../../firmware/config/migrate';
import { Config } from '../../firmware/config/types';
import { ConfigReport, validateConfigText } from '../config/validate';
import { Board, byteLiteral, charSum, GraspError } from './transport';

/** The fault log's Storage file (firmware/shell.ts). */
export const FAULT_FILE = 'grasp.faults';
/** Every file the update carries across. */
export const SAVED_FILES = [SLOTS[0], SLOTS[1], FAULT_FILE];
export const BACKUP_FORMAT = 'grasp-backup 1';

/** Each saved file present on the board: its bytes, as a string of char codes 0..255. */
export type SavedFiles = { [name: string]: string };

/** What the board has saved, and what to do with it. */
export interface Saved {
  files: SavedFiles;
  /** The configuration the firmware would load, as stored (its own version); null when none. */
  config: object | null;
  /** Its version (when config). */
  version?: number;
  /** The slot it is in (when config). */
  slot?: string;
  /** Brought to CONFIG_VERSION and validated here (when config). */
  current?: Config;
  /** Something is stored but none of it is a usable configuration (corrupt, or unknown). */
  unusable: boolean;
  /** Why each rejected slot was rejected ("grasp.cfg.b: damaged (checksum mismatch)"). */
  problems: string[];
  /** The fault log's text ('' when none). */
  faultLog: string;
}

/** The backup file. */
export interface Backup {
  format: typeof BACKUP_FORMAT;
  /** What this file is, for whoever opens it. */
  about: string;
  created: string;
  board: string;
  /** The configuration the board would load, as stored; null when there was none usable. */
  config: object | null;
  /** Why the stored configuration slots (or some of them) could not be used. */
  configProblems: string[];
  /** The fault log's text, oldest first: "<uptime s> <count> <code>" a line. */
  faultLog: string;
  /** Every saved file as it was on the board (bytes 0..255 as characters). */
  files: SavedFiles;
}

// ------------------------------------------------------------------ reading the board

/** Bytes per command when reading: hex-encoding them is an interpreted loop, kept well inside the firmware's 1 s watchdog. */
const READ_PIECE = 256;

/** Reads one Storage file exactly, as hex (any bytes survive any link), checked by length and sum. */
async function readFile(board: Board, name: string): Promise<string | undefined> {
  const S = 'require("Storage")';
  const n = JSON.stringify(name);
  const head = (await board.evaluate(`(function(s){return s===undefined?null:[s.length,E.sum(s)]})(${S}.read(${n}))`)) as [number, number] | null | undefined;
  if (head === null) return undefined;
  if (!Array.isArray(head) || !(head[0] >= 0)) throw new GraspError('board-error', `${board.description}: reading ${name} gave ${JSON.stringify(head)}`);
  let text = '';
  for (let off = 0; off < head[0]; off += READ_PIECE) {
    const hex = await board.evaluate(
      `(function(s){var h="",i;for(i=0;i<s.length;i++)h+=(256+s.charCodeAt(i)).toString(16).slice(1);return h})(${S}.read(${n},${off},${Math.min(READ_PIECE, head[0] - off)})||"")`,
    );
    if (typeof hex !== 'string' || !/^([0-9a-f]{2})*$/.test(hex)) throw new GraspError('board-error', `${board.description}: reading ${name} gave ${JSON.stringify(hex).slice(0, 80)}`);
    text += Buffer.from(hex, 'hex').toString('latin1');
  }
  if (text.length !== head[0] || charSum(text) !== head[1]) throw new GraspError('board-error', `${board.description}: ${name} did not arrive intact (length/sum ${text.length}/${charSum(text)}, the board says ${head[0]}/${head[1]})`);
  return text;
}

export async function readSavedFiles(board: Board): Promise<SavedFiles> {
  const files: SavedFiles = {};
  for (const name of SAVED_FILES) {
    const text = await readFile(board, name);
    if (text !== undefined) files[name] = text;
  }
  return files;
}

/**
 * The files as the firmware would read them once their configuration is brought to its version:
 * the board takes only its own (firmware/config/version.ts), so an older record is migrated here
 * and written back with its sequence number. A damaged or interrupted record stays as it is.
 */
function migratedSlots(files: SavedFiles): SavedFiles {
  const out: SavedFiles = { ...files };
  for (const name of SLOTS) {
    const text = files[name];
    if (text === undefined) continue;
    const r = decodeRecord(text);
    if (r.cfg || r.partial || !/^version: /.test(r.problems[0] ?? '')) continue;
    const doc = JSON.parse(text.slice(text.indexOf('{')));
    if (!migrateConfig(doc)) out[name] = encodeRecord(r.seq, doc);
  }
  return out;
}

/** Which configuration the firmware would load from these files (its own loadConfig, after migratedSlots), and the fault log. */
export function examineSaved(files: SavedFiles): Saved {
  const current = migratedSlots(files);
  const found = loadConfig({ read: (n) => current[n], write: () => false, erase: () => {} });
  const s: Saved = { files, config: null, unusable: found.unusable, problems: found.problems, faultLog: files[FAULT_FILE] ?? '' };
  if (found.slot >= 0) {
    const text = files[SLOTS[found.slot]];
    // The record's JSON, as stored (loadConfig has the migrated copy).
    s.config = JSON.parse(text.slice(text.indexOf('{')));
    s.version = (s.config as { version?: number }).version;
    s.slot = SLOTS[found.slot];
    // Brought to the current version and checked with the shared validator, as `config set` does.
    const r = validateConfigText(JSON.stringify(s.config));
    if (r.ok) s.current = r.config;
    else {
      s.config = null;
      s.unusable = true;
      s.problems.push(...r.errors.map((e) => `${SLOTS[found.slot]}: ${e}`));
    }
  }
  return s;
}

// ------------------------------------------------------------------ the backup file

/** grasp-backup-YYYYMMDD-HHMMSS.json, local time. */
export function defaultBackupName(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `grasp-backup-${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}.json`;
}

export function makeBackup(saved: Saved, board: string, now = new Date()): Backup {
  return {
    format: BACKUP_FORMAT,
    about: 'Written by `grasp flash` before it changed the board. Put it back with `npx grasp config set THIS-FILE --port ...` (the configuration, and the fault log when the board has none).',
    created: now.toISOString(),
    board,
    config: saved.config,
    configProblems: saved.problems,
    faultLog: saved.faultLog,
    files: saved.files,
  };
}

/** Writes the backup (never over an existing file), then reads it back and compares. */
export function writeBackup(file: string, backup: Backup): void {
  const text = JSON.stringify(backup, null, 2) + '\n';
  try {
    fs.writeFileSync(file, text, { flag: 'wx' });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new GraspError('usage', err.code === 'EEXIST' ? `${file} exists already: give another --backup FILE` : `cannot write the backup ${file}: ${err.message}`);
  }
  let back: string;
  try {
    back = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new GraspError('verify', `cannot read the backup back from ${file}: ${(e as Error).message}`);
  }
  if (back !== text || JSON.stringify(JSON.parse(back)) !== JSON.stringify(backup)) throw new GraspError('verify', `the backup ${file} does not read back as written`);
}

/** The backup in this JSON text, or undefined when it is not one (a plain configuration). */
export function parseBackup(text: string): Backup | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  const b = doc as Backup;
  return b && typeof b === 'object' && b.format === BACKUP_FORMAT ? b : undefined;
}

/**
 * A configuration file for `config set`: a document of any version, or a backup from `grasp flash`
 * (its configuration). Checked and brought to the current version here.
 */
export function readConfigForBoard(file: string): { report: ConfigReport; backup?: Backup } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    return { report: { ok: false, errors: ['cannot read the file: ' + (e as Error).message] } };
  }
  const backup = parseBackup(text);
  if (!backup) return { report: validateConfigText(text) };
  if (!backup.config || typeof backup.config !== 'object')
    return {
      backup,
      report: {
        ok: false,
        errors: [
          'a backup from `grasp flash` without a usable configuration' +
            (backup.configProblems?.length ? ' (' + backup.configProblems.join('; ') + ')' : '') +
            ': the board\'s files as they were are under "files"',
        ],
      },
    };
  return { backup, report: validateConfigText(JSON.stringify(backup.config)) };
}

// ------------------------------------------------------------------ changing the board

/** Erases the saved files; throws unless all are gone. */
export async function eraseSaved(board: Board): Promise<void> {
  const left = await board.evaluate(
    `(function(S,n){n.forEach(function(f){S.erase(f)});return n.filter(function(f){return S.read(f)!==undefined})})(require("Storage"),${JSON.stringify(SAVED_FILES)})`,
  );
  if (!Array.isArray(left) || left.length) throw new GraspError('board-error', `${board.description}: erasing ${SAVED_FILES.join(', ')} left ${JSON.stringify(left)}`);
}

/** Writes a Storage file byte for byte (replacing it), in pieces, and reads it back. */
export async function writeFile(board: Board, name: string, text: string): Promise<void> {
  const S = 'require("Storage")';
  await board.evaluate(`${S}.erase(${JSON.stringify(name)})`);
  const piece = 512;
  for (let off = 0; off < text.length; off += piece) {
    const size = off === 0 ? `,${text.length}` : '';
    await board.evaluate(`${S}.write(${JSON.stringify(name)},${byteLiteral(text.slice(off, off + piece))},${off}${size})`);
  }
  const back = await readFile(board, name);
  if ((back ?? '') !== text) throw new GraspError('verify', `${board.description}: ${name} reads back different from what was written`);
}

/** Puts the saved files back exactly as they were (after a failed update that left the old firmware). */
export async function putBack(board: Board, files: SavedFiles): Promise<void> {
  for (const name of SAVED_FILES) if (files[name] !== undefined) await writeFile(board, name, files[name]);
}

/**
 * Puts a fault log back under the one the board has now (entries the firmware wrote since go
 * after it); the firmware reads it at its next start. Returns false when the board has it already.
 */
export async function restoreFaultLog(board: Board, text: string): Promise<boolean> {
  // Whole lines only: a cut last line would run into the next one.
  const old = text.slice(0, text.lastIndexOf('\n') + 1);
  if (!old) return false;
  const now = (await readFile(board, FAULT_FILE)) ?? '';
  if (now.includes(old)) return false;
  await writeFile(board, FAULT_FILE, old + now);
  return true;
}

/** Whether the stored configuration must go back through the console: erased, or of an older version. */
export function needsRestore(saved: Saved, erased: boolean): boolean {
  return !!saved.current && (erased || (saved.version ?? 0) < CONFIG_VERSION);
}

/** Number of entries in a fault log's text. */
export function faultCount(text: string): number {
  return text.split('\n').length - 1;
}
