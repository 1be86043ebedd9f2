// What every grasp command but `flash` starts with: a board on --port, or with --sim a Virtual Pico
// running the current firmware (built now, or --firmware FILE) inside the hand simulation
// (sim/engine), reached over its TCP console like a real board. With `user: 'demo'` the
// simulated forearm closes and opens the hand every 8 s, so monitor and record have something to
// show.

import { HandStatus } from '../../firmware/console-api';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildFirmware } from '../build/build';
import { createHandSim, HandSim } from '../../sim/engine';
import { Board, checkSerialPath, connect, GraspError } from './transport';

export interface BoardArgs {
  port?: string;
  sim: boolean;
  /** The bundle for --sim (default: build the firmware now, into a temporary folder). */
  firmware?: string;
  timeoutS?: number;
  verbose: boolean;
  seed?: number;
}

export interface CommandIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Whether out is a terminal (redraw in place, colours). */
  outTty?: boolean;
  /** Bench commands (default process.stdin). */
  stdin?: NodeJS.ReadableStream;
}

export interface Session {
  board: Board;
  /** With --sim: the hand simulation the board runs in. */
  sim?: HandSim;
  close(): Promise<void>;
}

/** The firmware bundle's text: --firmware FILE, or a fresh build in a temporary folder. */
export async function firmwareSource(file: string | undefined): Promise<string> {
  if (file) {
    if (!fs.existsSync(file)) throw new GraspError('usage', `${file}: no such file (--firmware takes a bundle built by \`npm run build\`)`);
    // Bytes: the bundle is pretokenised.
    return fs.readFileSync(file, 'latin1');
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grasp-fw-'));
  try {
    return (await buildFirmware({ outFile: path.join(dir, 'firmware.js'), quiet: true })).source;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The simulated user of --sim for monitor and record: a close (1.2 s into every 8, just after booting), then an open (at 4.5 s). */
function startDemoUser(sim: HandSim): () => void {
  let last = '';
  const timer = setInterval(() => {
    const t = sim.vp.nowS() % 8;
    const want = t >= 1.2 && t < 2.4 ? 'flexor' : t >= 4.5 && t < 5.7 ? 'extensor' : 'rest';
    if (want === last) return;
    last = want;
    // The engine is not stepped here (the console server advances the Virtual Pico in real
    // time); an effort set now holds from now on.
    sim.setEffort('flexor', want === 'flexor' ? 0.7 : 0);
    sim.setEffort('extensor', want === 'extensor' ? 0.7 : 0);
  }, 50);
  timer.unref?.();
  return () => clearInterval(timer);
}

export async function openSession(a: BoardArgs, io: CommandIo, opts: { user?: 'rest' | 'demo' } = {}): Promise<Session> {
  if (a.sim && a.port) throw new GraspError('usage', 'give --port or --sim, not both');
  if (!a.sim && !a.port) throw new GraspError('usage', 'which board? give --port /dev/ttyACM0 (or tcp://host:port), or --sim for a Virtual Pico');
  if (a.port && !a.port.startsWith('tcp://')) checkSerialPath(a.port);
  let sim: HandSim | undefined;
  let stopUser = () => {};
  if (a.sim) {
    const firmware = await firmwareSource(a.firmware);
    sim = createHandSim({ firmware, seed: a.seed ?? 1, statusIntervalMs: 0 });
    if (opts.user === 'demo') stopUser = startDemoUser(sim);
  }
  let board: Board;
  try {
    board = await connect({
      port: a.port,
      sim: a.sim,
      pico: sim?.vp,
      answerTimeoutS: a.timeoutS,
      promptTimeoutS: a.timeoutS ? Math.max(a.timeoutS, 1) : undefined,
      debug: a.verbose ? (l) => io.err('  ' + l + '\n') : undefined,
    });
  } catch (e) {
    stopUser();
    throw e;
  }
  if (a.verbose || a.sim) io.err(`connected to ${board.description}${a.sim ? ' (a Virtual Pico running the current firmware)' : ''}\n`);
  return {
    board,
    sim,
    close: async () => {
      stopUser();
      await board.close();
    },
  };
}

/** The firmware's hand.status() (throws a clear error when the board runs no Grasp firmware). */
export async function handStatus(board: Board): Promise<HandStatusLike> {
  const s = (await board.evaluate('typeof hand=="object"&&hand.status?hand.status():null')) as HandStatusLike | null;
  if (!s || typeof s !== 'object') throw new GraspError('board-error', `${board.description}: no Grasp firmware answers (hand.status() is missing): flash it with \`grasp flash\``);
  return s;
}

/** What hand.status() answers: the firmware's own type. */
export type HandStatusLike = HandStatus;

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
