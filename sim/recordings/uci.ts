// UCI "sEMG for Basic Hand movements", the CSV export of repetitions 1-3:
// `grasp,trial,sample,t_s,ch1,ch2` at 500 Hz. One recording per (grasp, trial), in file order.
// ch1 is flexor carpi ulnaris, ch2 extensor carpi radialis. The dataset does not state the unit
// (values about +-8; probably volts at the DAQ input after the Delsys amplifier), so it is
// reported as 'unspecified'. Every sample of a trial carries the trial's grasp as its label.

import * as fs from 'fs';
import { EmgRecording } from './types';
import { RECORDINGS_ATTRIBUTION, attributionLine } from './attribution';

export const UCI_RATE_HZ = 500;

/** Grasp codes in the file, and their names (index = label value). */
export const UCI_GRASPS = ['cyl', 'hook', 'tip', 'palm', 'spher', 'lat'] as const;
export type UciGrasp = (typeof UCI_GRASPS)[number];
export const UCI_GRASP_NAMES = ['cylindrical', 'hook', 'tip (pinch)', 'palmar', 'spherical', 'lateral (key)'];

export interface UciTrialRecording extends EmgRecording {
  grasp: UciGrasp;
  trial: number;
}

const HEADER = 'grasp,trial,sample,t_s,ch1,ch2';

export function loadUciCsv(filePath: string): UciTrialRecording[] {
  const lines = fs.readFileSync(filePath, 'utf8').split(/\r?\n/).filter((line) => line.trim() !== '');
  if (lines[0]?.trim() !== HEADER) {
    throw new Error(`${filePath}: expected the header "${HEADER}", got "${lines[0] ?? ''}"`);
  }
  // Group rows by (grasp, trial), keeping first-seen order.
  const groups = new Map<string, { grasp: UciGrasp; trial: number; ch1: number[]; ch2: number[] }>();
  for (let i = 1; i < lines.length; i++) {
    const [grasp, trialField, sampleField, , ch1Field, ch2Field] = lines[i].split(',');
    const graspIndex = UCI_GRASPS.indexOf(grasp as UciGrasp);
    const trial = Number(trialField);
    const ch1 = Number(ch1Field);
    const ch2 = Number(ch2Field);
    if (graspIndex < 0 || !Number.isInteger(trial) || !Number.isFinite(ch1) || !Number.isFinite(ch2)) {
      throw new Error(`${filePath}:${i + 1}: malformed row "${lines[i]}"`);
    }
    const key = `${grasp}/${trial}`;
    let group = groups.get(key);
    if (!group) {
      group = { grasp: grasp as UciGrasp, trial, ch1: [], ch2: [] };
      groups.set(key, group);
    }
    if (Number(sampleField) !== group.ch1.length) {
      throw new Error(`${filePath}:${i + 1}: ${key} sample ${sampleField} out of order (expected ${group.ch1.length})`);
    }
    group.ch1.push(ch1);
    group.ch2.push(ch2);
  }
  const source = attributionLine(RECORDINGS_ATTRIBUTION.uciGrasps);
  return [...groups.values()].map((g) => ({
    name: `uci-grasps/female_1/${g.grasp}/trial${g.trial}`,
    rateHz: UCI_RATE_HZ,
    channels: ['ch1', 'ch2'],
    samples: [Float32Array.from(g.ch1), Float32Array.from(g.ch2)],
    unit: 'unspecified',
    labels: new Int8Array(g.ch1.length).fill(UCI_GRASPS.indexOf(g.grasp)),
    labelNames: [...UCI_GRASP_NAMES],
    source,
    grasp: g.grasp,
    trial: g.trial,
  }));
}
