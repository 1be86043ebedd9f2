// Guided EMG calibration, as a state machine stepped by the control tick (no timers, no
// blocking): rest, then the strongest contraction of each site in turn, each after a lead-in.
// From the rest: each site's baseline and noise; from the contraction: its maximum; from the
// worst noise-to-range ratio: the on/off thresholds. A contraction too close to rest is refused
// and the previous calibration stays. The shell prints `say`, and applies and saves `result`.

import { Config } from '../config/types';
import { EmgChannel } from './signal';
import { siteName } from './control';
import { toJson, round3 } from './natives';

export const CAL_OFF = 0;
export const CAL_REST = 1;
export const CAL_SQUEEZE = 2;

/** Lead-in before each measurement (the LED says "get ready"), then the measurement. */
export const CAL_READY_MS = 1500;
export const CAL_MEASURE_MS = 3000;
// A contraction must rise 0.05 over rest (of the ADC range, about 0.16 V) and 12 times the
// resting noise, so the thresholds land well clear of the noise (finishCalibration). It is
// smoothed over 200 ms, so one spiky block does not set the maximum (stepCalibration).

/**
 * An accepted calibration: the running configuration with each site's restLevel and maxLevel and
 * the on/off levels set, for the shell to validate, run and save.
 */
export type CalibrationResult = Config;

export interface Calibration {
  phase: number;
  /** The site being contracted (CAL_SQUEEZE). */
  site: number;
  phaseMs: number;
  /** Whether EMG control is on once calibration ends. */
  resumeAfter: boolean;
  /** Site i's numbers at 5i..5i+4: rest sample count, sum, sum of squares; smoothed contraction, its peak. */
  acc: Float64Array;
  /** What to tell the user now; the shell prints it and clears it. */
  say: string;
  /** An accepted calibration for the shell to apply and save; it clears it. */
  result: CalibrationResult | null;
}

export function createCalibration(): Calibration {
  return { phase: CAL_OFF, site: 0, phaseMs: 0, resumeAfter: true, acc: new Float64Array(0), say: '', result: null };
}

export function startCalibration(cal: Calibration, sites: number, resumeAfter: boolean): void {
  cal.phase = CAL_REST;
  cal.phaseMs = 0;
  cal.site = 0;
  cal.resumeAfter = resumeAfter;
  cal.acc = new Float64Array(sites * 5);
  cal.say = 'calibration: relax 3 s while the green LED blinks slowly (press: cancel)';
}

export function stopCalibration(cal: Calibration, why: string): void {
  cal.phase = CAL_OFF;
  cal.say = why + '; previous calibration kept';
}

/** One tick of calibration with this tick's block levels. */
export function stepCalibration(cal: Calibration, channels: EmgChannel[], level: number[], cfg: Config, dtMs: number): void {
  const t = (cal.phaseMs += dtMs);
  const a = cal.acc;
  const k = dtMs / (200 + dtMs);
  for (let i = 0; i < channels.length; i++) {
    if (channels[i].faults) return stopCalibration(cal, 'calibration stopped: ' + siteName(cfg, i) + ' sensor faulted');
    const x = level[i];
    const j = i * 5;
    // Skips the lead-in and blocks not there yet (a bad reading faults the site: see above).
    if (t <= CAL_READY_MS || !(x >= 0 && x <= 1)) continue;
    if (cal.phase == CAL_REST) {
      a[j]++;
      a[j + 1] += x;
      a[j + 2] += x * x;
    } else if (i == cal.site && (a[j + 3] += (x - a[j + 3]) * k) > a[j + 4]) a[j + 4] = a[j + 3];
  }
  if (t < CAL_READY_MS + CAL_MEASURE_MS) return;
  cal.phaseMs = 0;
  if (cal.phase == CAL_REST) cal.phase = CAL_SQUEEZE;
  else cal.site++;
  const s = cal.site;
  if (s >= channels.length) return finishCalibration(cal, cfg);
  // The contraction's smoothing starts from rest, so the lead-in's movement does not count.
  a[s * 5 + 3] = a[s * 5 + 1] / a[s * 5] || 0;
  // One site ("emg") both opens and closes the hand.
  const name = siteName(cfg, s);
  cal.say = 'calibration: ' + name + ': ' + (name == 'emg' ? 'contract' : s ? 'open your hand' : 'close your hand') + ' hard 3 s while the red LED is on';
}

/** Computes the result, or refuses it with the reason. */
function finishCalibration(cal: Calibration, cfg: Config): void {
  const next: Config = JSON.parse(toJson(cfg));
  const a = cal.acc;
  let done = '';
  let worst = 0;
  for (let j = 0; j < a.length; j += 5) {
    const rest = a[j + 1] / a[j];
    const variance = a[j + 2] / a[j] - rest * rest;
    const noise = variance > 0 ? Math.sqrt(variance) : 0;
    const max = a[j + 4];
    const span = max - rest;
    const name = siteName(cfg, j / 5);
    // NaN (no rest samples) fails this too.
    if (!(span >= 0.05 && span >= 12 * noise)) {
      return stopCalibration(cal, 'calibration rejected: ' + name + ' contraction ' + round3(max) + ' too close to rest ' + round3(rest) + ' (noise ' + round3(noise) + '): check electrodes, contract harder');
    }
    // "flexor rest 0.05 max 0.41 noise 0.004, ": the levels as they are saved.
    const site = next.emg[j / 5];
    done += name + ' rest ' + (site.restLevel = round3(rest)) + ' max ' + (site.maxLevel = round3(max)) + ' noise ' + round3(noise) + ', ';
    if (noise / span > worst) worst = noise / span;
  }
  // Off at three times the noise (as a fraction of the user's range), on at twice off: with the
  // span at least 12 noise, off <= 0.25 and on <= 0.5, below the one-site level split.
  const c = next.control;
  const off = (c.offLevel = Math.max(0.1, Math.round(worst * 300) / 100));
  cal.phase = CAL_OFF;
  cal.result = next;
  cal.say = 'calibration done: ' + done + 'on ' + (c.onLevel = Math.max(0.2, off * 2)) + ', off ' + off;
}
