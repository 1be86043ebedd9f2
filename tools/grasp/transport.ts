// How the `grasp` command talks to a board: a serial device (/dev/ttyACM0), a network console
// (tcp://host:port, e.g. the Virtual Pico's `npm run sim -- --tcp PORT`) or, with --sim, a
// Virtual Pico started here (served on an ephemeral loopback port and reached over TCP like any
// other board). The bytes go through the `espruino` npm package (EspruinoTools' serial layer:
// node-serialport or a socket); the console protocol on top is ours, modelled on EspruinoTools'
// getEspruinoPrompt/executeExpression but with a timeout and an acknowledgement for every step,
// so a board that stops answering is noticed at once and reported.
//
// Saving to flash does NOT do what EspruinoTools does. EspruinoTools ("Save on Send") first
// sends reset() and then rewrites .bootcde in place, chunk by chunk
// (`require("Storage").write(".bootcde", chunk, offset, total)`): the first chunk replaces the
// old file, so an upload cut half-way leaves a half-written .bootcde that the board then boots
// (and a running watchdog can reboot the board into it during the upload). `upload(src, {save:true})`
// instead leaves the running firmware alone, writes the new code to the Storage file
// "grasp.new", reads back its length and checksum, and only then, in one line the board runs
// on its own, copies it over .bootcde, erases "grasp.new" and calls load(). If anything fails
// before that line, .bootcde (and the running firmware) are untouched. It needs room for both
// copies: Storage free + trash + the old .bootcde must hold the new one.

import * as fs from 'fs';
import { FlashImage, VirtualPico } from '../../sim/runtime';
import { ConsoleServer, startConsoleServer } from '../../sim/tcp/console-server';

export type GraspErrorKind = 'usage' | 'no-device' | 'permission' | 'connect' | 'not-espruino' | 'not-answering' | 'board-error' | 'no-room' | 'verify';

export class GraspError extends Error {
  constructor(
    readonly kind: GraspErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'GraspError';
  }
}

export interface ConnectOptions {
  /** /dev/ttyACM0, COM3 or tcp://host:port */
  port?: string;
  /** Start a Virtual Pico here instead. */
  sim?: boolean;
  /** For --sim: the pico to serve (default: a new one with empty flash). */
  pico?: VirtualPico;
  /** Seconds to wait for the `>` prompt before deciding it is not an Espruino (default 4). */
  promptTimeoutS?: number;
  /** Seconds to wait for each answer (an expression, an upload chunk) (default 5). */
  answerTimeoutS?: number;
  /** Diagnostics (EspruinoTools' own messages, bytes sent). */
  debug?: (line: string) => void;
}

export interface UploadOptions {
  /** Save to flash (.bootcde) so it runs at power-up; otherwise upload into RAM after reset(). */
  save: boolean;
  /** Bytes acknowledged by the board so far, of total. */
  onProgress?: (done: number, total: number) => void;
  /** Saving: called as the new copy, verified, is about to replace .bootcde (before that, the old firmware is untouched). */
  onSwitch?: () => void;
}

/** Room in Storage for a safe upload (see saveToFlash), in bytes. */
export interface UploadRoom {
  /** What one copy of the new code takes (its header and the switch included). */
  need: number;
  /** Whether both copies fit now. */
  fits: boolean;
  /** Whether they would fit with the files named to uploadRoom() erased. */
  fitsIfFreed: boolean;
  /** Free or reclaimable now (trash, the old .bootcde), against 2 x need. */
  have: number;
  /** What erasing those files would give back. */
  freed: number;
}

/** Storage free + trash + an old temporary copy must hold the new code, and with the old .bootcde, both copies. */
function roomFor(total: number, r: { free: number; trash: number; old: number; temp: number }, freed = 0): { need: number; fits: boolean; have: number } {
  const need = total + 32 + 4;
  const avail = r.free + r.trash + r.temp + freed;
  return { need, fits: avail >= need && avail + r.old >= 2 * need, have: avail + r.old };
}

