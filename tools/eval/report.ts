// The evaluation report: report.json (everything but the traces) and report.md (tables), plus
// the targets of issue 10 judged from the results.

import { median } from './analysis';
import type { MyoEval } from './myo';
import type { RawEval } from './grabmyo';
import type { StepEval } from './step';
import { BlockResult, TargetResult } from './types';

export const LATENCY_TARGET_MS = 100;

export interface EvalResults {
  firmware: { file: string; bytes: number; sha256: string };
  generatedAt: string;
  attribution: string[];
  myo: MyoEval[];
  raw: RawEval[];
  step: StepEval;
  plots: string[];
}

function pct(n: number, d: number): string {
  return d ? `${n}/${d}` : '-';
}

function latencies(blocks: BlockResult[]): number[] {
  return blocks.filter((b) => b.kind !== 'rest' && b.latencyFromOnsetMs !== null && b.latencyFromOnsetMs !== undefined).map((b) => b.latencyFromOnsetMs!);
}

function latencySummary(ms: number[]): string {
  if (!ms.length) return 'none measured';
  const within = ms.filter((m) => m <= LATENCY_TARGET_MS).length;
  return `median ${median(ms)} ms, range ${Math.min(...ms)}..${Math.max(...ms)} ms, ${within}/${ms.length} within ${LATENCY_TARGET_MS} ms`;
}

export function restSummary(m: MyoEval): { recording: string; countedS: number; activations: number; motions: number; perMin: number }[] {
  const byRec = new Map<string, { countedS: number; activations: number; motions: number }>();
  for (const b of m.blocks) {
    if (b.kind !== 'rest') continue;
    const r = byRec.get(b.recording) ?? { countedS: 0, activations: 0, motions: 0 };
    r.countedS += b.countedS ?? 0;
    r.activations += b.falseActivations ?? 0;
    r.motions += b.falseMotions ?? 0;
    byRec.set(b.recording, r);
  }
  return [...byRec.entries()].map(([recording, r]) => ({ recording, ...r, countedS: Math.round(r.countedS * 10) / 10, perMin: Math.round((r.activations / (r.countedS / 60)) * 100) / 100 }));
}

function noMotion(blocks: BlockResult[]): string {
  const n = blocks.filter((b) => b.kind !== 'rest' && (b.firstMotionS === null || b.firstMotionS === undefined)).length;
  return n ? ` (and ${n} block(s) with no motion at all)` : '';
}

