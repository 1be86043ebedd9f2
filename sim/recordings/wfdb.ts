// WFDB records in format 16 (PhysioNet): a text header `.hea` and binary `.dat` files of
// little-endian int16 samples, interleaved across the signals that share a file.
//
// Header: line 1 `<record> <nsig> <fs> <nsamples>`; then one line per signal
// `<file> <format> <gain>(<baseline>)/<units> <adcres> <adczero> <initial> <checksum> <blocksize> <name>`.
// Physical value = (raw - baseline) / gain. The loader checks, per signal, that the first sample
// equals `initial` and that the sum of all samples matches `checksum` modulo 2^16. WFDB's C
// library writes the checksum as a signed 16-bit number, wfdb-python as 0..65535 (the GRABMyo
// files use the latter: 32 of 32 signals match unsigned, about half match signed only), so both
// are compared as 16-bit values and either spelling passes.

import * as fs from 'fs';
import * as path from 'path';
import { EmgRecording } from './types';
import { RECORDINGS_ATTRIBUTION, attributionLine } from './attribution';

export interface WfdbSignalSpec {
  file: string;
  format: string;
  gain: number;
  baseline: number;
  units: string;
  initial: number | undefined;
  checksum: number | undefined;
  name: string;
}

export interface WfdbHeader {
  record: string;
  signalCount: number;
  rateHz: number;
  /** Samples per signal; undefined when the header leaves it out (then the .dat size decides). */
  sampleCount: number | undefined;
  signals: WfdbSignalSpec[];
}

export interface WfdbOptions {
  /** Drop the GRABMyo unused channels (names U1, U2...). Default true. */
  dropUnused?: boolean;
  /** Attribution for EmgRecording.source; defaults to GRABMyo for GRABMyo record names. */
  source?: string;
}

/** WFDB's default gain when a header gives none (or 0, "uncalibrated"). */
const WFDB_DEFAULT_GAIN = 200;

export function parseWfdbHeader(text: string, headerPath = '<header>'): WfdbHeader {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter((line) => line !== '');
  if (lines.length === 0) throw new Error(`${headerPath}: empty WFDB header`);
  const recordFields = lines[0].split(/\s+/);
  const [recordAndSegments, nsig, fsField, nsamp] = recordFields;
  if (recordAndSegments.includes('/')) {
    throw new Error(`${headerPath}: multi-segment WFDB records are not supported (${recordAndSegments})`);
  }
  const signalCount = Number(nsig);
  if (!Number.isInteger(signalCount) || signalCount < 1) {
    throw new Error(`${headerPath}: bad signal count "${nsig}" in the record line`);
  }
  // `fs` may carry `/counterfreq(basecounter)`; only the sampling frequency matters here.
  const rateHz = fsField === undefined ? 250 : parseFloat(fsField);
  if (!(rateHz > 0)) throw new Error(`${headerPath}: bad sampling frequency "${fsField}"`);
  const sampleCount = nsamp === undefined ? undefined : Number(nsamp);
  if (sampleCount !== undefined && !(Number.isInteger(sampleCount) && sampleCount >= 0)) {
    throw new Error(`${headerPath}: bad sample count "${nsamp}"`);
  }
  if (lines.length - 1 < signalCount) {
    throw new Error(`${headerPath}: the record line announces ${signalCount} signals but ${lines.length - 1} signal lines follow`);
  }
  const signals = lines.slice(1, 1 + signalCount).map((line, i) => parseSignalLine(line, i, headerPath));
  return { record: recordAndSegments, signalCount, rateHz, sampleCount, signals };
}

function parseSignalLine(line: string, index: number, headerPath: string): WfdbSignalSpec {
  const fields = line.split(/\s+/);
  const [file, format, gainField, , adcZeroField, initialField, checksumField] = fields;
  const name = fields.slice(8).join(' ') || `signal${index}`;
  if (format === undefined) throw new Error(`${headerPath}: signal line ${index + 1} has no format`);
  // gain[(baseline)][/units]
  const match = /^([-+0-9.eE]+)(?:\(([-+0-9]+)\))?(?:\/(.*))?$/.exec(gainField ?? '');
  const adcZero = adcZeroField === undefined ? 0 : Number(adcZeroField);
  const gainValue = match ? Number(match[1]) : 0;
  return {
    file,
    format,
    gain: gainValue === 0 ? WFDB_DEFAULT_GAIN : gainValue,
    baseline: match && match[2] !== undefined ? Number(match[2]) : adcZero,
    units: match && match[3] ? match[3] : 'mV',
    initial: initialField === undefined ? undefined : Number(initialField),
    checksum: checksumField === undefined ? undefined : Number(checksumField),
    name,
  };
}

