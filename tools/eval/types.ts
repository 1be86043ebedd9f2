// What the evaluation reports: the shape of report.json.

import type { TraceRow } from './analysis';

export interface BlockResult {
  recording: string;
  /** 1-based index of the block in its recording. */
  index: number;
  kind: 'rest' | 'close' | 'open';
  /** The cue's name (rest, wrist flexion, wrist extension, fist, hand open, hand close). */
  cue: string;
  /** Recording time, s. */
  fromS: number;
  toS: number;
  /** Gesture blocks. */
  expected?: 'closed' | 'open';
  reached?: 'closed' | 'open' | 'partial';
  /** Mean finger flexion at the block's end (physical, 0 open..1 closed). */
  flexionAtEnd?: number;
  pass?: boolean;
  /** Effort onset found in the acting channel (recording time, s); null: none found. */
  onsetS?: number | null;
  /** First motion command in the block: when (recording time) and which way. */
  firstMotionS?: number | null;
  firstMotionDirection?: 'close' | 'open' | null;
  latencyFromCueMs?: number | null;
  latencyFromOnsetMs?: number | null;
  /** Rest blocks: time counted (after the grace period), sites switching on, motion episodes. */
  countedS?: number;
  falseActivations?: number;
  falseMotions?: number;
  /** Used to calibrate (in-sample), so not an independent test. */
  usedForCalibration?: boolean;
  note?: string;
}

export interface RecordingRun {
  name: string;
  /** Which channel drives which site, and the sensor gain. */
  channels: { flexor: string; extensor: string };
  gains: { flexor: number; extensor: number };
  /** Sim time of recording time 0. */
  offsetS: number;
  rows: TraceRow[];
  /** Cue blocks in recording time, for the plot. */
  cues: { fromS: number; toS: number; kind: 'rest' | 'close' | 'open'; name: string }[];
  /** Harness commands (hand.open()/close() between blocks), in recording time. */
  commands: { tS: number; line: string }[];
  /** Recording-time markers for the plot. */
  onsets: number[];
  motions: number[];
  /** The calibrated thresholds, for the plot (normalised on/off, max per site). */
  onLevel: number;
  offLevel: number;
  maxLevel: [number, number];
  /** What the pins carry. */
  signal: 'envelope' | 'raw';
  plotFile?: string;
}

export interface TargetResult {
  target: string;
  pass: boolean;
  detail: string;
}