/** Bytes a Storage file of this length takes (a 32-byte header, the data padded to 4). */
const fileBytes = (length: number) => 32 + ((length + 3) & ~3);

export interface Board {
  /** What we are connected to, e.g. "PICO 2v29 on tcp://127.0.0.1:4000". */
  readonly description: string;
  readonly env: { BOARD?: string; VERSION?: string; [k: string]: unknown };
  /** The value of a JavaScript expression on the board (through JSON.stringify). */
  evaluate(expr: string, opts?: { timeoutS?: number }): Promise<unknown>;
  /** As evaluate, and what the board printed while it ran (its messages, e.g. "hand: ..."). */
  evaluateWithOutput(expr: string, opts?: { timeoutS?: number }): Promise<{ value: unknown; output: string }>;
  /** Every chunk the board sends (telemetry, messages from its timers); returns an unsubscribe. */
  onData(listener: (text: string) => void): () => void;
  upload(source: string, opts: UploadOptions): Promise<void>;
  /** Whether a safe upload of `bytes` fits in Storage now, and would once the named files were erased. */
  uploadRoom(bytes: number, freeing?: string[]): Promise<UploadRoom>;
  /** Restarts the saved program (`load()`) and waits for the prompt. */
  reload(): Promise<void>;
  close(): Promise<void>;
  /** For --sim: the Virtual Pico. */
  readonly pico?: VirtualPico;
}

// ------------------------------------------------------------------ EspruinoTools as the byte link

interface Link {
  write(data: string): Promise<void>;
  close(): Promise<void>;
}

/* eslint-disable @typescript-eslint/no-explicit-any */
let espruinoReady: Promise<any> | undefined;
// Loading EspruinoTools redirects console.log to the debug sink for good (see below).
let debugSink: (line: string) => void = () => {};
let consoleTap: ((args: unknown[]) => void) | undefined;

/** Load EspruinoTools once (it installs `Espruino` as a global and is chatty on console.log). */
function loadEspruinoTools(): Promise<any> {
  if (espruinoReady) return espruinoReady;
  espruinoReady = new Promise((resolve) => {
    const log = console.log;
    console.log = (...a: unknown[]) => debugSink(a.map(String).join(' '));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('espruino').init(() => {
      // EspruinoTools keeps logging through console.log (every byte sent, at level 2): from now
      // on console.log goes to the debug sink. (The grasp command prints with process.stdout.)
      void log;
      const E = (global as any).Espruino;
      E.Config.BLUETOOTH_LOW_ENERGY = false; // no noble/D-Bus scanning (crashes without D-Bus)
      E.Config.BLUETOOTH_LOW_ENERGY_DBUS = false;
      E.Config.ENV_ON_CONNECT = false; // we ask for process.env ourselves
      E.Config.SERIAL_AUDIO = 0;
      const note = (a: unknown) => debugSink(String(a));
      E.Core.Notifications = { success: note, error: note, warning: note, info: note };
      E.Core.Status = { setStatus: () => {}, hasProgress: () => false, incrementProgress: () => {} };
      resolve(E);
    });
  });
  return espruinoReady;
}

// EspruinoTools reports socket errors and "port not found" only through console.error.
const origError = console.error;
console.error = (...a: unknown[]) => {
  if (consoleTap) consoleTap(a);
  else origError(...a);
};

function openError(port: string, detail: string): GraspError {
  const code = /"code":"(\w+)"/.exec(detail)?.[1] ?? /\b(E[A-Z]{3,})\b/.exec(detail)?.[1];
  if (port.startsWith('tcp://')) {
    if (code === 'ECONNREFUSED') return new GraspError('connect', `${port}: connection refused: nothing is listening there (for the simulator, start it with \`npm run sim -- --tcp ${port.split(':').pop()}\`, or use --sim)`);
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new GraspError('connect', `${port}: no such host`);
    return new GraspError('connect', `${port}: cannot connect (${code ?? detail})`);
  }
  return describeSerialError(port, code, detail);
}

