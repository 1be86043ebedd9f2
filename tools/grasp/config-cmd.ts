// `grasp config validate|get|set`: the configuration document, checked on the desktop with the
// firmware's own validator (firmware/config, through tools/config/validate.ts) before anything
// goes to the board, which checks it again and refuses it whole, changing nothing.

import * as fs from 'fs';
import { describeReport, validateConfigFile } from '../config/validate';
import { BoardArgs, CommandIo, openSession, sleep } from './session';
import { GraspError } from './transport';
import { CONFIG_VERSION } from '../../firmware/config/migrate';

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
      const cfg = await s.board.evaluate('typeof hand=="object"&&hand.config?hand.config():null');
      if (!cfg) throw new GraspError('board-error', `${s.board.description}: no Grasp firmware answers hand.config(): flash it with \`grasp flash\``);
      io.out(JSON.stringify(cfg, null, 2) + '\n');
      return 0;
    } finally {
      await s.close();
    }
  }
  if (a.action === 'set') {
    if (!a.file) throw new GraspError('usage', 'grasp config set FILE.json');
    let doc: unknown;
    /** The file's version, when it was checked (and migrated) here. */
    let r0: number | undefined;
    if (a.noCheck) {
      try {
        doc = JSON.parse(fs.readFileSync(a.file, 'utf8'));
      } catch (e) {
        throw new GraspError('usage', `${a.file}: ${(e as Error).message}`);
      }
    } else {
      const r = validateConfigFile(a.file);
      if (!r.ok) {
        io.err(describeReport(a.file, r) + '\nnothing was sent to the board\n');
        return 1;
      }
      // Migrated to the firmware's version here: the board takes only its own.
      doc = r.config;
      r0 = r.fileVersion;
    }
    const s = await openSession(a, io);
    try {
      const before = await s.board.evaluate('typeof hand=="object"&&hand.config?hand.config():null');
      if (!before) throw new GraspError('board-error', `${s.board.description}: no Grasp firmware answers hand.config(): flash it with \`grasp flash\``);
      // Saving writes flash (and may compact it): give it time.
      const { value, output } = await s.board.evaluateWithOutput(`hand.config(${JSON.stringify(doc)})`, { timeoutS: Math.max(10, a.timeoutS ?? 0) });
      const said = boardLines(output);
      if (value !== true) {
        const now = await s.board.evaluate('hand.config()');
        const same = JSON.stringify(now) === JSON.stringify(before);
        io.err(`the board refused ${a.file}; its configuration is ${same ? 'unchanged' : 'NOT the same as before (check it with `grasp config get`)'}:\n` + (said.length ? said.join('\n') : `  (it answered ${JSON.stringify(value)})`) + '\n');
        return 1;
      }
      // The board saved it and restarted on it: read it back.
      let after: unknown;
      for (let i = 0; i < 10 && !after; i++) {
        await sleep(i ? 500 : 200);
        after = await s.board.evaluate('typeof hand=="object"&&hand.config?hand.config():null').catch(() => undefined);
      }
      if (!after) throw new GraspError('not-answering', `${s.board.description}: the board took the configuration and restarted, but does not answer hand.config() since`);
      const sent = JSON.stringify(doc);
      const back = JSON.stringify(after);
      const migrated = r0 !== undefined && r0 < CONFIG_VERSION ? ` (migrated from version ${r0} to ${CONFIG_VERSION})` : '';
      io.out(`the board accepted ${a.file}, saved it and restarted on it${back === sent ? migrated : ' (the board changed it: check it with `grasp config get`)'}\n`);
      return 0;
    } finally {
      await s.close();
    }
  }
  throw new GraspError('usage', `grasp config: unknown action "${a.action}" (validate FILE, get, set FILE)`);
}
