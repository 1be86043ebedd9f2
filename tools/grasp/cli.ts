// `grasp`: one command line for the board on USB and the Virtual Pico.
//   grasp flash    build, upload, save to flash (safely: see transport.ts), check hand.status();
//                  keeps the saved configuration and fault log across the update (backup.ts)
//   grasp monitor  live telemetry in the terminal (monitor.ts)
//   grasp record   telemetry to CSV (monitor.ts);  grasp replay: a CSV through a Virtual Pico (replay.ts)
//   grasp config   validate | get | set (config-cmd.ts)
//   grasp bench    interactive bench session (bench.ts)
// Every command that talks to a board takes --port (serial device or tcp://host:port) or --sim.
// Exit codes: 0 done, 1 the board, the build or a check failed (message on stderr), 2 bad usage.

import * as fs from 'fs';
import * as path from 'path';
import { BuildError, buildFirmware, PROJECT_ROOT } from '../build/build';
import { CONFIG_VERSION } from '../../firmware/config/migrate';
import { defaultBackupName, eraseSaved, examineSaved, faultCount, makeBackup, needsRestore, putBack, readSavedFiles, restoreFaultLog, Saved, SAVED_FILES, writeBackup } from './backup';
import { sendConfig } from './config-cmd';
import { sleep } from './session';
import { Board, checkSerialPath, connect, GraspError } from './transport';
import { monitor, record } from './monitor';
import { replay } from './replay';
import { configCommand } from './config-cmd';
import { bench } from './bench';
import { TelemetryError } from './telemetry';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Whether err is a terminal (progress bar redrawn in place). */
  tty?: boolean;
  /** Whether out is a terminal (monitor redraws in place; bench prompts). */
  outTty?: boolean;
  /** bench reads its commands here (default process.stdin). */
  stdin?: NodeJS.ReadableStream;
}

const USAGE = `usage: grasp <command> [--port /dev/ttyACM0 | --port tcp://HOST:PORT | --sim] [options]
  flash                      build, upload and save to flash, then check hand.status().version;
                             the saved configuration and fault log are backed up first and kept
                             (erased to make room if needed, then written back, the configuration
                             brought to the current version)
      --out FILE             where the build writes the bundle (default dist/firmware.js)
      --backup FILE          the backup (default grasp-backup-YYYYMMDD-HHMMSS.json here); written
                             only when the board has something saved; never over an existing file
      --no-backup            do not read, back up or keep them: flash as is (refused when they
                             leave no room for a safe update)
  monitor                    live telemetry: state, faults, EMG envelopes, fingers, with sparklines
      --hz N                 telemetry rate 1..20 (default 10)
      --seconds N | --once   stop after N s, or print one frame after 1 s (default: Ctrl-C)
      --web                  where the plots are (the simulator page, \`npm start\`)
  record --out FILE.csv      telemetry to CSV (--hz, default 20; --seconds N, default Ctrl-C)
  replay FILE.csv            replay a recording's EMG through a Virtual Pico with the current firmware
      --config FILE.json     with this configuration (default: the recorded one)
      --speed X              at X times real time (default: as fast as it goes)
  config validate FILE.json  check a configuration with the firmware's own validator (offline)
  config get                 print the board's configuration as JSON
  config set FILE.json       check it here, then send it (the board checks, saves and restarts);
                             FILE may be a backup from grasp flash (its fault log goes back too)
      --no-check             send without checking here first
  bench                      interactive bench session (commands from stdin; type help)
common options:
  --port P       a serial device (/dev/ttyACM0, COM3) or tcp://host:port
                 (the simulator: \`npm run sim -- --tcp 4000\` then --port tcp://127.0.0.1:4000)
  --sim          start a Virtual Pico here, running the current firmware (built now)
  --firmware F   with --sim (and replay): this bundle instead of a fresh build
  --timeout S    seconds to wait for each answer from the board (default 5)
  --verbose      show EspruinoTools' messages and what is sent
`;

class UsageError extends Error {}

interface Args {
  command?: string;
  positional: string[];
  port?: string;
  sim: boolean;
  out?: string;
  timeoutS?: number;
  verbose: boolean;
  firmware?: string;
  hz?: number;
  seconds?: number;
  once: boolean;
  web: boolean;
  speed?: number;
  config?: string;
  noCheck: boolean;
  seed?: number;
  backup?: string;
  noBackup: boolean;
}

const COMMANDS = ['flash', 'monitor', 'record', 'replay', 'config', 'bench'];
/** Commands that talk to a board (the rest work offline). */
const NEEDS_BOARD = (a: Args) => a.command !== 'replay' && !(a.command === 'monitor' && a.web) && !(a.command === 'config' && a.positional[0] === 'validate');