/** The message for a serial port that cannot be opened. */
export function describeSerialError(port: string, code: string | undefined, detail = ''): GraspError {
  if (code === 'ENOENT') return new GraspError('no-device', `${port}: no such device: is the Pico plugged in? List serial ports with \`npx espruino --no-ble --list\` (or \`ls /dev/ttyACM*\`)`);
  if (code === 'EACCES' || code === 'EPERM')
    return new GraspError('permission', `${port}: permission denied: add yourself to the serial port's group (\`sudo usermod -aG dialout $USER\`, then log out and back in), or check \`ls -l ${port}\``);
  if (code === 'EBUSY') return new GraspError('connect', `${port}: the port is busy: close the Web IDE or any other terminal using it`);
  return new GraspError('connect', `${port}: cannot open the port (${code ?? (detail || 'unknown error')})`);
}

/** Fail early (before a build) on a serial path that does not exist or cannot be opened. */
export function checkSerialPath(port: string): void {
  if (!port.startsWith('/')) return; // COMx: leave it to serialport
  if (!fs.existsSync(port)) throw describeSerialError(port, 'ENOENT');
  try {
    fs.accessSync(port, fs.constants.R_OK | fs.constants.W_OK);
  } catch (e) {
    throw describeSerialError(port, (e as NodeJS.ErrnoException).code);
  }
}

async function openLink(port: string, onData: (s: string) => void, onClose: () => void, timeoutS: number): Promise<Link> {
  if (!port.startsWith('tcp://')) checkSerialPath(port);
  const E = await loadEspruinoTools();
  if (port.startsWith('tcp://')) E.Config.SERIAL_TCPIP = [port];
  const Serial = E.Core.Serial;
  Serial.startListening((ab: ArrayBuffer) => onData(Buffer.from(new Uint8Array(ab)).toString('latin1')));
  await new Promise<void>((resolve, reject) => {
    let settled = false;
    const done = (err?: GraspError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      consoleTap = undefined;
      process.removeListener('uncaughtException', onUncaught);
      if (err) reject(err);
      else resolve();
    };
    const timer = setTimeout(() => done(new GraspError('connect', `${port}: no connection after ${timeoutS} s`)), timeoutS * 1000);
    consoleTap = (a) => {
      const text = a.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(' ');
      debugSink('espruino: ' + text);
      if (/RECEIVE ERROR|not found|Unable to open/i.test(text)) done(openError(port, text));
    };
    // node-serialport emits 'error' with nobody listening when open() fails (EACCES, EBUSY)
    const onUncaught = (e: Error) => done(openError(port, String((e as NodeJS.ErrnoException).code ?? e.message)));
    process.on('uncaughtException', onUncaught);
    Serial.open(
      port,
      (status: unknown) => {
        if (status === undefined) done(openError(port, 'not found'));
        else done();
      },
      () => onClose(),
    );
  });
  const conn = Serial.connection;
  conn.chunkSize = 512;
  return {
    write: (data) => conn.write(data),
    close: () =>
      new Promise<void>((resolve) => {
        try {
          if (Serial.isConnected()) Serial.close();
        } catch {
          // already gone
        }
        setTimeout(resolve, 50);
      }),
  };
}
/* eslint-enable @typescript-eslint/no-explicit-any */

// ------------------------------------------------------------------ the console protocol

const MARK = /< << ([\s\S]*?) >> >/;

/**
 * A string literal for any bytes (the pretokenised bundle has them all): ASCII on the wire, each
 * byte 0x80-0xff as \xNN, so no link can re-encode it.
 */
export function byteLiteral(bytes: string): string {
  return JSON.stringify(bytes).replace(/[\u0080-\u00ff]/g, (c) => '\\x' + c.charCodeAt(0).toString(16).padStart(2, '0'));
}

/** Sum of char codes, as E.sum(string) on the board. */
export function charSum(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) n += s.charCodeAt(i);
  return n;
}

const TEMP_FILE = 'grasp.new';
const CHUNK = 1024;

