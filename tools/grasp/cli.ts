// `grasp`: one command line for the board on USB and the Virtual Pico.
//   grasp flash [--port /dev/ttyACM0 | --port tcp://host:port | --sim] [--out dist/firmware.js]
//               [--timeout S] [--verbose]
// Builds the firmware, uploads it, saves it to flash (safely: see transport.ts) so the hand
// starts at power-up, then reads back hand.status() and checks the version.
// Exit codes: 0 done, 1 the board or the build failed (message on stderr), 2 bad usage.

import * as fs from 'fs';
import * as path from 'path';
import { BuildError, buildFirmware, PROJECT_ROOT } from '../build/build';
import { Board, checkSerialPath, connect, GraspError } from './transport';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Whether err is a terminal (progress bar redrawn in place). */
  tty?: boolean;
}

const USAGE = `usage: grasp flash [--port /dev/ttyACM0 | --port tcp://HOST:PORT | --sim] [options]
  flash          build, upload and save to flash, then check hand.status().version
  --port P       a serial device (/dev/ttyACM0, COM3) or tcp://host:port
                 (the simulator: \`npm run sim -- --tcp 4000\` then --port tcp://127.0.0.1:4000)
  --sim          start a Virtual Pico here and flash that
  --out FILE     where the build writes the bundle (default dist/firmware.js)
  --timeout S    seconds to wait for each answer from the board (default 5)
  --verbose      show EspruinoTools' messages and what is sent
`;

class UsageError extends Error {}

interface Args {
  command?: string;
  port?: string;
  sim: boolean;
  out: string;
  timeoutS?: number;
  verbose: boolean;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { sim: false, out: path.join(PROJECT_ROOT, 'dist', 'firmware.js'), verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === '--port' || arg === '-p') a.port = value();
    else if (arg === '--sim') a.sim = true;
    else if (arg === '--out') a.out = path.resolve(value());
    else if (arg === '--timeout') {
      const v = Number(value());
      if (!(v > 0)) throw new UsageError('--timeout needs a number of seconds > 0');
      a.timeoutS = v;
    } else if (arg === '--verbose' || arg === '-v') a.verbose = true;
    else if (arg === '--help' || arg === '-h') throw new UsageError('');
    else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
    else if (!a.command) a.command = arg;
    else throw new UsageError(`unexpected argument ${arg}`);
  }
  if (!a.command) throw new UsageError('');
  if (a.command !== 'flash') throw new UsageError(`unknown command "${a.command}" (this version has: flash)`);
  if (a.sim && a.port) throw new UsageError('give --port or --sim, not both');
  if (!a.sim && !a.port) throw new UsageError('which board? give --port /dev/ttyACM0 (or tcp://host:port), or --sim');
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

async function flash(a: Args, io: CliIo): Promise<number> {
  const log = (s: string) => io.err(s + '\n');
  if (a.port && !a.port.startsWith('tcp://')) checkSerialPath(a.port);
  const build = await buildFirmware({ outFile: a.out, quiet: true });
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
    });
    if (io.tty) io.err('\n');
    log(`saved to flash in ${((Date.now() - started) / 1000).toFixed(1)} s; the board restarted from flash`);
    const status = (await board.evaluate('hand.status()')) as { version?: string; state?: string } | undefined;
    if (!status || typeof status !== 'object') throw new GraspError('verify', `the firmware does not answer hand.status() after the restart (got ${JSON.stringify(status)})`);
    if (status.version !== version) throw new GraspError('verify', `the board runs version ${JSON.stringify(status.version)}, expected ${version}`);
    io.out(`flashed Grasp ${version} to ${board.description}: hand.status().state is "${status.state}"\n`);
    return 0;
  } finally {
    await board.close();
  }
}

export async function main(argv: string[], io: CliIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t), tty: process.stderr.isTTY }): Promise<number> {
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
    return await flash(a, io);
  } catch (e) {
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