function parseArgs(argv: string[]): Args {
  const a: Args = { positional: [], sim: false, verbose: false, once: false, web: false, noCheck: false, noBackup: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    const number = (what: string, ok: (v: number) => boolean) => {
      const v = Number(value());
      if (!ok(v)) throw new UsageError(`${arg} needs ${what}`);
      return v;
    };
    if (arg === '--port' || arg === '-p') a.port = value();
    else if (arg === '--sim') a.sim = true;
    else if (arg === '--out' || arg === '-o') a.out = path.resolve(value());
    else if (arg === '--timeout') a.timeoutS = number('a number of seconds > 0', (v) => v > 0);
    else if (arg === '--verbose' || arg === '-v') a.verbose = true;
    else if (arg === '--firmware') a.firmware = path.resolve(value());
    else if (arg === '--hz') a.hz = number('a rate from 1 to 20', (v) => v >= 1 && v <= 20);
    else if (arg === '--seconds') a.seconds = number('a number of seconds > 0', (v) => v > 0);
    else if (arg === '--once') a.once = true;
    else if (arg === '--web') a.web = true;
    else if (arg === '--speed') a.speed = number('a speed > 0 (1 = real time)', (v) => v > 0);
    else if (arg === '--config') a.config = path.resolve(value());
    else if (arg === '--no-check') a.noCheck = true;
    else if (arg === '--backup') a.backup = path.resolve(value());
    else if (arg === '--no-backup') a.noBackup = true;
    else if (arg === '--seed') a.seed = number('a whole number', (v) => Number.isInteger(v));
    else if (arg === '--help' || arg === '-h') throw new UsageError('');
    else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
    else if (!a.command) a.command = arg;
    else a.positional.push(arg);
  }
  if (!a.command) throw new UsageError('');
  if (!COMMANDS.includes(a.command)) throw new UsageError(`unknown command "${a.command}" (commands: ${COMMANDS.join(', ')})`);
  const maxPositional: Record<string, number> = { flash: 0, monitor: 0, record: 0, replay: 1, config: 2, bench: 0 };
  if (a.positional.length > maxPositional[a.command]) throw new UsageError(`unexpected argument ${a.positional[maxPositional[a.command]]}`);
  if ((a.backup || a.noBackup) && a.command !== 'flash') throw new UsageError(`${a.backup ? '--backup' : '--no-backup'} is for grasp flash`);
  if (a.backup && a.noBackup) throw new UsageError('give --backup FILE or --no-backup, not both');
  if (a.command === 'replay' && !a.positional[0]) throw new UsageError('grasp replay FILE.csv');
  if (a.command === 'record' && !a.out) throw new UsageError('grasp record needs --out FILE.csv');
  if (a.command === 'config') {
    const act = a.positional[0];
    if (act !== 'validate' && act !== 'get' && act !== 'set') throw new UsageError('grasp config validate FILE.json | get | set FILE.json');
    if (act !== 'get' && !a.positional[1]) throw new UsageError(`grasp config ${act} FILE.json`);
  }
  if (NEEDS_BOARD(a)) {
    if (a.sim && a.port) throw new UsageError('give --port or --sim, not both');
    if (!a.sim && !a.port) throw new UsageError('which board? give --port /dev/ttyACM0 (or tcp://host:port), or --sim');
  }
  return a;
}

function projectVersion(): string {
  return JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')).version;
}

/** A plain progress bar on stderr. */
export function progressBar(done: number, total: number, width = 30): string {
  const f = total > 0 ? Math.min(1, done / total) : 1;
  const n = Math.round(f * width);
  return `[${'#'.repeat(n)}${'.'.repeat(width - n)}] ${String(Math.round(f * 100)).padStart(3)}% ${done}/${total} bytes`;
}

