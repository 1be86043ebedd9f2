// `grasp monitor` (live telemetry in the terminal) and `grasp record` (telemetry to CSV). Both
// switch the firmware's telemetry on (hand.telemetry(hz)), read its lines from the console and
// switch it off again on the way out, Ctrl-C included.

import * as fs from 'fs';
import { Board, GraspError } from './transport';
import { CommandIo, handStatus, HandStatusLike, openSession, BoardArgs, Session } from './session';
import { csvRow, CSV_HEADER, faultNames, isTelemetryLine, LineSplitter, parseTelemetryLine, SequenceTracker, sparkline, TelemetryError, TelemetryRecord } from './telemetry';

export interface StreamArgs extends BoardArgs {
  hz: number;
  /** Stop after this long (default: Ctrl-C). */
  seconds?: number;
}

/** Starts the board's telemetry; resolves with a stop function once hand.telemetry(hz) answered. */
async function startTelemetry(board: Board, hz: number, onRecord: (r: TelemetryRecord, lostBefore: number) => void, onError: (e: Error) => void): Promise<{ stop: () => Promise<void>; tracker: SequenceTracker }> {
  const tracker = new SequenceTracker();
  let failed = false;
  const splitter = new LineSplitter((line) => {
    if (failed || !isTelemetryLine(line)) return;
    try {
      const r = parseTelemetryLine(line);
      onRecord(r, tracker.next(r));
    } catch (e) {
      failed = true;
      onError(e as Error);
    }
  });
  const off = board.onData((s) => splitter.push(s));
  let rate: unknown;
  try {
    rate = await board.evaluate(`typeof hand=="object"&&hand.telemetry?hand.telemetry(${hz}):"none"`);
  } catch (e) {
    off();
    throw e;
  }
  if (rate === 'none') {
    off();
    throw new GraspError('board-error', `${board.description}: this firmware has no hand.telemetry(): flash the current one with \`grasp flash\``);
  }
  if (rate !== hz) {
    off();
    throw new GraspError('board-error', `${board.description}: hand.telemetry(${hz}) answered ${JSON.stringify(rate)}`);
  }
  return {
    tracker,
    stop: async () => {
      off();
      await board.evaluate('hand.telemetry(0)').catch(() => undefined);
    },
  };
}

/** Resolves after `seconds`, on Ctrl-C, or when fail() is called; the returned promise rejects with that error. */
function runUntil(seconds: number | undefined): { done: Promise<void>; fail: (e: Error) => void; finish: () => void } {
  let finish!: () => void;
  let fail!: (e: Error) => void;
  const done = new Promise<void>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const timer = seconds !== undefined ? setTimeout(() => finish(), seconds * 1000) : undefined;
  // Ctrl-C, a closed terminal, kill: stop cleanly (telemetry off) rather than die.
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const onSignal = () => finish();
  for (const s of signals) process.on(s, onSignal);
  const cleanup = () => {
    if (timer) clearTimeout(timer);
    for (const s of signals) process.removeListener(s, onSignal);
  };
  done.then(cleanup, cleanup);
  return { done, fail, finish };
}

// ------------------------------------------------------------------ monitor

const HISTORY = 60;

export interface MonitorArgs extends StreamArgs {
  /** Print one frame after about a second and stop. */
  once: boolean;
  web: boolean;
}

