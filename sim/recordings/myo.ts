// Myo armband text files (myo-readings-dataset): one line per sample, `e1,...,e8,label`, raw
// Myo values (signed bytes -128..127; strong contractions clip), no header, no timestamp.
// With no timestamps the rate is the Myo's nominal EMG rate, 200 Hz (a 60 s file has ~11,930
// lines, which agrees). Labels are the on-screen cue, which leads the muscle by a few hundred ms.

import * as fs from 'fs';
import * as path from 'path';
import { EmgRecording } from './types';
import { RECORDINGS_ATTRIBUTION, attributionLine } from './attribution';

export const MYO_RATE_HZ = 200;

export const MYO_LABEL_NAMES = [
  'rest',
  'wrist flexion',
  'wrist extension',
  'radial deviation',
  'ulnar deviation',
  'pronation',
  'supination',
  'fist',
];

const CHANNELS = ['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7', 'e8'];

export function loadMyoText(filePath: string): EmgRecording {
  const text = fs.readFileSync(filePath, 'utf8');
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const samples = CHANNELS.map(() => new Float32Array(lines.length));
  const labels = new Int8Array(lines.length);
  lines.forEach((line, i) => {
    const fields = line.split(',');
    if (fields.length !== CHANNELS.length + 1) {
      throw new Error(`${filePath}:${i + 1}: expected ${CHANNELS.length + 1} fields (e1..e8,label), got ${fields.length}`);
    }
    for (let c = 0; c < CHANNELS.length; c++) {
      const value = Number(fields[c]);
      if (!Number.isInteger(value) || value < -128 || value > 127) {
        throw new Error(`${filePath}:${i + 1}: ${CHANNELS[c]} is not a signed byte: "${fields[c]}"`);
      }
      samples[c][i] = value;
    }
    const label = Number(fields[CHANNELS.length]);
    if (!Number.isInteger(label) || label < 0 || label >= MYO_LABEL_NAMES.length) {
      throw new Error(`${filePath}:${i + 1}: label must be 0..${MYO_LABEL_NAMES.length - 1}, got "${fields[CHANNELS.length]}"`);
    }
    labels[i] = label;
  });
  return {
    name: `myo-wrist/${path.basename(filePath, '.txt')}`,
    rateHz: MYO_RATE_HZ,
    channels: [...CHANNELS],
    samples,
    unit: 'myo (int8)',
    labels,
    labelNames: [...MYO_LABEL_NAMES],
    source: attributionLine(RECORDINGS_ATTRIBUTION.myoWrist),
  };
}