class EspruinoBoard implements Board {
  env: Board['env'] = {};
  description: string;
  private rx = '';
  private closed = false;
  private wake: (() => void) | undefined;
  private link!: Link;
  private listeners: ((text: string) => void)[] = [];

  constructor(
    readonly port: string,
    private readonly promptTimeoutS: number,
    private readonly answerTimeoutS: number,
    private readonly debug: (line: string) => void,
    readonly pico?: VirtualPico,
    private readonly onClosed?: () => Promise<void>,
  ) {
    this.description = port;
  }

  async open(): Promise<void> {
    this.link = await openLink(
      this.port,
      (s) => {
        this.rx += s;
        if (this.rx.length > 200000) this.rx = this.rx.slice(-100000);
        for (const l of this.listeners.slice()) l(s);
        this.wake?.();
      },
      () => {
        this.closed = true;
        this.wake?.();
      },
      this.promptTimeoutS,
    );
    await this.getPrompt();
    const env = (await this.evaluate('process.env').catch(() => undefined)) as Board['env'] | undefined;
    if (!env || typeof env !== 'object' || !env.VERSION) throw new GraspError('not-espruino', `${this.port}: answered, but not like an Espruino (no process.env.VERSION)`);
    this.env = env;
    this.description = `${env.BOARD ?? 'Espruino'} ${env.VERSION} on ${this.port}`;
  }

  private send(data: string): Promise<void> {
    if (this.closed) throw new GraspError('not-answering', `${this.port}: the connection closed`);
    this.debug('> ' + JSON.stringify(data.length > 200 ? data.slice(0, 200) + '...' : data));
    return this.link.write(data);
  }

  /** Wait until test(rx) gives a value, the connection closes, or the time is up (undefined). */
  private async waitFor<T>(test: (rx: string) => T | undefined, timeoutS: number): Promise<T | undefined> {
    const end = Date.now() + timeoutS * 1000;
    for (;;) {
      const v = test(this.rx);
      if (v !== undefined) return v;
      if (this.closed) throw new GraspError('not-answering', `${this.port}: the connection closed`);
      const left = end - Date.now();
      if (left <= 0) return undefined;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 200));
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  /** As EspruinoTools: Enter, and expect a line ending in `>`; else Ctrl-C and try again. */
  private async getPrompt(): Promise<void> {
    const end = Date.now() + this.promptTimeoutS * 1000;
    const keys = ['\n', '\x03', '\x03\n', '\n'];
    for (let i = 0; Date.now() < end; i++) {
      this.rx = '';
      await this.send(keys[Math.min(i, keys.length - 1)]);
      const got = await this.waitFor((rx) => (/>\s*$/.test(rx) ? true : undefined), Math.min(1, Math.max(0.05, (end - Date.now()) / 1000)));
      if (got) return;
    }
    throw new GraspError('not-espruino', `${this.port}: no Espruino prompt within ${this.promptTimeoutS} s: is this an Espruino board, running? (another program, such as the Web IDE, may be connected to it)`);
  }

  onData(listener: (text: string) => void): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  /** What was printed before the last marker ask() saw. */
  private printed = '';

  /** Send one line (echo off) that prints a marker; resolve with the marker's text. */
  private async ask(line: string, what: string, timeoutS = this.answerTimeoutS): Promise<string> {
    this.rx = '';
    await this.send('\x10' + line + '\n');
    const r = await this.waitFor((rx) => {
      const m = MARK.exec(rx);
      if (m) {
        this.printed = rx.slice(0, m.index);
        return { ok: m[1] };
      }
      const err = /Uncaught ([^\r\n]*)/.exec(rx);
      if (err && /\r?\n/.test(rx.slice(err.index + err[0].length))) return { err: err[1] };
      return undefined;
    }, timeoutS);
    if (!r) throw new GraspError('not-answering', `${this.port}: the board stopped answering (${what}: nothing within ${timeoutS} s)`);
    if ('err' in r) throw new GraspError('board-error', `${this.port}: the board refused ${what}: ${r.err}`);
    return r.ok!;
  }

