// GRABMyo raw sEMG (2048 Hz, WFDB) through the firmware's raw-EMG path: both sites configured
// `signal: 'raw'`, the pins fed a centred, AC-coupled, amplified copy of the channel (toRawAdc)
// resampled to the firmware's sampling rate (500 Hz, the configuration's default).
//
// - Rest: the shared trials have no rest block (each starts at or just before the gesture's
//   onset), except hand-open trial 2, whose first 0.4 s are quiet. That stretch, looped, is the
//   arm at rest for every channel (same participant, session and electrodes).
// - Channels, among the forearm electrodes F1..F16 (a prosthesis user has a forearm, not a
//   wrist): the same rule as the Myo data, from the trial-1 recordings: contrast = RMS over the
//   first 1.5 s of the gesture (where it is strongest) / RMS at rest.
// - Gain, per site, as a user sets a raw amplifier: the 99th percentile of |signal| in its
//   calibration trial (close trial 1 for the flexor, open trial 1 for the extensor) at 0.4 of the
//   range around mid-rail.
// - Calibration: hand.calibrate(), the simulated user resting until the red LED lights, then the
//   close trial 1 (flexor), then the open trial 1 (extensor).
// - Each trial (1 and 2 of open and close): rest, then the trial from its start; the open trials
//   start from a closed hand (hand.close() during the rest). The onset is found in the signal the
//   pin was fed (rest + trial), by the same detector as for the Myo data.

import * as path from 'path';
import { EmgRecording, GRABMYO_DIR, highPass, loadWfdb } from '../../sim/recordings';
import {
  ChannelRule,
  activations,
  chooseChannels,
  contrastRatio,
  detectOnset,
  firstPulseChange,
  handState,
  rowAt,
  r3,
} from './analysis';
import { RecordingsEval, Playback, calibrationSummary, cloneFlash, concat, cut, play, runCalibration, startSim } from './sim';
import { BlockResult, RecordingRun } from './types';

export const RAW_TARGET_ADC = 0.4;
export const REST_SOURCE = { file: 'session1_participant1_gesture15_trial2', fromS: 0, toS: 0.4 };
/** Rest before each trial, in s. */
export const RAW_PREROLL_S = 3;
const ACTIVE_S = 1.5;

const TRIALS = [
  { file: 'session1_participant1_gesture16_trial1', kind: 'close' as const, cue: 'hand close', calibration: true },
  { file: 'session1_participant1_gesture16_trial2', kind: 'close' as const, cue: 'hand close', calibration: false },
  { file: 'session1_participant1_gesture15_trial1', kind: 'open' as const, cue: 'hand open', calibration: true },
  { file: 'session1_participant1_gesture15_trial2', kind: 'open' as const, cue: 'hand open', calibration: false },
];

export type RawEval = RecordingsEval;

/** The recording looped to durationS. */
function loopTo(rec: EmgRecording, durationS: number, name: string): EmgRecording {
  const len = rec.samples[0].length;
  const n = Math.round(durationS * rec.rateHz);
  const parts: EmgRecording[] = [];
  for (let at = 0; at < n; at += len) parts.push(cut(rec, 0, Math.min(len, n - at) / rec.rateHz));
  return concat(parts, name);
}

function p99abs(x: Float32Array, rateHz: number): number {
  const a = highPass(x, rateHz, 10).map(Math.abs).sort();
  return a[Math.min(a.length - 1, Math.floor(0.99 * a.length))];
}

