// The report writer: targets judged from results, Markdown and JSON, and the SVG plot.
import { EvalResults, judgeTargets, toJson, toMarkdown, restSummary } from '../../tools/eval/report';
import { plotRun } from '../../tools/eval/plot';
import type { MyoEval } from '../../tools/eval/myo';
import type { RawEval } from '../../tools/eval/grabmyo';
import { BlockResult, RecordingRun } from '../../tools/eval/types';
import { TraceRow } from '../../tools/eval/analysis';

function rows(): TraceRow[] {
  const out: TraceRow[] = [];
  for (let i = 0; i <= 200; i++) {
    const t = i * 0.05;
    const closing = t > 6;
    out.push({
      tS: t,
      pulses: closing ? [1500, 1500] : [null, null],
      flexion: closing ? [Math.min(1, (t - 6) * 2), Math.min(1, (t - 6) * 2)] : [0, 0],
      adc: [0.05, 0.04],
      state: closing ? 'moving' : 'ready',
      envelope: [closing ? 0.3 : 0.05, 0.04],
      baseline: [0.05, 0.04],
      effort: [closing ? 0.7 : 0, 0],
      on: [closing, false],
      command: closing ? 1 : 0,
    });
  }
  return out;
}

function run(name: string): RecordingRun {
  return {
    name,
    channels: { flexor: 'e5', extensor: 'e2' },
    gains: { flexor: 0.013, extensor: 0.009 },
    offsetS: 1,
    rows: rows(),
    cues: [
      { fromS: 0, toS: 5, kind: 'rest', name: 'rest' },
      { fromS: 5, toS: 9, kind: 'close', name: 'wrist flexion' },
    ],
    commands: [{ tS: 2, line: 'hand.open()' }],
    onsets: [5.3],
    motions: [5.4],
    onLevel: 0.2,
    offLevel: 0.1,
    maxLevel: [0.4, 0.4],
    signal: 'envelope',
  };
}

const gesture = (over: Partial<BlockResult>): BlockResult => ({
  recording: 'myo-wrist/1',
  index: 2,
  kind: 'close',
  cue: 'wrist flexion',
  fromS: 5,
  toS: 10,
  expected: 'closed',
  reached: 'closed',
  flexionAtEnd: 1,
  pass: true,
  onsetS: 5.3,
  firstMotionS: 5.38,
  firstMotionDirection: 'close',
  latencyFromCueMs: 380,
  latencyFromOnsetMs: 80,
  ...over,
});

const rest = (recording: string, acts: number): BlockResult => ({
  recording,
  index: 1,
  kind: 'rest',
  cue: 'rest',
  fromS: 0,
  toS: 60,
  countedS: 60,
  falseActivations: acts,
  falseMotions: 0,
});

function results(myoBlocks: BlockResult[], stepMs: number[]): EvalResults {
  const cal = { accepted: true, messages: ['hand: calibration done: rest 0.05,0.04'], cuesS: [8, 12], restLevel: [0.05, 0.04], maxLevel: [0.4, 0.4], onLevel: 0.2, offLevel: 0.1 };
  const choice = { flexor: 'e5', extensor: 'e2', contrasts: [{ channel: 'e5', close: 7, open: 2 }, { channel: 'e2', close: 3, open: 10 }] };
  const myo: MyoEval = { rule: 'separation', choice, gains: { flexor: 0.013, extensor: 0.009 }, calibration: cal, blocks: myoBlocks, runs: [run('myo-wrist/1')] };
  const raw: RawEval = {
    rule: 'separation',
    choice: { ...choice, flexor: 'F4', extensor: 'F14' },
    gains: { flexor: 1.6, extensor: 1.3 },
    calibration: cal,
    blocks: [gesture({ recording: 'gesture16_trial2', cue: 'hand close', latencyFromOnsetMs: 60, latencyFromCueMs: null })],
    runs: [run('grabmyo/gesture16_trial2')],
  };
  return {
    firmware: { file: 'dist/firmware.js', bytes: 20000, sha256: 'ab'.repeat(32) },
    generatedAt: '2026-01-01T00:00:00.000Z',
    attribution: ['myo: MIT'],
    myo: [myo],
    raw: [raw],
    step: {
      effort: 0.5,
      runs: stepMs.map((ms, i) => ({ seed: i + 1, stepS: 3, firstPulseMs: ms, closed90Ms: 800 })),
      firstPulseMs: { median: stepMs[0], min: Math.min(...stepMs), max: Math.max(...stepMs) },
      closed90Ms: { median: 800, min: 800, max: 800 },
    },
    plots: ['1-myo-separation.svg'],
  };
}