  async evaluateWithOutput(expr: string, opts: { timeoutS?: number } = {}): Promise<{ value: unknown; output: string }> {
    const value = await this.evaluate(expr, opts);
    // eslint-disable-next-line no-control-regex
    const output = this.printed.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').replace(/\r\n?/g, '\n');
    return { value, output };
  }

  async evaluate(expr: string, opts: { timeoutS?: number } = {}): Promise<unknown> {
    const text = await this.ask(`print("<","<<",JSON.stringify(${expr}),">>",">")`, JSON.stringify(expr), opts.timeoutS);
    if (text === 'undefined' || text === '') return undefined;
    try {
      return JSON.parse(text);
    } catch {
      throw new GraspError('board-error', `${this.port}: ${JSON.stringify(expr)} gave something that is not JSON: ${text.slice(0, 200)}`);
    }
  }

  async upload(source: string, opts: UploadOptions): Promise<void> {
    if (/[^\x00-\xff]/.test(source)) throw new GraspError('usage', 'the code has characters outside 0..255: bundle it as ASCII');
    return opts.save ? this.saveToFlash(source, opts) : this.uploadToRam(source, opts);
  }

  private async uploadToRam(source: string, opts: UploadOptions): Promise<void> {
    const E = await loadEspruinoTools();
    const code: string | undefined = E.Core.CodeWriter.reformatCode(source); // newlines inside statements -> ESC LF
    if (code === undefined) throw new GraspError('usage', 'the code has unbalanced brackets');
    this.rx = '';
    await this.send('\x10reset();\n');
    const ok = await this.waitFor((rx) => (/\n>\s*$/.test(rx) ? true : undefined), this.answerTimeoutS);
    if (!ok) throw new GraspError('not-answering', `${this.port}: the board stopped answering after reset()`);
    const total = code.length;
    let sent = 0;
    try {
      for (let i = 0; i < total; i += CHUNK) {
        await this.send(code.slice(i, i + CHUNK));
        sent = Math.min(total, i + CHUNK);
        opts.onProgress?.(sent, total);
      }
      await this.send('\n\n');
      // the marker runs only once everything before it has been read and run
      await this.ask('print("<","<<","done",">>",">")', 'the end of the upload', this.answerTimeoutS + total / 2000);
    } catch (e) {
      // best effort: give the board its saved firmware back
      await this.send('\x03\x03\x10load()\n').catch(() => {});
      throw e;
    }
  }

  /** Storage's free and trash bytes, what .bootcde and an old temporary copy take, and the lengths of the named files (-1: none). */
  private async storageStats(names: string[]): Promise<{ free: number; trash: number; old: number; temp: number; files: number[] }> {
    return (await this.evaluate(
      '(function(S){var st=S.getStats?S.getStats():{freeBytes:S.getFree(),trashBytes:0};var o=S.read(".bootcde");var t=S.read("' +
        TEMP_FILE +
        '");return {free:st.freeBytes,trash:st.trashBytes,old:o?o.length+32:0,temp:t?t.length+32:0,files:' +
        JSON.stringify(names) +
        '.map(function(n){var f=S.read(n);return f===undefined?-1:f.length})};})(require("Storage"))',
    )) as { free: number; trash: number; old: number; temp: number; files: number[] };
  }

  async uploadRoom(bytes: number, freeing: string[] = []): Promise<UploadRoom> {
    const st = await this.storageStats(freeing);
    let freed = 0;
    for (const n of st.files || []) if (n >= 0) freed += fileBytes(n);
    const now = roomFor(bytes, st);
    return { need: now.need, fits: now.fits, have: now.have, fitsIfFreed: roomFor(bytes, st, freed).fits, freed };
  }

  async reload(): Promise<void> {
    this.rx = '';
    await this.send('\x10load()\n');
    await new Promise((r) => setTimeout(r, 300));
    await this.getPrompt();
  }