/** A path for a message: relative to here when it is below here. */
function showPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  const p = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
  return /^[\w@%+=:,./-]+$/.test(p) ? p : `'${p.replace(/'/g, `'\\''`)}'`;
}

/** The saved configuration and fault log, as the log shows them before the update. */
function describeSaved(saved: Saved, log: (s: string) => void): void {
  if (saved.config) log(`saved configuration: version ${saved.version} (${saved.slot})`);
  for (const p of saved.problems) log(`${saved.unusable ? 'warning' : 'note'}: ${p}`);
  if (saved.unusable) log('warning: the stored configuration is not usable: it is kept in the backup and will NOT be written back (the hand runs the defaults until you set one)');
  if (saved.faultLog) log(`fault log: ${faultCount(saved.faultLog)} entries`);
}

/**
 * After the new firmware answers: the fault log back (when it was erased), then the configuration,
 * brought to the current version here, through hand.config(doc), which saves it and restarts (so
 * the restored fault log is read too). Returns what was kept, for the summary.
 */
async function restoreSaved(board: Board, saved: Saved, erased: boolean, timeoutS: number | undefined, log: (s: string) => void): Promise<string[]> {
  const kept: string[] = [];
  let logWritten = false;
  if (erased && saved.faultLog) {
    logWritten = await restoreFaultLog(board, saved.faultLog);
    kept.push(`the fault log (${faultCount(saved.faultLog)} entries)`);
  }
  if (needsRestore(saved, erased)) {
    const from = saved.version !== CONFIG_VERSION ? ` (version ${saved.version}, brought to ${CONFIG_VERSION} here)` : '';
    log(`writing back the configuration${from} with hand.config()`);
    const sent = await sendConfig(board, saved.current, timeoutS);
    if (!sent.accepted) throw new GraspError('board-error', `${board.description}: the new firmware refused the saved configuration${from}:\n${sent.said.join('\n') || `  (it answered ${JSON.stringify(sent.value)})`}`);
    if (JSON.stringify(sent.after) !== JSON.stringify(saved.current)) throw new GraspError('verify', `${board.description}: the configuration read back after hand.config() is not the one sent`);
    kept.push(`the configuration${from}`);
  } else if (logWritten) {
    // The firmware reads its fault log at start.
    await board.reload();
  } else if (saved.current && !erased) {
    kept.push('the configuration (left in place: the firmware loads it)');
  }
  if (logWritten) {
    let n: unknown;
    for (let i = 0; i < 10 && typeof n !== 'number'; i++) {
      if (i) await sleep(500);
      n = await board.evaluate('typeof hand=="object"&&hand.faultLog?hand.faultLog().length:null').catch(() => undefined);
    }
    if (typeof n !== 'number' || n < Math.min(faultCount(saved.faultLog), 16)) throw new GraspError('verify', `${board.description}: the fault log was written back, but hand.faultLog() lists ${JSON.stringify(n)} entries`);
  }
  return kept;
}

async function flash(a: Args, io: CliIo): Promise<number> {
  const log = (s: string) => io.err(s + '\n');
  if (a.port && !a.port.startsWith('tcp://')) checkSerialPath(a.port);
  if (a.backup && fs.existsSync(a.backup)) throw new GraspError('usage', `${a.backup} exists already: give another --backup FILE (a backup is never overwritten)`);
  const build = await buildFirmware({ outFile: a.out ?? path.join(PROJECT_ROOT, 'dist', 'firmware.js'), quiet: true });
  const version = projectVersion();
  log(`built ${path.relative(process.cwd(), build.file) || build.file}: ${build.bytes} bytes, version ${version}`);
  const board: Board = await connect({
    port: a.port,
    sim: a.sim,
    answerTimeoutS: a.timeoutS,
    promptTimeoutS: a.timeoutS ? Math.max(a.timeoutS, 1) : undefined,
    debug: a.verbose ? (l) => io.err('  ' + l + '\n') : undefined,
  });
  try {
    log(`connected to ${board.description}`);
    if (board.env.BOARD && !String(board.env.BOARD).startsWith('PICO')) log(`warning: this is a ${board.env.BOARD}, the firmware is written for the Espruino Pico`);

    // 1. What the board has saved, straight from Storage, into a backup file.
    let saved: Saved | undefined;
    let backupFile: string | undefined;
    if (!a.noBackup) {
      try {
        saved = examineSaved(await readSavedFiles(board));
      } catch (e) {
        if (!(e instanceof GraspError)) throw e;
        throw new GraspError(e.kind, `cannot read the saved configuration and fault log (${e.message}). Nothing was changed. (--no-backup flashes without keeping them.)`);
      }
      describeSaved(saved, log);
      if (Object.keys(saved.files).length) {
        backupFile = a.backup ?? path.resolve(defaultBackupName());
        writeBackup(backupFile, makeBackup(saved, board.description));
        log(`backup written and read back: ${showPath(backupFile)}`);
      } else log('nothing saved on the board (no configuration, no fault log): no backup');
    }

    // 2. Room for a safe update; made by erasing them (they are in the backup) when they are what is in the way.
    const room = await board.uploadRoom(build.source.length, backupFile ? SAVED_FILES : []);
    const mustErase = !room.fits && !!backupFile;
    if (mustErase && !room.fitsIfFreed)
      throw new GraspError(
        'no-room',
        `${board.description}: not enough Storage for a safe update, even without the configuration and fault log: the new code (${build.source.length} bytes) and its copy need ${2 * room.need} bytes, ${room.have + room.freed} would be free or reclaimable. Nothing was changed. (Other files: require("Storage").list().)`,
      );

    let erased = false;
    let switched = false;
    let running = false;
    try {
      if (mustErase) {
        erased = true;
        await eraseSaved(board);
        log(`erased the configuration and fault log to make room (${room.freed} bytes); they go back after the update`);
      }
      // 3. The safe upload, as ever.
      let last = -1;
      const started = Date.now();
      await board.upload(build.source, {
        save: true,
        onProgress: (done, total) => {
          const pct = Math.floor((done / total) * 100);
          if (io.tty) io.err('\r' + progressBar(done, total));
          else if (pct >= last + 25 || done === total) io.err(progressBar(done, total) + '\n');
          last = pct;
        },
        onSwitch: () => (switched = true),
      });
      if (io.tty) io.err('\n');
      log(`saved to flash in ${((Date.now() - started) / 1000).toFixed(1)} s; the board restarted from flash`);
      const status = (await board.evaluate('hand.status()')) as { version?: string; state?: string } | undefined;
      if (!status || typeof status !== 'object') throw new GraspError('verify', `the firmware does not answer hand.status() after the restart (got ${JSON.stringify(status)})`);
      if (status.version !== version) throw new GraspError('verify', `the board runs version ${JSON.stringify(status.version)}, expected ${version}`);
      running = true;
      // 4. Back: the fault log if it was erased, the configuration if erased or older.
      const kept = saved ? await restoreSaved(board, saved, erased, a.timeoutS, log) : [];
      io.out(`flashed Grasp ${version} to ${board.description}: hand.status().state is "${status.state}"\n`);
      if (kept.length) io.out(`kept ${kept.join(' and ')}\n`);
      if (saved?.unusable) io.out(`the stored configuration was not usable and was not written back; it is in ${showPath(backupFile!)}\n`);
      if (backupFile) io.out(`backup: ${showPath(backupFile)}\n`);
      return 0;
    } catch (e) {
      if (!erased) throw e;
      // They are off the board and in the backup only.
      const kind = e instanceof GraspError ? e.kind : 'board-error';
      const message = e instanceof Error ? e.message : String(e);
      let putBackOk = false;
      if (!switched && !(e instanceof GraspError && e.kind === 'not-answering')) {
        // The old firmware is untouched: put its files back as they were.
        try {
          await putBack(board, saved!.files);
          putBackOk = true;
        } catch {
          // the steps below, then
        }
      }
      if (putBackOk) throw new GraspError(kind, `${message}\nThe configuration and fault log, erased to make room, were written back as they were (the backup ${showPath(backupFile!)} has them too).`);
      const port = `--port ${a.port ?? 'PORT'}`;
      const bf = showPath(backupFile!);
      const steps = (running ? [] : [`npx grasp flash ${port}        (again, until it succeeds)`]).concat(`npx grasp config set ${bf} ${port}`);
      throw new GraspError(kind, `${message}\nThe configuration and fault log were erased to make room for the update; they are in the backup ${bf}. To put them back:\n` + steps.map((l) => '  ' + l).join('\n'));
    }
  } finally {
    await board.close();
  }
}

function run(a: Args, io: CliIo): Promise<number> {
  const cio = { out: io.out, err: io.err, outTty: io.outTty, stdin: io.stdin };
  const board = { port: a.port, sim: a.sim, firmware: a.firmware, timeoutS: a.timeoutS, verbose: a.verbose, seed: a.seed };
  switch (a.command) {
    case 'monitor':
      return monitor({ ...board, hz: a.hz ?? 10, seconds: a.seconds, once: a.once, web: a.web }, cio);
    case 'record':
      return record({ ...board, hz: a.hz ?? 20, seconds: a.seconds, out: a.out! }, cio);
    case 'replay':
      return replay({ file: a.positional[0], speed: a.speed, config: a.config, firmware: a.firmware, seed: a.seed }, cio);
    case 'config':
      return configCommand({ ...board, action: a.positional[0], file: a.positional[1], noCheck: a.noCheck }, cio);
    case 'bench':
      return bench(board, cio);
    default:
      return flash(a, io);
  }
}

export async function main(
  argv: string[],
  io: CliIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t), tty: process.stderr.isTTY, outTty: process.stdout.isTTY },
): Promise<number> {
  let a: Args;
  try {
    a = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      if (e.message) io.err(`grasp: ${e.message}\n`);
      io.err(USAGE);
      return 2;
    }
    throw e;
  }
  try {
    return await run(a, io);
  } catch (e) {
    if (e instanceof TelemetryError) {
      io.err(`\ngrasp ${a.command}: ${e.message}\n`);
      return 1;
    }
    if (e instanceof GraspError) {
      io.err(`\ngrasp ${a.command}: ${e.message}\n`);
      return e.kind === 'usage' ? 2 : 1;
    }
    if (e instanceof BuildError) {
      io.err(`grasp ${a.command}: the build failed:\n${e.message}\n`);
      return 1;
    }
    io.err(`grasp ${a.command}: ${(e as Error).stack ?? e}\n`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
