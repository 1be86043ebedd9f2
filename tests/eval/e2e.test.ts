// A short end-to-end evaluation: the built firmware calibrated by hand.calibrate() from the Myo
// recording's own rest and contractions, then the first 20 s of 1.txt (two flexion blocks).
// Skipped, with a message, when ../shared/emg is absent.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describeWithSharedEmg } from '../recordings/sharedData';
import { builtFirmware } from '../sim/firmware';
import { evaluateMyo } from '../../tools/eval/myo';
import { sharedEmgMissing } from '../../tools/eval/eval';

test('the eval skips with a clear message when the recordings are absent', () => {
  expect(sharedEmgMissing(path.join(os.tmpdir(), 'no-such-emg-dir'))).toMatch(/^SKIPPED: the shared EMG recordings are not at .*no-such-emg-dir/);
});

describeWithSharedEmg('evaluateMyo on a cut of 1.txt', () => {
  let firmware: string;
  beforeAll(async () => {
    firmware = (await builtFirmware()).source;
  });

  test('channel choice by each rule, calibration accepted, flexion closes the hand with a measured latency', () => {
    const separation = evaluateMyo({ firmware, rule: 'separation', files: ['1'], durationS: 20 });
    expect(separation.choice).toMatchObject({ flexor: 'e5', extensor: 'e2' });
    expect(separation.calibration.accepted).toBe(true);
    expect(separation.calibration.cuesS).toHaveLength(2);
    expect(separation.calibration.maxLevel[0]).toBeGreaterThan(separation.calibration.restLevel[0] + 0.05);

    const gestures = separation.blocks.filter((b) => b.kind !== 'rest');
    expect(gestures.map((b) => [b.fromS, b.cue])).toEqual([
      [4.995, 'wrist flexion'],
      [14.99, 'wrist flexion'],
    ]);
    expect(gestures[0].usedForCalibration).toBe(true);
    for (const b of gestures) {
      expect(b.reached).toBe('closed');
      expect(b.firstMotionDirection).toBe('close');
      expect(b.onsetS).toBeGreaterThan(b.fromS - 1);
      expect(b.latencyFromOnsetMs).toBeGreaterThan(0);
      expect(b.latencyFromOnsetMs).toBeLessThan(1000);
    }
    // The second block is a clear rise (40 ms block means ~0.25, 0.16, 0.79 of the calibrated
    // range after a small first burst): the hand moves within 100 ms of its onset (with every new
    // block smoothed to half, as before signal.ts took a clear rise whole: 140 ms).
    expect(gestures[1].latencyFromOnsetMs).toBeLessThanOrEqual(100);
    const rests = separation.blocks.filter((b) => b.kind === 'rest');
    // The first two rest blocks (the cut ends with a sliver of a third).
    expect(rests.slice(0, 2).every((b) => typeof b.falseActivations === "number" && b.countedS! > 2)).toBe(true);

    const contrast = evaluateMyo({ firmware, rule: 'contrast', files: ['1'], durationS: 6 });
    // A file with gestures gets no holding run.
    expect(contrast.runs.map((r) => r.name)).toEqual(['myo-wrist/1']);
    expect(contrast.choice).toMatchObject({ flexor: 'e4', extensor: 'e8' });
    expect(contrast.runs[0].rows.length).toBeGreaterThan(1000);
  });
});

describeWithSharedEmg('evaluateMyo on the first 10 s of the rest minute (0.txt)', () => {
  test('played with the hand open and holding: the extensor twitch at 6.6 s that moves nothing open opens a holding hand', async () => {
    const firmware = (await builtFirmware()).source;
    const m = evaluateMyo({ firmware, rule: 'separation', files: ['0'], durationS: 10 });
    expect(m.runs.map((r) => r.name)).toEqual(['myo-wrist/0', 'myo-wrist/0-holding']);
    const [open, holding] = m.blocks;
    expect(holding.recording).toBe('myo-wrist/0-holding');
    // The same signal, so the same site activation in both runs...
    expect(open.falseActivations).toBe(1);
    expect(holding.falseActivations).toBe(1);
    // ...which an open hand cannot show (the extensor has nothing to open) and a holding one does.
    expect(open.falseMotions).toBe(0);
    expect(holding.falseMotions).toBe(1);
    expect(holding.note).toMatch(/^holding: mean finger flexion 1 at the start, lowest 0\.\d+$/);
    const run = m.runs[1];
    const closedAt = run.rows.find((r) => r.tS >= run.offsetS)!;
    expect(closedAt.state).toBe('holding');
    expect(closedAt.flexion.every((f) => f > 0.99)).toBe(true);
  });
});