  private async saveToFlash(source: string, opts: UploadOptions): Promise<void> {
    const total = source.length;
    // room for the new copy next to the old .bootcde, and for the switch
    const room = roomFor(total, await this.storageStats([]));
    if (!room.fits)
      throw new GraspError(
        'no-room',
        `${this.port}: not enough Storage for a safe update: the new code (${total} bytes) and its copy need ${2 * room.need} bytes, ${room.have} are free or reclaimable. Nothing was changed. (Remove files with require("Storage").erase(name), or save without the safety copy with the espruino CLI.)`,
      );
    await this.ask(`require("Storage").erase("${TEMP_FILE}");print("<","<<",1,">>",">")`, 'erasing the temporary file');
    opts.onProgress?.(0, total);
    try {
      for (let off = 0; off < total; off += CHUNK) {
        const chunk = source.slice(off, off + CHUNK);
        const size = off === 0 ? `,${total}` : '';
        const end = off + chunk.length;
        const acked = await this.ask(`require("Storage").write("${TEMP_FILE}",${byteLiteral(chunk)},${off}${size});print("<","<<",${end},">>",">")`, `the upload (after ${off} of ${total} bytes)`);
        if (Number(acked) !== end) throw new GraspError('verify', `${this.port}: the board acknowledged ${acked}, expected ${end}`);
        opts.onProgress?.(end, total);
      }
      const check = (await this.evaluate(`(function(s){return s?[s.length,E.sum(s)]:null})(require("Storage").read("${TEMP_FILE}"))`)) as [number, number] | null;
      if (!check || check[0] !== total || check[1] !== charSum(source))
        throw new GraspError('verify', `${this.port}: the copy on the board does not match (length/checksum ${JSON.stringify(check)}, expected [${total},${charSum(source)}]); .bootcde was not changed`);
    } catch (e) {
      if (!(e instanceof GraspError && e.kind === 'not-answering')) await this.send(`\x10require("Storage").erase("${TEMP_FILE}")\n`).catch(() => {});
      throw e;
    }
    // The switch: one line, run by the board on its own once it has arrived whole.
    opts.onSwitch?.();
    this.rx = '';
    await this.send(`\x10(function(S){S.write(".bootcde",S.read("${TEMP_FILE}"));S.erase("${TEMP_FILE}");})(require("Storage"));load()\n`);
    await new Promise((r) => setTimeout(r, 300));
    await this.getPrompt();
    const len = await this.evaluate('(require("Storage").read(".bootcde")||"").length');
    if (len !== total) throw new GraspError('verify', `${this.port}: after the switch .bootcde has ${len} bytes, expected ${total}`);
  }

  async close(): Promise<void> {
    if (this.link) await this.link.close();
    this.closed = true;
    if (this.onClosed) await this.onClosed();
  }
}

/** Connect to a board by --port, or start a Virtual Pico with --sim. */
export async function connect(opts: ConnectOptions): Promise<Board> {
  const debug = opts.debug ?? (() => {});
  debugSink = debug;
  const promptTimeoutS = opts.promptTimeoutS ?? 4;
  const answerTimeoutS = opts.answerTimeoutS ?? 5;
  if (opts.sim && opts.port) throw new GraspError('usage', 'give --port or --sim, not both');
  if (!opts.sim && !opts.port) throw new GraspError('usage', 'which board? give --port /dev/ttyACM0 (or tcp://host:port), or --sim for a Virtual Pico');
  let server: ConsoleServer | undefined;
  let pico: VirtualPico | undefined;
  let port = opts.port!;
  if (opts.sim) {
    pico = opts.pico ?? new VirtualPico({ storage: new FlashImage() });
    server = await startConsoleServer({ port: 0, host: '127.0.0.1', pico, realTime: true, log: debug });
    port = `tcp://127.0.0.1:${server.port}`;
  }
  const board = new EspruinoBoard(port, promptTimeoutS, answerTimeoutS, debug, pico, server ? () => server!.close() : undefined);
  try {
    await board.open();
  } catch (e) {
    await board.close().catch(() => {});
    throw e;
  }
  return board;
}