interface MonitorState {
  status: HandStatusLike;
  env: number[][];
  fingers: number[][];
  last?: TelemetryRecord;
  /** Date.now() of the last line. */
  lastAt: number;
  lines: number;
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

/** One frame of the monitor, as lines of text. */
export function monitorFrame(m: MonitorState, header: string, tracker: SequenceTracker): string[] {
  const r = m.last;
  const out: string[] = [];
  const quiet = (Date.now() - m.lastAt) / 1000;
  out.push(`${header}   lines ${tracker.received}, lost ${tracker.lost}${quiet >= 2 ? `   NO TELEMETRY FOR ${quiet.toFixed(0)} s` : ''}`);
  if (!r) {
    out.push('waiting for telemetry...');
    return out;
  }
  const faults = faultNames(r.faults);
  out.push(`state ${pad(r.stateName, 11)} EMG control ${r.paused ? 'PAUSED' : 'on'}   faults ${faults.length ? faults.join(', ') : 'none'}   t ${(r.ms / 1000).toFixed(1)} s`);
  const sites = m.status.emg.map((e) => e.site);
  for (let i = 0; i < 2; i++) {
    const v = r.envelope[i];
    if (v === null || v === undefined) continue;
    const hist = m.env[i];
    const hi = Math.max(0.1, ...hist.filter(Number.isFinite));
    out.push(`${pad(sites[i] ?? `site${i}`, 9)} ${v.toFixed(3)} ${r.on[i] ? 'ON ' : '   '} ${sparkline(hist, 0, hi)}  (0..${hi.toFixed(2)})`);
  }
  const names = Object.keys(m.status.fingers);
  r.fingers.forEach((p, i) => {
    out.push(`${pad(names[i] ?? `finger${i}`, 9)} ${p.toFixed(3)}     ${sparkline(m.fingers[i] ?? [], 0, 1)}`);
  });
  return out;
}

export async function monitor(a: MonitorArgs, io: CommandIo): Promise<number> {
  if (a.web) {
    io.out('The plots are in the simulator page: `npm start`, then open http://127.0.0.1:8080 (EMG envelopes and thresholds, finger positions, state, faults, console).\n');
    return 0;
  }
  const session: Session = await openSession(a, io, { user: 'demo' });
  try {
    const status = await handStatus(session.board);
    const m: MonitorState = { status, env: [[], []], fingers: [], lines: 0, lastAt: Date.now() };
    const header = `Grasp ${status.version} on ${session.board.description}, ${a.hz} Hz`;
    const until = runUntil(a.once ? Math.max(1, a.seconds ?? 1) : a.seconds);
    const tele = await startTelemetry(
      session.board,
      a.hz,
      (r) => {
        m.last = r;
        m.lastAt = Date.now();
        m.lines++;
        for (let i = 0; i < 2; i++) {
          const h = m.env[i];
          h.push(r.envelope[i] ?? NaN);
          if (h.length > HISTORY) h.shift();
        }
        r.fingers.forEach((p, i) => {
          const h = (m.fingers[i] ??= []);
          h.push(p);
          if (h.length > HISTORY) h.shift();
        });
      },
      (e) => until.fail(e),
    );
    let drawn = 0;
    const draw = () => {
      const lines = monitorFrame(m, header, tele.tracker);
      if (io.outTty) {
        // back to the top of the previous frame, redraw, clear what is left below
        io.out((drawn ? `\x1b[${drawn}A\r` : '') + lines.map((l) => l + '\x1b[K').join('\n') + '\n\x1b[J');
        drawn = lines.length;
      } else io.out(lines.join('\n') + '\n\n');
    };
    if (io.outTty) io.out('Ctrl-C quits\n');
    const every = io.outTty ? 200 : 1000;
    const timer = a.once ? undefined : setInterval(draw, every);
    try {
      await until.done;
    } finally {
      if (timer) clearInterval(timer);
      await tele.stop();
    }
    draw();
    return 0;
  } finally {
    await session.close();
  }
}

// ------------------------------------------------------------------ record

export interface RecordArgs extends StreamArgs {
  out: string;
}

export async function record(a: RecordArgs, io: CommandIo): Promise<number> {
  const session = await openSession(a, io, { user: 'demo' });
  let fd: number | undefined;
  try {
    const status = await handStatus(session.board);
    const config = await session.board.evaluate('hand.config()');
    fd = fs.openSync(a.out, 'w');
    const write = (s: string) => fs.writeSync(fd!, s);
    write(`# grasp record: Grasp ${status.version} on ${session.board.description}, ${a.hz} Hz, started ${new Date().toISOString()}\n`);
    write(`# sites ${status.emg.map((e) => e.site).join(';')}; fingers ${Object.keys(status.fingers).join(';')}\n`);
    write(`# config ${JSON.stringify(config)}\n`);
    write(CSV_HEADER.join(',') + '\n');
    const until = runUntil(a.seconds);
    let rows = 0;
    const started = Date.now();
    let lastAt = Date.now();
    const tele = await startTelemetry(
      session.board,
      a.hz,
      (r, lost) => {
        if (lost) io.err(`lost ${lost} line(s) before seq ${r.seq}\n`);
        write(csvRow(r, lost) + '\n');
        rows++;
        lastAt = Date.now();
      },
      (e) => until.fail(e),
    );
    // A board unplugged or hung mid-recording: stop with an error (the rows so far are kept).
    const QUIET_S = 5;
    const watch = setInterval(() => {
      if (Date.now() - lastAt > QUIET_S * 1000) until.fail(new GraspError('not-answering', `${session.board.description}: no telemetry for ${QUIET_S} s: the board stopped answering (${rows} rows kept in ${a.out})`));
    }, 500);
    until.done.then(
      () => clearInterval(watch),
      () => clearInterval(watch),
    );
    io.err(`recording ${a.hz} Hz telemetry to ${a.out}${a.seconds !== undefined ? ` for ${a.seconds} s` : ''}: Ctrl-C stops\n`);
    try {
      await until.done;
    } finally {
      await tele.stop();
    }
    const t = tele.tracker;
    write(`# end: ${rows} rows in ${((Date.now() - started) / 1000).toFixed(1)} s, ${t.lost} line(s) lost${t.restarts ? `, telemetry restarted ${t.restarts} time(s)` : ''}\n`);
    io.out(`recorded ${rows} rows to ${a.out} (${t.lost} line(s) lost)\n`);
    if (!rows) throw new GraspError('not-answering', `${session.board.description}: no telemetry arrived`);
    return 0;
  } catch (e) {
    if (e instanceof TelemetryError) throw new GraspError('board-error', e.message);
    throw e;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
    await session.close();
  }
}
