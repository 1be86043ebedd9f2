// The desktop side of the firmware's telemetry (firmware/telemetry.ts, README "Telemetry"):
// parse a line into a record, follow the sequence numbers to count lost lines, pull lines out of
// the console's byte stream, and the CSV the `grasp record` command writes and `grasp replay`
// reads.
//
//   T2,<seq>,<ms>,<state>,<env0>,<env1>,<flags>,<finger 0>,...,<finger n-1>,<faults>

/** The versions this tool understands. */
export const TELEMETRY_VERSIONS = [1, 2];

/** hand.status().state names, by the index telemetry sends (firmware/core/hand.ts STATE_NAMES). */
export const STATE_NAMES = ['booting', 'ready', 'moving', 'holding', 'fault', 'calibrating'];

/** Fault bits, as telemetry sends them. */
/** The faults field of version 2: the hand's bits, then five per site (version 1 lines are converted to it). */
const SITE_FAULTS = ['SignalInvalid', 'StuckAtRail', 'FlatLine', 'Saturated', 'Noisy'];
export const FAULT_BITS: [number, string][] = [
  [1, 'loopError'],
  [2, 'configInvalid'],
  ...[0, 1].flatMap((site) => SITE_FAULTS.map((name, b): [number, string] => [1 << (2 + 5 * site + b), `site${site}${name}`])),
];

export interface TelemetryRecord {
  version: number;
  seq: number;
  /** ms since hand.telemetry(hz) was called, on the board's clock. */
  ms: number;
  state: number;
  stateName: string;
  /** Per site, the firmware's envelope 0..1 of the ADC range (x1000 on the wire); null: no such site. */
  envelope: [number, number | null];
  on: [boolean, boolean];
  /** EMG control paused (button or hand.stop()). */
  paused: boolean;
  /** The flags field as sent. */
  flags: number;
  /** Per finger, 0 open .. 1 closed (x1000 on the wire). */
  fingers: number[];
  faults: number;
}

export class TelemetryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TelemetryError';
  }
}

/** Whether a line is a telemetry line (of any version): `T<digits>,`. */
export function isTelemetryLine(line: string): boolean {
  return /^T\d+,/.test(line);
}

function int(field: string, what: string, line: string): number {
  if (!/^-?\d+$/.test(field)) {
    if (field === 'NaN') return NaN;
    throw new TelemetryError(`bad telemetry line: ${what} is ${JSON.stringify(field)}, not a whole number: ${JSON.stringify(line)}`);
  }
  return Number(field);
}

/**
 * One line (without its line end) into a record. Throws TelemetryError on a line of another
 * version (saying which versions are understood: update the tool, or the firmware) or a
 * malformed one.
 */
export function parseTelemetryLine(line: string): TelemetryRecord {
  const text = line.trim();
  const m = /^T(\d+),/.exec(text);
  if (!m) throw new TelemetryError(`not a telemetry line (no "T<version>," at the start): ${JSON.stringify(line.slice(0, 80))}`);
  const version = Number(m[1]);
  if (!TELEMETRY_VERSIONS.includes(version))
    throw new TelemetryError(
      `telemetry version ${version} is not supported: this grasp tool reads version ${TELEMETRY_VERSIONS.join(', ')}. Use the grasp tool that matches the firmware (or flash this one's firmware with \`grasp flash\`)`,
    );
  const f = text.split(',');
  // T<version>, seq, ms, state, env0, env1, flags, >= 1 finger, faults
  if (f.length < 9) throw new TelemetryError(`bad telemetry line: ${f.length} fields, expected at least 9: ${JSON.stringify(line)}`);
  const seq = int(f[1], 'seq', line);
  const ms = int(f[2], 'ms', line);
  const state = int(f[3], 'state', line);
  const env0 = int(f[4], 'env0', line);
  const env1 = f[5] === '' ? null : int(f[5], 'env1', line);
  const flags = int(f[6], 'flags', line);
  const fingers = f.slice(7, -1).map((x, i) => int(x, `finger ${i}`, line) / 1000);
  let faults = int(f[f.length - 1], 'faults', line);
  // Version 1 had two bits per site (signal, rail): the same meaning, in version 2's places.
  if (version === 1) faults = (faults & 15) | ((faults & 48) << 3);
  if (!(seq >= 0) || !(ms >= 0)) throw new TelemetryError(`bad telemetry line: negative seq or ms: ${JSON.stringify(line)}`);
  return {
    version,
    seq,
    ms,
    state,
    stateName: STATE_NAMES[state] ?? `state${state}`,
    envelope: [env0 / 1000, env1 === null ? null : env1 / 1000],
    on: [(flags & 1) !== 0, (flags & 2) !== 0],
    paused: (flags & 4) !== 0,
    flags,
    fingers,
    faults,
  };
}