describe('judgeTargets', () => {
  test('all targets pass when every latency is within 100 ms, the rest minute is quiet and every block reaches its state', () => {
    const r = results([rest('myo-wrist/0', 0), gesture({})], [60, 70]);
    const [t] = judgeTargets(r);
    expect(t.rule).toBe('separation');
    expect(t.targets.map((x) => x.pass)).toEqual([true, true, true]);
    expect(t.targets[0].detail).toMatch(/Myo blocks: median 80 ms.*1\/1 within 100 ms/);
  });

  test('one slow block, one activation in the rest minute, one block in the wrong state: three FAILs, with the why', () => {
    const r = results([rest('myo-wrist/0', 1), gesture({}), gesture({ index: 4, latencyFromOnsetMs: 140, reached: 'open', pass: false })], [60]);
    const [t] = judgeTargets(r);
    expect(t.targets.map((x) => x.pass)).toEqual([false, false, false]);
    expect(t.targets[0].detail).toMatch(/1\/2 within 100 ms/);
    expect(t.targets[1].detail).toMatch(/1 site activation/);
    expect(t.targets[2].detail).toMatch(/1\/2 Myo blocks .*#4 wrist flexion -> open/);
  });

  test('the rest minute also fails on a motion of the same minute played with the hand holding', () => {
    const quiet = results([rest('myo-wrist/0', 0), rest('myo-wrist/0-holding', 0), gesture({})], [60]);
    expect(judgeTargets(quiet)[0].targets[1].pass).toBe(true);
    const held = { ...rest('myo-wrist/0-holding', 1), falseMotions: 1, note: 'holding: mean finger flexion 1 at the start, lowest 0.64' };
    const moved = results([rest('myo-wrist/0', 1), held, gesture({})], [60]);
    const t = judgeTargets(moved)[0].targets[1];
    expect(t.pass).toBe(false);
    expect(t.detail).toBe(
      '1 site activation(s), 0 motion(s) in 60 s with the hand open; the same minute with the hand holding (closed): 1 activation(s), 1 motion(s) (holding: mean finger flexion 1 at the start, lowest 0.64)',
    );
  });

  test('restSummary gives false activations per minute per recording', () => {
    const r = results([rest('myo-wrist/0', 2), rest('myo-wrist/1', 0)], [60]);
    expect(restSummary(r.myo[0])).toEqual([
      { recording: 'myo-wrist/0', countedS: 60, activations: 2, motions: 0, perMin: 2 },
      { recording: 'myo-wrist/1', countedS: 60, activations: 0, motions: 0, perMin: 0 },
    ]);
  });
});

describe('report files', () => {
  const r = results([rest('myo-wrist/0', 0), gesture({})], [60, 70]);

  test('Markdown: targets, summary, per-block tables, method and attribution', () => {
    const md = toMarkdown(r);
    expect(md).toMatch(/^# Grasp: evaluation on recorded EMG/);
    expect(md).toMatch(/\| Effort onset to first motion command within 100 ms \| PASS \|/);
    expect(md).toMatch(/\| myo-wrist\/1 \| 2 \| wrist flexion \| 5-10 \| closed \(1\) PASS \| 5.3 \| 5.38 close \| 380 \| 80 \|/);
    expect(md).toMatch(/Synthetic step to 50% effort: first servo pulse change/);
    expect(md).toMatch(/## Method/);
    expect(md).toMatch(/- myo: MIT/);
    expect(md).toMatch(/\[1-myo-separation.svg\]\(1-myo-separation.svg\)/);
  });

  test('JSON: no traces, the targets included, round-trips', () => {
    const j = JSON.parse(JSON.stringify(toJson(r))) as any;
    expect(j.myo[0].runs[0].rows).toBeUndefined();
    expect(j.myo[0].runs[0].channels).toEqual({ flexor: 'e5', extensor: 'e2' });
    expect(j.targets[0].targets).toHaveLength(3);
    expect(j.step.runs).toHaveLength(2);
  });

  test('the SVG plot: one document with the level, thresholds, fingers and markers', () => {
    const svg = plotRun(run('myo-wrist/1'), 'myo-wrist/1 <test>');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('myo-wrist/1 &lt;test&gt;');
    expect((svg.match(/<path /g) ?? []).length).toBeGreaterThanOrEqual(10);
    expect(svg).not.toMatch(/NaN|undefined/);
  });
});
