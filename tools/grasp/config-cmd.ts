// `grasp config validate|get|set`: the configuration document, checked on the desktop with the
// firmware's own validator (firmware/config, through tools/config/validate.ts) and brought to the
// current version before anything goes to the board, which checks it again and refuses it whole,
// changing nothing. `set` also takes a backup written by `grasp flash` (backup.ts): its
// configuration, and its fault log when the board has lost its own.

import * as fs from 'fs';
import { describeReport, validateConfigFile } from '../config/validate';
import { CONFIG_VERSION } from '../../firmware/config/migrate';
import { faultCount, readConfigForBoard, restoreFaultLog } from './backup';
import { BoardArgs, CommandIo, openSession, sleep } from './session';
import { Board, GraspError } from './transport';

export interface ConfigArgs extends BoardArgs {
  action: string;
  file?: string;
  /** set: send without checking on the desktop first (the board checks it anyway). */
  noCheck: boolean;
}

/** The board's own messages about a configuration ("hand: ..." and the indented problems). */
function boardLines(output: string): string[] {
  return output.split('\n').filter((l) => /^(hand:|  \S)/.test(l));
}

/** The board's configuration (hand.config()); a clear error when no Grasp firmware answers. */
export async function handConfig(board: Board): Promise<unknown> {
  const cfg = await board.evaluate('typeof hand=="object"&&hand.config?hand.config():null');
  if (!cfg) throw new GraspError('board-error', `${board.description}: no Grasp firmware answers hand.config(): flash it with \`grasp flash\``);
  return cfg;
}

export interface SentConfig {
  /** The board took it, saved it and restarted on it. */
  accepted: boolean;
  /** What hand.config(doc) answered, and the board's own lines about it. */
  value: unknown;
  said: string[];
  /** Refused: whether its configuration is still the one before. */
  unchanged?: boolean;
  /** Accepted: hand.config() read back after the restart. */
  after?: unknown;
}

/**
 * Sends a configuration with the firmware's hand.config(doc), which checks it, saves it
 * (atomically, firmware/config/store.ts) and restarts on it; then reads it back.
 */
export async function sendConfig(board: Board, doc: unknown, timeoutS?: number): Promise<SentConfig> {
  const before = await handConfig(board);
  // Saving writes flash (and may compact it): give it time.
  const { value, output } = await board.evaluateWithOutput(`hand.config(${JSON.stringify(doc)})`, { timeoutS: Math.max(10, timeoutS ?? 0) });
  const said = boardLines(output);
  if (value !== true) {
    const now = await board.evaluate('hand.config()').catch(() => undefined);
    return { accepted: false, value, said, unchanged: JSON.stringify(now) === JSON.stringify(before) };
  }
  // The board saved it and restarted on it: read it back.
  let after: unknown;
  for (let i = 0; i < 10 && !after; i++) {
    await sleep(i ? 500 : 200);
    after = await board.evaluate('typeof hand=="object"&&hand.config?hand.config():null').catch(() => undefined);
  }
  if (!after) throw new GraspError('not-answering', `${board.description}: the board took the configuration and restarted, but does not answer hand.config() since`);
  return { accepted: true, value, said, after };
}

export async function configCommand(a: ConfigArgs, io: CommandIo): Promise<number> {
  if (a.action === 'validate') {
    if (!a.file) throw new GraspError('usage', 'grasp config validate FILE.json');
    const r = validateConfigFile(a.file);
    (r.ok ? io.out : io.err)(describeReport(a.file, r) + '\n');
    return r.ok ? 0 : 1;
  }
  if (a.action === 'get') {
    const s = await openSession(a, io);
    try {
      const cfg = await handConfig(s.board);
      io.out(JSON.stringify(cfg, null, 2) + '\n');
      return 0;
    } finally {
      await s.close();
    }
  }
  if (a.action === 'set') {
    if (!a.file) throw new GraspError('usage', 'grasp config set FILE.json');
    // A configuration of any version, or a backup written by `grasp flash` (its configuration).
    const { report: r, backup } = readConfigForBoard(a.file);
    let doc: unknown;
    if (a.noCheck) {
      try {
        doc = backup ? backup.config : JSON.parse(fs.readFileSync(a.file, 'utf8'));
      } catch (e) {
        throw new GraspError('usage', `${a.file}: ${(e as Error).message}`);
      }
      if (!doc) throw new GraspError('usage', `${a.file}: ${r.errors.join('; ')}`);
    } else {
      if (!r.ok) {
        io.err(describeReport(a.file, r) + '\nnothing was sent to the board\n');
        return 1;
      }
      // Brought to the firmware's version here: the board takes only its own.
      doc = r.config;
    }
    const s = await openSession(a, io);
    try {
      await handConfig(s.board);
      // A backup's fault log goes back first (the restart after the configuration reads it).
      if (backup?.faultLog && (await restoreFaultLog(s.board, backup.faultLog))) io.out(`put back the fault log from ${a.file} (${faultCount(backup.faultLog)} entries)\n`);
      const sent = await sendConfig(s.board, doc, a.timeoutS);
      if (!sent.accepted) {
        io.err(`the board refused ${a.file}; its configuration is ${sent.unchanged ? 'unchanged' : 'NOT the same as before (check it with `grasp config get`)'}:\n` + (sent.said.length ? sent.said.join('\n') : `  (it answered ${JSON.stringify(sent.value)})`) + '\n');
        return 1;
      }
      const migrated = !a.noCheck && r.fileVersion !== undefined && r.fileVersion < CONFIG_VERSION;
      const same = JSON.stringify(sent.after) === JSON.stringify(doc);
      io.out(`the board accepted ${a.file}, saved it and restarted on it${migrated ? ` (brought from version ${r.fileVersion} to ${CONFIG_VERSION})` : same ? '' : ' (the board changed it: check it with `grasp config get`)'}\n`);
      return 0;
    } finally {
      await s.close();
    }
  }
  throw new GraspError('usage', `grasp config: unknown action "${a.action}" (validate FILE, get, set FILE)`);
}