/** Two's-complement 16-bit view of an integer: the way WFDB compares checksums. */
function toInt16(value: number): number {
  const unsigned = ((value % 65536) + 65536) % 65536;
  return unsigned >= 32768 ? unsigned - 65536 : unsigned;
}

export function loadWfdb(headerPath: string, options: WfdbOptions = {}): EmgRecording {
  const header = parseWfdbHeader(fs.readFileSync(headerPath, 'utf8'), headerPath);
  const dir = path.dirname(headerPath);

  for (const s of header.signals) {
    if (s.format !== '16') {
      throw new Error(`${headerPath}: signal ${s.name} uses WFDB format "${s.format}"; only format 16 is supported`);
    }
  }

  // Signals sharing a file are interleaved in header order.
  const files = [...new Set(header.signals.map((s) => s.file))];
  const raw: Int16Array[] = new Array(header.signals.length);
  let sampleCount = header.sampleCount;
  for (const file of files) {
    const members = header.signals.map((s, i) => ({ s, i })).filter(({ s }) => s.file === file);
    const datPath = path.join(dir, file);
    if (!fs.existsSync(datPath)) {
      throw new Error(`${headerPath}: data file ${file} is missing (looked for ${datPath})`);
    }
    const bytes = fs.readFileSync(datPath);
    const frameBytes = 2 * members.length;
    const samplesHere = sampleCount ?? Math.floor(bytes.length / frameBytes);
    const expectedBytes = samplesHere * frameBytes;
    if (bytes.length < expectedBytes || (sampleCount === undefined && bytes.length % frameBytes !== 0)) {
      throw new Error(
        `${datPath} is truncated: expected ${expectedBytes} bytes (${samplesHere} samples x ${members.length} signals x 2 bytes), found ${bytes.length}`,
      );
    }
    sampleCount = samplesHere;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    members.forEach(({ s, i }, column) => {
      const values = new Int16Array(samplesHere);
      let sum = 0;
      for (let k = 0; k < samplesHere; k++) {
        const v = view.getInt16((k * members.length + column) * 2, true);
        values[k] = v;
        sum += v;
      }
      if (s.initial !== undefined && samplesHere > 0 && values[0] !== s.initial) {
        throw new Error(`${datPath}: signal ${s.name} starts at ${values[0]}, but the header's initial value is ${s.initial}`);
      }
      if (s.checksum !== undefined && toInt16(sum) !== toInt16(s.checksum)) {
        throw new Error(
          `${datPath}: checksum mismatch for signal ${s.name}: the samples sum to ${toInt16(sum)} (mod 2^16, signed), the header says ${s.checksum}`,
        );
      }
      raw[i] = values;
    });
  }

  const dropUnused = options.dropUnused ?? true;
  const kept = header.signals.map((s, i) => ({ s, i })).filter(({ s }) => !(dropUnused && /^U\d+$/.test(s.name)));
  const units = [...new Set(kept.map(({ s }) => s.units))];
  if (units.length > 1) throw new Error(`${headerPath}: signals use different units (${units.join(', ')})`);

  const samples = kept.map(({ s, i }) => {
    const physical = new Float32Array(raw[i].length);
    for (let k = 0; k < physical.length; k++) physical[k] = (raw[i][k] - s.baseline) / s.gain;
    return physical;
  });
  return {
    name: header.record,
    rateHz: header.rateHz,
    channels: kept.map(({ s }) => s.name),
    samples,
    unit: units[0] ?? 'mV',
    source: options.source ?? defaultSource(header.record, headerPath),
  };
}

function defaultSource(record: string, headerPath: string): string {
  return /^session\d+_participant\d+_gesture\d+_trial\d+$/.test(record)
    ? attributionLine(RECORDINGS_ATTRIBUTION.grabmyo)
    : `WFDB record ${record} (${headerPath})`;
}
