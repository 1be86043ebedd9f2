// `npm run eval` (or `npx tsx tools/eval/eval.ts [--firmware dist/firmware.js] [--out artifacts/eval]`):
// the built firmware in the Virtual Pico on the shared real EMG recordings (../shared/emg) and a
// synthetic step; writes report.md, report.json and one SVG per recording run. See report.ts
// (METHOD) for how channels, gains, calibration, onsets and latencies are defined.
// Exit 0 when it ran (whatever the targets say) or skipped because the recordings are absent.

import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { PROJECT_ROOT } from '../build/build';
import { RECORDINGS_ATTRIBUTION, SHARED_EMG_DIR, attributionLine } from '../../sim/recordings';
import { ChannelRule } from './analysis';
import { evaluateMyo } from './myo';
import { evaluateRaw } from './grabmyo';
import { evaluateStep } from './step';
import { plotRun } from './plot';
import { EvalResults, judgeTargets, toJson, toMarkdown } from './report';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

export const RULES: ChannelRule[] = ['contrast', 'separation'];

export function sharedEmgMissing(dir = SHARED_EMG_DIR): string | null {
  return fs.existsSync(dir)
    ? null
    : `SKIPPED: the shared EMG recordings are not at ${dir}. Place them at <project root>/../shared/emg (see its README.md) to run the evaluation.`;
}

export function runEval(opts: { firmwareFile: string; outDir: string; log?: (s: string) => void }): EvalResults {
  const log = opts.log ?? (() => undefined);
  const firmware = fs.readFileSync(opts.firmwareFile, 'latin1');
  fs.mkdirSync(opts.outDir, { recursive: true });
  const plots: string[] = [];
  const myo = RULES.map((rule) => {
    log(`Myo wrist, channel rule ${rule}...`);
    return evaluateMyo({ firmware, rule });
  });
  const raw = RULES.map((rule) => {
    log(`GRABMyo raw, channel rule ${rule}...`);
    return evaluateRaw({ firmware, rule });
  });
  log('synthetic step...');
  const step = evaluateStep({ firmware });
  for (const set of [...myo, ...raw]) {
    for (const run of set.runs) {
      const file = `${run.name.replace(/^.*\//, '').replace(/^session1_participant1_/, '')}-${run.name.startsWith('grabmyo') ? 'raw' : 'myo'}-${set.rule}.svg`;
      const title = `${run.name} (${run.signal}, channel rule ${set.rule}: flexor ${run.channels.flexor}, extensor ${run.channels.extensor})`;
      fs.writeFileSync(path.join(opts.outDir, file), plotRun(run, title));
      run.plotFile = file;
      plots.push(file);
    }
  }
  const results: EvalResults = {
    firmware: {
      file: path.relative(PROJECT_ROOT, opts.firmwareFile),
      bytes: Buffer.byteLength(firmware),
      sha256: crypto.createHash('sha256').update(firmware).digest('hex'),
    },
    generatedAt: new Date().toISOString(),
    attribution: [attributionLine(RECORDINGS_ATTRIBUTION.myoWrist), attributionLine(RECORDINGS_ATTRIBUTION.grabmyo)],
    myo,
    raw,
    step,
    plots,
  };
  fs.writeFileSync(path.join(opts.outDir, 'report.json'), JSON.stringify(toJson(results), null, 1) + '\n');
  fs.writeFileSync(path.join(opts.outDir, 'report.md'), toMarkdown(results));
  return results;
}

if (require.main === module) {
  const missing = sharedEmgMissing();
  if (missing) {
    console.log(missing);
    process.exit(0);
  }
  const firmwareFile = path.resolve(arg('--firmware') ?? path.join(PROJECT_ROOT, 'dist', 'firmware.js'));
  const outDir = path.resolve(arg('--out') ?? path.join(PROJECT_ROOT, 'artifacts', 'eval'));
  const t0 = Date.now();
  const res = runEval({ firmwareFile, outDir, log: (s) => console.log(s) });
  for (const t of judgeTargets(res)) {
    console.log(`\nChannel rule ${t.rule}:`);
    for (const x of t.targets) console.log(`  ${x.pass ? 'PASS' : 'FAIL'}  ${x.target}\n        ${x.detail}`);
  }
  console.log(`\nReport: ${path.relative(process.cwd(), path.join(outDir, 'report.md'))} (and report.json, ${res.plots.length} plots), ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