/** The issue's targets, per channel rule (the step does not depend on the rule). */
export function judgeTargets(res: EvalResults): { rule: string; targets: TargetResult[] }[] {
  return res.myo.map((m) => {
    const raw = res.raw.find((r) => r.rule === m.rule);
    const myoLat = latencies(m.blocks);
    const rawLat = raw ? latencies(raw.blocks) : [];
    const stepLat = res.step.runs.map((r) => r.firstPulseMs).filter((x): x is number => x !== null);
    const all = [...myoLat, ...rawLat, ...stepLat];
    const rest0 = restSummary(m).find((r) => /\/0$/.test(r.recording));
    const hold0 = restSummary(m).find((r) => /\/0-holding$/.test(r.recording));
    const holdNote = m.blocks.find((b) => /\/0-holding$/.test(b.recording) && b.kind === 'rest')?.note;
    const gestures = m.blocks.filter((b) => b.kind !== 'rest');
    const failed = gestures.filter((b) => !b.pass);
    const rawFailed = raw ? raw.blocks.filter((b) => !b.pass) : [];
    return {
      rule: m.rule,
      targets: [
        {
          target: `Effort onset to first motion command within ${LATENCY_TARGET_MS} ms`,
          pass: all.length > 0 && all.every((x) => x <= LATENCY_TARGET_MS),
          detail: `Myo blocks: ${latencySummary(myoLat)}${noMotion(m.blocks)}; GRABMyo raw: ${latencySummary(rawLat)}; synthetic step: ${latencySummary(stepLat)}`,
        },
        {
          target: 'No false activation in the rest minute (myo-wrist/0.txt)',
          pass: !!rest0 && rest0.activations === 0 && rest0.motions === 0 && (!hold0 || (hold0.activations === 0 && hold0.motions === 0)),
          detail: rest0
            ? `${rest0.activations} site activation(s), ${rest0.motions} motion(s) in ${rest0.countedS} s with the hand open` +
              (hold0 ? `; the same minute with the hand holding (closed): ${hold0.activations} activation(s), ${hold0.motions} motion(s)${holdNote ? ` (${holdNote})` : ''}` : '')
            : 'not run',
        },
        {
          target: 'Every flexion and fist block closes the hand, every extension block opens it',
          pass: gestures.length > 0 && failed.length === 0,
          detail:
            `${gestures.length - failed.length}/${gestures.length} Myo blocks` +
            (failed.length ? ` (failed: ${failed.map((b) => `${b.recording} #${b.index} ${b.cue} -> ${b.reached}`).join('; ')})` : '') +
            (raw ? `; GRABMyo raw trials in the right direction: ${raw.blocks.length - rawFailed.length}/${raw.blocks.length}` : ''),
        },
      ],
    };
  });
}

function fmt(v: number | null | undefined, unit = ''): string {
  return v === null || v === undefined ? '-' : `${v}${unit}`;
}

function blockTable(blocks: BlockResult[], withCue: boolean): string[] {
  const out = [
    `| Recording | # | Cue | Time (s) | Reached | Onset (s) | First motion (s) | ${withCue ? 'Cue to motion (ms) | ' : ''}Onset to motion (ms) | Rest: counted s / activations / motions |`,
    `| --- | --- | --- | --- | --- | --- | --- | ${withCue ? '--- | ' : ''}--- | --- |`,
  ];
  for (const b of blocks) {
    const reached = b.kind === 'rest' ? '' : `${b.reached} (${b.flexionAtEnd}) ${b.pass ? 'PASS' : 'FAIL'}${b.usedForCalibration ? ' (cal.)' : ''}`;
    const motion = b.firstMotionS === null || b.firstMotionS === undefined ? (b.kind === 'rest' ? '' : 'none') : `${b.firstMotionS} ${b.firstMotionDirection}`;
    const rest = b.kind === 'rest' ? `${b.countedS} / ${b.falseActivations} / ${b.falseMotions ?? '-'}` : b.falseActivations ? `rest before: ${b.falseActivations} act.` : '';
    out.push(
      `| ${b.recording} | ${b.index} | ${b.cue} | ${b.fromS}-${b.toS} | ${reached} | ${b.kind === 'rest' ? '' : fmt(b.onsetS)} | ${motion} | ${withCue ? `${b.kind === 'rest' ? '' : fmt(b.latencyFromCueMs)} | ` : ''}${b.kind === 'rest' ? '' : fmt(b.latencyFromOnsetMs)} | ${rest} |`,
    );
  }
  return out;
}

export function toJson(res: EvalResults): unknown {
  const strip = <T extends { runs: { rows: unknown }[] }>(x: T) => ({ ...x, runs: x.runs.map(({ rows, ...r }) => r) });
  return { ...res, myo: res.myo.map(strip), raw: res.raw.map(strip), targets: judgeTargets(res) };
}

export function toMarkdown(res: EvalResults): string {
  const L: string[] = [];
  L.push('# Grasp: evaluation on recorded EMG', '');
  L.push(`Firmware \`${res.firmware.file}\` (${res.firmware.bytes} bytes, sha256 ${res.firmware.sha256.slice(0, 12)}), ${res.generatedAt}. Made by \`npm run eval\`.`, '');
  L.push('## Targets (issue 10)', '');
  for (const t of judgeTargets(res)) {
    L.push(`Channel rule \`${t.rule}\`:`, '', '| Target | Result | Detail |', '| --- | --- | --- |');
    for (const x of t.targets) L.push(`| ${x.target} | ${x.pass ? 'PASS' : 'FAIL'} | ${x.detail} |`);
    L.push('');
  }
  L.push('## Summary', '', '| What | Channel rule | Result |', '| --- | --- | --- |');
  for (const m of res.myo) {
    const g = m.blocks.filter((b) => b.kind !== 'rest');
    for (const [name, kind] of [
      ['flexion', 'wrist flexion'],
      ['extension', 'wrist extension'],
      ['fist', 'fist'],
    ]) {
      const bs = g.filter((b) => b.cue === kind);
      L.push(`| Myo ${name} blocks reaching the right state | ${m.rule} | ${pct(bs.filter((b) => b.pass).length, bs.length)} |`);
    }
    L.push(`| Myo onset to first motion | ${m.rule} | ${latencySummary(latencies(m.blocks))} |`);
    const cueLat = g.map((b) => b.latencyFromCueMs).filter((x): x is number => x !== null && x !== undefined);
    L.push(`| Myo cue to first motion (includes the person's reaction) | ${m.rule} | median ${median(cueLat)} ms, range ${Math.min(...cueLat)}..${Math.max(...cueLat)} ms |`);
    for (const r of restSummary(m)) {
      L.push(`| Myo rest in ${r.recording}: false activations | ${m.rule} | ${r.activations} in ${r.countedS} s (${r.perMin}/min); ${r.motions} unwanted motion(s) |`);
    }
  }
  for (const r of res.raw) {
    L.push(`| GRABMyo raw trials: right direction and end state | ${r.rule} | ${pct(r.blocks.filter((b) => b.pass).length, r.blocks.length)} |`);
    L.push(`| GRABMyo raw onset to first motion | ${r.rule} | ${latencySummary(latencies(r.blocks))} |`);
  }
  const s = res.step;
  L.push(`| Synthetic step to ${s.effort * 100}% effort: first servo pulse change | any | median ${s.firstPulseMs.median} ms (${s.firstPulseMs.min}..${s.firstPulseMs.max} ms over ${s.runs.length} tick phases) |`);
  L.push(`| Synthetic step to ${s.effort * 100}% effort: every finger 90% closed (SG90) | any | median ${s.closed90Ms.median} ms (${s.closed90Ms.min}..${s.closed90Ms.max} ms) |`);
  L.push('');

  for (const m of res.myo) {
    L.push(`## Myo wrist, two-site envelope mode, channel rule \`${m.rule}\``, '');
    L.push(`Channels: flexor site **${m.choice.flexor}**, extensor site **${m.choice.extensor}**. Sensor gains (ADC per Myo unit of envelope): flexor ${m.gains.flexor.toPrecision(3)}, extensor ${m.gains.extensor.toPrecision(3)}.`, '');
    L.push('| Channel | ' + m.choice.contrasts.map((c) => c.channel).join(' | ') + ' |', '| --- |' + m.choice.contrasts.map(() => ' --- |').join(''));
    L.push('| Flexion contrast | ' + m.choice.contrasts.map((c) => c.close.toFixed(2)).join(' | ') + ' |');
    L.push('| Extension contrast | ' + m.choice.contrasts.map((c) => c.open.toFixed(2)).join(' | ') + ' |', '');
    L.push(`Calibration (hand.calibrate(), ${m.calibration.accepted ? 'accepted' : 'NOT accepted'}): ${m.calibration.messages.slice(-1)[0] ?? ''}`, '');
    L.push(...blockTable(m.blocks, true), '');
  }
  for (const r of res.raw) {
    L.push(`## GRABMyo raw 2048 Hz, raw-EMG path, channel rule \`${r.rule}\``, '');
    L.push(`Channels: flexor site **${r.choice.flexor}**, extensor site **${r.choice.extensor}** (forearm F1..F16). Gains (ADC per mV): flexor ${r.gains.flexor.toPrecision(3)}, extensor ${r.gains.extensor.toPrecision(3)}.`, '');
    L.push(`Calibration (hand.calibrate(), ${r.calibration.accepted ? 'accepted' : 'NOT accepted'}): ${r.calibration.messages.slice(-1)[0] ?? ''}`, '');
    L.push(...blockTable(r.blocks, false), '');
  }
  L.push('## Synthetic step', '', '| Seed | Step at (s) | First pulse change (ms) | All fingers 90% closed (ms) |', '| --- | --- | --- | --- |');
  for (const x of s.runs) L.push(`| ${x.seed} | ${x.stepS} | ${fmt(x.firstPulseMs)} | ${fmt(x.closed90Ms)} |`);
  L.push('');
  L.push('## Plots', '', ...res.plots.map((p) => `- [${p}](${p})`), '');
  L.push('## Method', '', METHOD, '');
  L.push('## Recordings', '', ...res.attribution.map((a) => `- ${a}`), '');
  return L.join('\n');
}

const METHOD = `- **Firmware**: the built bundle in the Virtual Pico (sim/engine), 5 ms physics steps, hand.status() sampled every 20 ms; two-site mode, everything at its default except what hand.calibrate() sets (and \`signal: 'raw'\` on both sites for GRABMyo, via hand.config(doc)).
- **Channel choice** (analysis.ts \`chooseChannels\`), from calibration data only, then kept: contrast = RMS of the 10 Hz high-passed channel while the gesture is held / RMS at rest. Myo: the first cue cycle of 1.txt (flexion) and 2.txt (extension), gesture from 0.5 s after the cue to its end, rest from 3 s to 1 s before the cue. GRABMyo: trial 1 of close and open, first 1.5 s, against the quiet first 0.4 s of open trial 2. Rule \`contrast\`: flexor = largest flexion contrast, extensor = largest extension contrast among the others (the issue's rule). Rule \`separation\`: flexor = largest flexion/extension contrast ratio, extensor = largest extension/flexion ratio (each site must work on its own, as a prosthetist checks).
- **Sensor gain**: Myo, MyoWare-like envelope (toEnvelopeAdc, 0.03 resting offset), the calibration cycle's 99th-percentile envelope at 0.5 of the ADC range; GRABMyo, raw centred (toRawAdc), the calibration trial's 99th-percentile |signal| at 0.4 around mid-rail. Fixed for every file.
- **Calibration**: hand.calibrate() typed at the console; a simulated user rests (calibration rest, looped) until the red LED lights steadily, then plays the calibration gesture from its cue (its own reaction lag included), flexor then extensor; the firmware computes and saves rest, max and on/off levels. The calibrated flash is the starting flash of every run.
- **Myo runs**: each file from its start on both sites (after 2 s of its own first rest while the firmware boots). The last second before a cue counts as part of the gesture (in 2.txt the extensors rise ~0.5 s before the label changes). Harness: 3 s before each gesture cue the console gets hand.open() (flexion, fist) or hand.close() (extension), so each gesture starts from the opposite state; those moves are not counted as false motions.
- **Onset** (analysis.ts \`detectOnset\`): centred 50 ms moving RMS of the 10 Hz high-passed acting channel; threshold = rest mean + max(3 sd, 10% of the rise to the window's peak), rest = 3 s to 1 s before the cue (GRABMyo: the looped rest before the trial); the onset is the first crossing that stays above for 50 ms, searched from 1 s before the cue, then timed with a 10 ms centred window (the first sample, within 25 ms of the crossing, where that window is over the same threshold): a centred window rises half its length before the burst does, so the 50 ms window alone put sharp onsets ~25 ms early (GRABMyo trials: 17-24 ms before the trial even started). GRABMyo trials that start mid-gesture have their onset at the splice from rest to the trial (a step).
- **First motion**: the first 5 ms step at which a servo gets a pulse different from its last one (a pulse stopping is a release, not a motion), searched from 1 s before the cue; direction towards the closed or open end. **Reached**: every finger's physical flexion >= 0.9 (closed) or <= 0.1 (open) at the block's end.
- **Rest minute** (0.txt, rest only): played twice, once with the hand open as it boots and once holding (hand.close() typed 1.1 s after power-up, \`myo-wrist/0-holding\`): an open hand hides an extensor activation (nothing to open), a closed one a flexor activation; the target needs no activation and no motion in either.
- **False activations**: rising edges of hand.status().emg[].on in rest blocks, up to 1 s before the next cue; in the first second after a gesture the gesture's own site may still switch (time to relax) but the other site counts. Unwanted motions: motion episodes in the same windows (in the first second only those away from the gesture's direction), except within 0.7 s after a harness command.
- **Synthetic step**: default configuration, engine EMG model (envelope), flexor effort 0 -> 0.5 as a step 3 s after power-up, at 10 phases of the 40 ms tick.`;
