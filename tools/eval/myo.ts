// The Myo wrist recordings (myo-wrist/12345-1/N.txt, 8 channels at 200 Hz, cue labels) through
// the firmware in two-site envelope mode, the way a user would set it up:
//
// 1. Channel choice, from the first cue cycle (rest then gesture) of 1.txt (wrist flexion) and
//    of 2.txt (wrist extension): contrastRatio (RMS while the gesture is held, from 0.5 s after
//    the cue, over the RMS of the last 3 s of rest before the cue) per channel; the flexor site
//    takes the channel with the largest flexion contrast, the extensor site the largest
//    extension contrast among the others. Kept for every file.
// 2. Sensor gain, per site, as a user turns a MyoWare's gain screw: the strongest part of the
//    calibration cycle (99th percentile of the envelope) at GAIN_TARGET_ADC of the range,
//    leaving headroom for harder contractions. Kept for every file.
// 3. Calibration by the firmware itself: hand.calibrate(), with a simulated user who rests
//    (the calibration cycle's rest) until the red LED lights, then plays the calibration
//    cycle's gesture from its cue (so the recorded reaction lag is the user's).
// 4. Each file replayed from its start on both sites (after 2 s of its own first rest for the
//    boot), the calibrated flash in the Virtual Pico; before each gesture block, in the middle
//    of the rest before it, the harness types hand.open() (flexion, fist) or hand.close()
//    (extension) so the gesture always has something to do.
// 5. A file of rest only (0.txt) is replayed twice: with the hand open, as it boots, and holding
//    (hand.close() right after the boot). An open hand hides an extensor activation (it has
//    nothing to open) and a closed one a flexor activation: the two runs together show what a
//    false activation would do to a hand at either end (`<file>-holding`).

import * as path from 'path';
import { EmgRecording, MYO_LABEL_NAMES, MYO_WRIST_DIR, loadMyoText, suggestEnvelopeGain } from '../../sim/recordings';
import {
  activations,
  chooseChannels,
  ChannelChoice,
  ChannelRule,
  contrastRatio,
  detectOnset,
  firstPulseChange,
  handState,
  labelBlocks,
  motionCommands,
  motionEpisodes,
  rowAt,
  r3,
} from './analysis';
import { RecordingsEval, Playback, calibrationSummary, cloneFlash, cut, play, runCalibration, startSim } from './sim';
import { BlockResult, RecordingRun } from './types';

export const GAIN_TARGET_ADC = 0.5;
/** Before each gesture, the harness puts the hand in the opposite state this long before the cue. */
export const HARNESS_LEAD_S = 3;
/** Rest after a gesture: time for the gesture's own site to relax before its activations (and motion its way) count as false. */
export const REST_GRACE_S = 1;
/**
 * The user may start before the cue: in 2.txt the extensors rise about 0.5 s before the label
 * changes. The last second before a cue belongs to the gesture: it is not rest (for the rest
 * references, the false-activation count) and the onset is searched from there.
 */
export const ANTICIPATION_S = 1;
/** Boot pre-roll: the file's own first rest, before the file is played from its start. */
export const PREROLL_S = 2;
/** A rest-only file's holding run: hand.close() this long into the pre-roll (the boot takes 1 s). */
export const HOLD_AT_S = 1.1;

const LABEL_FLEXION = 1;
const LABEL_EXTENSION = 2;
const LABEL_FIST = 7;

export interface MyoEvalOptions {
  firmware: string;
  seed?: number;
  dir?: string;
  files?: string[];
  /** The channel-choice rule (analysis.ts chooseChannels). */
  rule?: ChannelRule;
  /** Cut each file to its first durationS seconds (tests). */
  durationS?: number;
}

export type MyoEval = RecordingsEval;

function kindOf(label: number): 'rest' | 'close' | 'open' {
  return label === LABEL_EXTENSION ? 'open' : label === 0 ? 'rest' : 'close';
}

/** The first rest block and the first gesture block of a file: the calibration cycle. */
function firstCycle(rec: EmgRecording, gesture: number) {
  const blocks = labelBlocks(rec.labels!);
  const g = blocks.find((b) => b.label === gesture);
  if (!g) throw new Error(`${rec.name}: no ${MYO_LABEL_NAMES[gesture]} block`);
  const r = rec.rateHz;
  return { cueS: g.start / r, endS: g.end / r };
}