export function evaluateRaw(opts: { firmware: string; seed?: number; dir?: string; rule?: ChannelRule }): RawEval {
  const dir = opts.dir ?? GRABMYO_DIR;
  const seed = opts.seed ?? 1;
  const rule = opts.rule ?? 'contrast';
  const load = (f: string) => loadWfdb(path.join(dir, `${f}.hea`));
  const recs = new Map(TRIALS.map((t) => [t.file, load(t.file)]));
  const restRec = cut(load(REST_SOURCE.file), REST_SOURCE.fromS, REST_SOURCE.toS, 'rest');
  const closeCal = recs.get(TRIALS[0].file)!;
  const openCal = recs.get(TRIALS[2].file)!;
  const rate = closeCal.rateHz;

  const forearm = closeCal.channels.filter((c) => /^F\d+$/.test(c));
  const contrast = (rec: EmgRecording, c: string) => {
    // Rest and gesture side by side in one signal, so the ratio uses one high-pass.
    const both = concat([cut(restRec, 0, 0.4), cut(rec, 0, ACTIVE_S)], 'x');
    return contrastRatio(both.samples[both.channels.indexOf(c)], rate, { fromS: 0.4, toS: 0.4 + ACTIVE_S }, { fromS: 0.05, toS: 0.4 });
  };
  const choice = chooseChannels(
    forearm,
    forearm.map((c) => contrast(closeCal, c)),
    forearm.map((c) => contrast(openCal, c)),
    rule,
  );
  const channels = { flexor: choice.flexor, extensor: choice.extensor };
  const ch = (r: EmgRecording, c: string) => r.samples[r.channels.indexOf(c)];
  const gains = {
    flexor: RAW_TARGET_ADC / p99abs(ch(closeCal, channels.flexor), rate),
    extensor: RAW_TARGET_ADC / p99abs(ch(openCal, channels.extensor), rate),
  };

  // Calibration, on a hand switched to raw sensors on both sites.
  const es = startSim({ firmware: opts.firmware, seed, emgSignal: 'raw' });
  es.runTo(0.3);
  const doc = es.sim.console('hand.config()').result as any;
  for (const e of doc.emg) e.signal = 'raw';
  const set = es.sim.console(`hand.config(${JSON.stringify(doc)})`);
  if (set.error) throw new Error(`hand.config(raw) failed: ${set.error}`);
  const rest: Playback = { recording: restRec, channels, gains };
  const cal = runCalibration(
    es,
    [rest],
    [
      { recording: closeCal, channels, gains },
      { recording: openCal, channels, gains },
    ],
    3,
  );
  const { config, calibration, openUs, closedUs } = calibrationSummary(cal);
  if (!config.emg.every((e: any) => e.signal === 'raw')) throw new Error('the firmware did not take the raw configuration:\n' + es.output());

  const blocks: BlockResult[] = [];
  const runs: RecordingRun[] = [];
  for (const t of TRIALS) {
    const trial = recs.get(t.file)!;
    const trialS = trial.samples[0].length / rate;
    const signal = concat([loopTo(restRec, RAW_PREROLL_S, 'rest'), trial, loopTo(restRec, 0.5, 'rest')], t.file);
    const run = startSim({ firmware: opts.firmware, seed, emgSignal: 'raw', storage: cloneFlash(cal.flash) });
    play(run.sim, { recording: signal, channels, gains });
    const commands: { tS: number; line: string }[] = [];
    if (t.kind === 'open') {
      run.runTo(1.5);
      run.sim.console('hand.close()');
      commands.push({ tS: 1.5, line: 'hand.close()' });
    }
    const endS = RAW_PREROLL_S + trialS;
    run.runTo(endS + 0.3);
    const rows = run.rows;
    const acting = signal.samples[signal.channels.indexOf(t.kind === 'close' ? channels.flexor : channels.extensor)];
    const onset = detectOnset(acting, rate, { fromS: 1, toS: RAW_PREROLL_S - 0.1 }, RAW_PREROLL_S - 0.1, {}, endS);
    const motion = firstPulseChange(rows, RAW_PREROLL_S - 0.1, endS, openUs, closedUs);
    const end = rowAt(rows, endS);
    const reached = handState(end.flexion);
    const expected = t.kind === 'close' ? 'closed' : 'open';
    const restActs = activations(rows, 2, RAW_PREROLL_S - 0.1);
    blocks.push({
      recording: t.file,
      index: 1,
      kind: t.kind,
      cue: t.cue,
      fromS: RAW_PREROLL_S,
      toS: endS,
      expected,
      reached,
      flexionAtEnd: r3(end.flexion.reduce((a, b) => a + b, 0) / end.flexion.length),
      pass: reached === expected && motion?.direction === t.kind,
      onsetS: onset.tS === null ? null : r3(onset.tS),
      firstMotionS: motion ? r3(motion.tS) : null,
      firstMotionDirection: motion ? motion.direction : null,
      latencyFromCueMs: null,
      latencyFromOnsetMs: motion && onset.tS !== null ? Math.round((motion.tS - onset.tS) * 1000) : null,
      falseActivations: restActs.length,
      usedForCalibration: t.calibration,
      note: `trial played from ${RAW_PREROLL_S} s after ${RAW_PREROLL_S} s of rest`,
    });
    runs.push({
      name: `grabmyo/${t.file}`,
      channels,
      gains,
      offsetS: 0,
      rows,
      cues: [
        { fromS: 0, toS: RAW_PREROLL_S, kind: 'rest', name: 'rest (looped)' },
        { fromS: RAW_PREROLL_S, toS: endS, kind: t.kind, name: t.cue },
        { fromS: endS, toS: endS + 0.5, kind: 'rest', name: 'rest (looped)' },
      ],
      commands,
      onsets: onset.tS === null ? [] : [onset.tS],
      motions: motion ? [motion.tS] : [],
      onLevel: calibration.onLevel,
      offLevel: calibration.offLevel,
      maxLevel: [calibration.maxLevel[0], calibration.maxLevel[1]],
      signal: 'raw',
    });
  }
  return { rule, choice, gains, calibration, blocks, runs };
}