/** Names of the fault bits set. */
export function faultNames(faults: number): string[] {
  return FAULT_BITS.filter(([bit]) => faults & bit).map(([, name]) => name);
}

/** Follows sequence numbers: how many lines were lost before each record, and in all. */
export class SequenceTracker {
  private last: number | undefined;
  lost = 0;
  received = 0;
  restarts = 0;

  /** Lines lost just before this record (0 if none; a seq that goes back is a restart). */
  next(r: TelemetryRecord): number {
    this.received++;
    const last = this.last;
    this.last = r.seq;
    if (last === undefined) return 0;
    if (r.seq <= last) {
      // hand.telemetry() was called again, or the board restarted: a new stream
      this.restarts++;
      return 0;
    }
    const gap = r.seq - last - 1;
    this.lost += gap;
    return gap;
  }
}

/**
 * Pulls telemetry lines out of a console byte stream (which also carries the prompt, echoes,
 * answers and the escape codes Espruino sends when output from a timer erases the input line).
 */
export class LineSplitter {
  private buf = '';
  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: string): void {
    this.buf += chunk;
    const parts = this.buf.split(/\r?\n|\r/);
    this.buf = parts.pop() ?? '';
    if (this.buf.length > 10000) this.buf = '';
    for (const raw of parts) {
      // eslint-disable-next-line no-control-regex
      const line = raw.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').replace(/^[>:\s]+/, '');
      if (line) this.onLine(line);
    }
  }
}

// ------------------------------------------------------------------ CSV

export const CSV_HEADER = ['seq', 'ms', 'state', 'env0', 'env1', 'on0', 'on1', 'paused', 'fingers', 'faults', 'lost_before'];

/** One CSV row: fingers are joined by ';' (their number depends on the configuration). */
export function csvRow(r: TelemetryRecord, lostBefore: number): string {
  return [
    r.seq,
    r.ms,
    r.stateName,
    r.envelope[0].toFixed(3),
    r.envelope[1] === null ? '' : r.envelope[1].toFixed(3),
    r.on[0] ? 1 : 0,
    r.on[1] ? 1 : 0,
    r.paused ? 1 : 0,
    r.fingers.map((x) => x.toFixed(3)).join(';'),
    faultNames(r.faults).join(';'),
    lostBefore,
  ].join(',');
}

export interface CsvSession {
  rows: { seq: number; ms: number; state: string; env: [number, number | null]; on: [boolean, boolean]; paused: boolean; fingers: number[]; faults: string[]; lostBefore: number }[];
  /** Comment lines (`# ...`) from the file. */
  comments: string[];
}

/** Reads a CSV written by `grasp record`. Throws TelemetryError with the line number on a bad row. */
export function parseSessionCsv(text: string): CsvSession {
  const lines = text.split(/\r?\n/);
  const comments: string[] = [];
  const rows: CsvSession['rows'] = [];
  let header: string[] | undefined;
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    if (line.startsWith('#')) {
      comments.push(line.slice(1).trim());
      return;
    }
    const f = line.split(',');
    if (!header) {
      header = f;
      const missing = CSV_HEADER.filter((h) => !header!.includes(h));
      if (missing.length) throw new TelemetryError(`line ${i + 1}: not a grasp record CSV (header lacks ${missing.join(', ')})`);
      return;
    }
    const get = (name: string) => f[header!.indexOf(name)] ?? '';
    const num = (name: string) => {
      const v = Number(get(name));
      if (get(name) === '' || !Number.isFinite(v)) throw new TelemetryError(`line ${i + 1}: ${name} is ${JSON.stringify(get(name))}, not a number`);
      return v;
    };
    rows.push({
      seq: num('seq'),
      ms: num('ms'),
      state: get('state'),
      env: [num('env0'), get('env1') === '' ? null : num('env1')],
      on: [get('on0') === '1', get('on1') === '1'],
      paused: get('paused') === '1',
      fingers: get('fingers') ? get('fingers').split(';').map(Number) : [],
      faults: get('faults') ? get('faults').split(';') : [],
      lostBefore: Number(get('lost_before')) || 0,
    });
  });
  if (!header) throw new TelemetryError('empty file: no header row');
  return { rows, comments };
}

// ------------------------------------------------------------------ terminal drawing

const BLOCKS = '▁▂▃▄▅▆▇█';

/** A unicode sparkline of values in lo..hi. */
export function sparkline(values: number[], lo = 0, hi = 1): string {
  return values
    .map((v) => {
      if (!Number.isFinite(v)) return ' ';
      const f = hi > lo ? (v - lo) / (hi - lo) : 0;
      return BLOCKS[Math.max(0, Math.min(BLOCKS.length - 1, Math.floor(f * BLOCKS.length)))];
    })
    .join('');
}