export function chooseMyoChannels(flexion: EmgRecording, extension: EmgRecording, rule: ChannelRule = 'contrast'): ChannelChoice {
  const f = firstCycle(flexion, LABEL_FLEXION);
  const e = firstCycle(extension, LABEL_EXTENSION);
  const close = flexion.channels.map((_, c) =>
    contrastRatio(flexion.samples[c], flexion.rateHz, { fromS: f.cueS + 0.5, toS: f.endS }, { fromS: f.cueS - 3, toS: f.cueS - ANTICIPATION_S }),
  );
  const open = extension.channels.map((_, c) =>
    contrastRatio(extension.samples[c], extension.rateHz, { fromS: e.cueS + 0.5, toS: e.endS }, { fromS: e.cueS - 3, toS: e.cueS - ANTICIPATION_S }),
  );
  return chooseChannels(flexion.channels, close, open, rule);
}

export function evaluateMyo(opts: MyoEvalOptions): MyoEval {
  const dir = opts.dir ?? MYO_WRIST_DIR;
  const seed = opts.seed ?? 1;
  const load = (n: number) => loadMyoText(path.join(dir, `${n}.txt`));
  const flexionRec = load(1);
  const extensionRec = load(2);

  // 1. channels, 2. gains: from the calibration cycles only.
  const rule = opts.rule ?? 'contrast';
  const choice = chooseMyoChannels(flexionRec, extensionRec, rule);
  const fc = firstCycle(flexionRec, LABEL_FLEXION);
  const ec = firstCycle(extensionRec, LABEL_EXTENSION);
  const calFlex = cut(flexionRec, 0, fc.endS);
  const calExt = cut(extensionRec, 0, ec.endS);
  const ch = (r: EmgRecording, c: string) => r.samples[r.channels.indexOf(c)];
  const gains = {
    flexor: suggestEnvelopeGain(ch(calFlex, choice.flexor), calFlex.rateHz, GAIN_TARGET_ADC),
    extensor: suggestEnvelopeGain(ch(calExt, choice.extensor), calExt.rateHz, GAIN_TARGET_ADC),
  };
  const channels = { flexor: choice.flexor, extensor: choice.extensor };

  // 3. the firmware's own guided calibration.
  const calSim = startSim({ firmware: opts.firmware, seed });
  const restOf = (rec: EmgRecording, cueS: number): Playback => ({ recording: cut(rec, Math.max(0.5, cueS - 4.5), cueS - ANTICIPATION_S), channels, gains });
  const cal = runCalibration(
    calSim,
    [restOf(flexionRec, fc.cueS), restOf(extensionRec, ec.cueS)],
    [
      { recording: flexionRec, channels, gains, fromS: fc.cueS, durationS: fc.endS - fc.cueS },
      { recording: extensionRec, channels, gains, fromS: ec.cueS, durationS: ec.endS - ec.cueS },
    ],
    2,
  );
  const { calibration, openUs, closedUs } = calibrationSummary(cal);

  // 4. every file.
  const blocks: BlockResult[] = [];
  const runs: RecordingRun[] = [];
  const runsOf = (file: string) => {
    let rec = load(Number(file));
    if (opts.durationS !== undefined) rec = cut(rec, 0, opts.durationS, rec.name);
    const restOnly = labelBlocks(rec.labels!).every((b) => b.label === 0);
    return restOnly ? [{ rec, holding: false }, { rec: { ...rec, name: `${rec.name}-holding` }, holding: true }] : [{ rec, holding: false }];
  };
  for (const { rec, holding } of (opts.files ?? ['0', '1', '2', '7']).flatMap(runsOf)) {
    const rate = rec.rateHz;
    const durS = rec.samples[0].length / rate;
    const es = startSim({ firmware: opts.firmware, seed, storage: cloneFlash(cal.flash) });
    const sim = es.sim;
    const t0 = PREROLL_S;
    const commands: { tS: number; line: string }[] = [];
    play(sim, { recording: cut(rec, 0, PREROLL_S), channels, gains });
    if (holding) {
      es.runTo(HOLD_AT_S);
      sim.console('hand.close()');
      commands.push({ tS: HOLD_AT_S - t0, line: 'hand.close()' });
    }
    es.runTo(PREROLL_S);
    play(sim, { recording: rec, channels, gains });
    const lblocks = labelBlocks(rec.labels!);
    for (const b of lblocks) {
      if (b.label === 0) continue;
      const at = b.start / rate - HARNESS_LEAD_S;
      if (at > 0) commands.push({ tS: at, line: kindOf(b.label) === 'open' ? 'hand.close()' : 'hand.open()' });
    }
    for (const c of commands) {
      if (c.tS < 0) continue; // typed in the pre-roll
      es.runTo(t0 + c.tS);
      sim.console(c.line);
    }
    es.runTo(t0 + durS + 0.3);
    const rows = es.rows;

    const flexSamples = rec.samples[rec.channels.indexOf(channels.flexor)];
    const extSamples = rec.samples[rec.channels.indexOf(channels.extensor)];
    const onsets: number[] = [];
    const motions: number[] = [];
    lblocks.forEach((b, bi) => {
      const fromS = b.start / rate;
      const toS = b.end / rate;
      const kind = kindOf(b.label);
      const base: BlockResult = { recording: rec.name, index: bi + 1, kind, cue: MYO_LABEL_NAMES[b.label], fromS: r3(fromS), toS: r3(toS) };
      if (kind === 'rest') {
        // After a gesture, its own site may take a moment to relax (REST_GRACE_S); the other
        // site switching on, or the hand moving the other way, counts from the block's start.
        const prev = bi > 0 && lblocks[bi - 1].label !== 0 ? kindOf(lblocks[bi - 1].label) : null;
        const ownSite = prev === 'close' ? 0 : prev === 'open' ? 1 : -1;
        const beforeGesture = bi + 1 < lblocks.length;
        const graceTo = fromS + (prev ? REST_GRACE_S : 0);
        const countTo = toS - (beforeGesture ? ANTICIPATION_S : 0);
        const acts = activations(rows, t0 + fromS, t0 + countTo).filter((a) => a.site !== ownSite || a.tS - t0 >= graceTo);
        // Motion episodes not caused by the harness's own command (and the move it makes).
        const moves = motionEpisodes(motionCommands(rows, t0 + fromS, t0 + countTo, openUs, closedUs)).filter(
          (m) => !commands.some((c) => m.tS - t0 >= c.tS && m.tS - t0 <= c.tS + 0.7) && (m.tS - t0 >= graceTo || m.direction !== prev),
        );
        const block: BlockResult = { ...base, countedS: r3(countTo - fromS), falseActivations: acts.length, falseMotions: moves.length };
        if (holding) {
          const window = rows.filter((r) => r.tS >= t0 + fromS && r.tS < t0 + countTo).map((r) => mean(r.flexion));
          block.note = `holding: mean finger flexion ${r3(window[0])} at the start, lowest ${r3(Math.min(...window))}`;
        }
        blocks.push(block);
        return;
      }
      const expected = kind === 'close' ? 'closed' : 'open';
      const samples = kind === 'close' ? flexSamples : extSamples;
      const from = fromS - ANTICIPATION_S;
      const onset = detectOnset(samples, rate, { fromS: Math.max(0, fromS - 3), toS: from }, from, {}, toS);
      const motion = firstPulseChange(rows, t0 + from, t0 + toS, openUs, closedUs);
      const end = rowAt(rows, t0 + toS - 1e-3);
      const reached = handState(end.flexion);
      if (onset.tS !== null) onsets.push(onset.tS);
      if (motion) motions.push(motion.tS - t0);
      blocks.push({
        ...base,
        expected,
        reached,
        flexionAtEnd: r3(mean(end.flexion)),
        pass: reached === expected,
        onsetS: onset.tS === null ? null : r3(onset.tS),
        firstMotionS: motion ? r3(motion.tS - t0) : null,
        firstMotionDirection: motion ? motion.direction : null,
        latencyFromCueMs: motion ? Math.round((motion.tS - t0 - fromS) * 1000) : null,
        latencyFromOnsetMs: motion && onset.tS !== null ? Math.round((motion.tS - t0 - onset.tS) * 1000) : null,
        usedForCalibration:
          (rec.name.endsWith('/1') && b.label === LABEL_FLEXION && b.start / rate === fc.cueS) ||
          (rec.name.endsWith('/2') && b.label === LABEL_EXTENSION && b.start / rate === ec.cueS),
      });
    });
    runs.push({
      name: rec.name,
      channels,
      gains,
      offsetS: t0,
      rows,
      cues: lblocks.map((b) => ({ fromS: b.start / rate, toS: b.end / rate, kind: kindOf(b.label), name: MYO_LABEL_NAMES[b.label] })),
      commands,
      onsets,
      motions,
      onLevel: calibration.onLevel,
      offLevel: calibration.offLevel,
      maxLevel: [calibration.maxLevel[0], calibration.maxLevel[1]],
      signal: 'envelope',
    });
  }
  return { rule, choice, gains, calibration, blocks, runs };
}


function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

export { LABEL_FIST, LABEL_FLEXION, LABEL_EXTENSION };
