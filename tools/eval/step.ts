// A synthetic step from rest to 50% effort on the flexor (the engine's EMG model, envelope
// sensors, default configuration, SG90 servos): latency from the step to the first servo pulse
// change, and to every finger at 90% closed. The step lands at a different phase of the 40 ms
// control tick in each run (and with a different seed), so the spread shows the tick's share.

import { firstAllAbove, firstPulseChange, median } from './analysis';
import { startSim } from './sim';

export interface StepRun {
  seed: number;
  stepS: number;
  firstPulseMs: number | null;
  closed90Ms: number | null;
}

export interface StepEval {
  effort: number;
  runs: StepRun[];
  firstPulseMs: { median: number | null; min: number | null; max: number | null };
  closed90Ms: { median: number | null; min: number | null; max: number | null };
}

const stats = (xs: (number | null)[]) => {
  const v = xs.filter((x): x is number => x !== null);
  return { median: median(v), min: v.length ? Math.min(...v) : null, max: v.length ? Math.max(...v) : null };
};

export function evaluateStep(opts: { firmware: string; runs?: number; effort?: number }): StepEval {
  const effort = opts.effort ?? 0.5;
  const n = opts.runs ?? 10;
  const runs: StepRun[] = [];
  for (let i = 0; i < n; i++) {
    const seed = i + 1;
    const es = startSim({ firmware: opts.firmware, seed, servoModel: 'SG90' });
    // 3 s of rest (boot and settle), then the step at a phase i/n of the 40 ms tick.
    const stepS = 3 + (i * 0.04) / n;
    es.runTo(3);
    es.sim.step((stepS - 3) * 1000);
    es.sim.setEffort('flexor', effort);
    es.runTo(stepS + 3);
    const motion = firstPulseChange(es.rows, stepS, stepS + 3, [1000, 1000, 1000, 1000, 1000], [2000, 2000, 2000, 2000, 2000]);
    const closed = firstAllAbove(es.rows, stepS, 0.9);
    runs.push({
      seed,
      stepS: Math.round(stepS * 1e4) / 1e4,
      firstPulseMs: motion && motion.direction === 'close' ? Math.round((motion.tS - stepS) * 1000) : null,
      closed90Ms: closed === null ? null : Math.round((closed - stepS) * 1000),
    });
  }
  return { effort, runs, firstPulseMs: stats(runs.map((r) => r.firstPulseMs)), closed90Ms: stats(runs.map((r) => r.closed90Ms)) };
}
