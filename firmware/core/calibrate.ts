// Guided EMG calibration, as a state machine stepped by the control tick (no timers, no
// blocking): rest, then the strongest contraction of each site in turn, each after a lead-in.
// From the rest: each site's baseline and noise; from the contraction: its maximum; from the
// worst noise-to-range ratio: the on/off thresholds. A contraction too close to rest is refused
// and the previous calibration stays. The shell prints `say`, and applies and saves `result`.

import { Config } from '../config/types';
import { EmgChannel } from './signal';
import { siteName } from './control';

export const CAL_OFF = 0;
export const CAL_REST = 1;
export const CAL_SQUEEZE = 2;

/** Lead-in before each measurement (the LED says "get ready"), then the measurement. */
export const CAL_READY_MS = 1500;
export const CAL_MEASURE_MS = 3000;
/** A contraction must rise this far over rest (of the ADC range, about 0.16 V)... */
const MIN_SPAN = 0.05;
/** ...and this many times the resting noise, so the thresholds land well clear of the noise. */
const MIN_SPAN_PER_NOISE = 12;
/** Smoothing of the contraction, so one spiky block does not set the maximum. */
const PEAK_SMOOTHING_MS = 200;
// acc holds, per site, these five numbers.
const N = 0;
const SUM = 1;
const SQ = 2;
const SMOOTH = 3;
const PEAK = 4;

export interface CalibrationResult {
  restLevel: number[];
  maxLevel: number[];
  noise: number[];
  onLevel: number;
  offLevel: number;
}

export interface Calibration {
  phase: number;
  /** The site being contracted (CAL_SQUEEZE). */
  site: number;
  phaseMs: number;
  /** Whether EMG control is on once calibration ends. */
  resumeAfter: boolean;
  /** Per site: rest sample count, sum, sum of squares; smoothed contraction and its peak. */
  acc: number[];
  /** What to tell the user now; the shell prints it and clears it. */
  say: string;
  /** An accepted calibration for the shell to apply and save; it clears it. */
  result: CalibrationResult | null;
}

export function createCalibration(): Calibration {
  return { phase: CAL_OFF, site: 0, phaseMs: 0, resumeAfter: true, acc: [], say: '', result: null };
}

function r3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

export function startCalibration(cal: Calibration, sites: number, resumeAfter: boolean): void {
  cal.phase = CAL_REST;
  cal.phaseMs = 0;
  cal.site = 0;
  cal.resumeAfter = resumeAfter;
  cal.acc = [];
  for (let i = 0; i < sites * 5; i++) cal.acc.push(0);
  cal.say = 'calibration: relax your arm for 3 s when the green LED blinks slowly (a press cancels)';
}

export function stopCalibration(cal: Calibration, why: string): void {
  cal.phase = CAL_OFF;
  cal.say = why + '; previous calibration kept';
}

/** One tick of calibration with this tick's block levels. */
export function stepCalibration(cal: Calibration, channels: EmgChannel[], level: number[], cfg: Config, dtMs: number): void {
  const t = (cal.phaseMs += dtMs);
  const a = cal.acc;
  const k = dtMs / (PEAK_SMOOTHING_MS + dtMs);
  for (let i = 0; i < channels.length; i++) {
    if (channels[i].faults) return stopCalibration(cal, 'calibration stopped: ' + siteName(cfg, i) + ' sensor faulted');
    const x = level[i];
    const j = i * 5;
    // Skips the lead-in and blocks not there yet (a bad reading faults the site: see above).
    if (t <= CAL_READY_MS || !(x >= 0 && x <= 1)) continue;
    if (cal.phase === CAL_REST) {
      a[j + N]++;
      a[j + SUM] += x;
      a[j + SQ] += x * x;
    } else if (i === cal.site && (a[j + SMOOTH] += (x - a[j + SMOOTH]) * k) > a[j + PEAK]) a[j + PEAK] = a[j + SMOOTH];
  }
  if (t < CAL_READY_MS + CAL_MEASURE_MS) return;
  cal.phaseMs = 0;
  if (cal.phase === CAL_REST) cal.phase = CAL_SQUEEZE;
  else cal.site++;
  const s = cal.site;
  if (s >= channels.length) return finishCalibration(cal, cfg);
  // The contraction's smoothing starts from rest, so the lead-in's movement does not count.
  a[s * 5 + SMOOTH] = a[s * 5 + SUM] / a[s * 5 + N] || 0;
  cal.say =
    'calibration: ' + siteName(cfg, s) + ': ' + (cfg.control.mode !== 'two-site' ? 'contract' : s ? 'open your hand' : 'close your hand') + ' hard for 3 s when the red LED lights';
}

/** Computes the result, or refuses it with the reason. */
function finishCalibration(cal: Calibration, cfg: Config): void {
  const res: CalibrationResult = { restLevel: [], maxLevel: [], noise: [], onLevel: 0, offLevel: 0 };
  const a = cal.acc;
  let worst = 0;
  for (let j = 0; j < a.length; j += 5) {
    const rest = a[j + SUM] / a[j + N];
    const variance = a[j + SQ] / a[j + N] - rest * rest;
    const noise = variance > 0 ? Math.sqrt(variance) : 0;
    const max = a[j + PEAK];
    const span = max - rest;
    // NaN (no rest samples) fails this too.
    if (!(span >= MIN_SPAN && span >= MIN_SPAN_PER_NOISE * noise)) {
      return stopCalibration(cal, 'calibration rejected: ' + siteName(cfg, j / 5) + ' contraction ' + r3(max) + ' too close to rest ' + r3(rest) + ' (noise ' + r3(noise) + '): check the electrodes, contract harder');
    }
    res.restLevel.push(r3(rest));
    res.maxLevel.push(r3(max));
    res.noise.push(r3(noise));
    if (noise / span > worst) worst = noise / span;
  }
  // Off at three times the noise (as a fraction of the user's range), on at twice off: with the
  // span at least 12 noise, off <= 0.25 and on <= 0.5, below the one-site level split.
  res.offLevel = Math.max(0.1, Math.round(worst * 300) / 100);
  res.onLevel = Math.max(0.2, res.offLevel * 2);
  cal.phase = CAL_OFF;
  cal.result = res;
  cal.say = 'calibration done: rest ' + res.restLevel.join() + ', max ' + res.maxLevel.join() + ', noise ' + res.noise.join() + ', on ' + res.onLevel + ', off ' + res.offLevel;
}
