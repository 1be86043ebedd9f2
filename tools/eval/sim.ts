// Running the firmware bundle in the hand simulation for the evaluation: a recorder of the trace
// (one row per physics step), the "user" who follows the guided calibration by the LEDs, and the
// helpers that turn parts of recordings into replayable ones. Relies only on the firmware's pins,
// pulses, LEDs, console API (hand.calibrate(), hand.config(), hand.open()/close()) and
// hand.status().state/fingers/emg.

import { createHandSim, HandSim, HandSimOptions, Site } from '../../sim/engine';
import { EmgRecording } from '../../sim/recordings';
import { FlashImage } from '../../sim/runtime';
import { ChannelChoice, ChannelRule, TraceRow } from './analysis';
import { BlockResult, RecordingRun } from './types';

export const STEP_MS = 5;

export interface EvalSim {
  sim: HandSim;
  rows: TraceRow[];
  /** Advance to absolute time tS, recording a row per physics step. */
  runTo(tS: number, onStep?: () => boolean | void): void;
  output(): string;
}

interface StatusEmg {
  envelope: number;
  baseline: number;
  effort: number;
  on: boolean;
}

export function startSim(opts: HandSimOptions): EvalSim {
  const sim = createHandSim({ statusIntervalMs: 20, memoryCheckIntervalS: 0, ...opts });
  const rows: TraceRow[] = [];
  let out = '';
  function record(): void {
    const s = sim.snapshot();
    out += s.output;
    const st = s.status;
    const emg = (st && Array.isArray(st.emg) ? (st.emg as StatusEmg[]) : []) as StatusEmg[];
    const fingers = st && st.fingers ? Object.values(st.fingers) : [];
    rows.push({
      tS: s.tS,
      pulses: s.pulsesUs,
      flexion: s.flexion,
      adc: [s.emgAdc.flexor, s.emgAdc.extensor],
      state: st && typeof st.state === 'string' ? st.state : 'none',
      envelope: emg.map((e) => e.envelope),
      baseline: emg.map((e) => e.baseline),
      effort: emg.map((e) => e.effort),
      on: emg.map((e) => !!e.on),
      command: fingers.length ? fingers.reduce((a, b) => a + b, 0) / fingers.length : NaN,
    });
  }
  return {
    sim,
    rows,
    runTo(tS, onStep) {
      while (sim.tS < tS - 1e-9) {
        sim.step(STEP_MS);
        record();
        if (onStep && onStep() === false) return;
      }
    },
    output: () => out + sim.snapshot({ peek: true }).output,
  };
}

/** A copy of a flash image (the calibrated hand's), so each run starts from the same flash. */
export function cloneFlash(flash: FlashImage): FlashImage {
  return FlashImage.fromBuffer(flash.toBuffer());
}

/** Part of a recording [fromS, toS) as a recording of its own. */
export function cut(rec: EmgRecording, fromS: number, toS: number, name = `${rec.name}[${fromS}-${toS}s]`): EmgRecording {
  const a = Math.max(0, Math.round(fromS * rec.rateHz));
  const b = Math.min(rec.samples[0].length, Math.round(toS * rec.rateHz));
  return {
    ...rec,
    name,
    samples: rec.samples.map((x) => x.slice(a, b)),
    labels: rec.labels ? rec.labels.slice(a, b) : undefined,
  };
}

/** Recordings one after the other (same channels and rate). */
export function concat(parts: EmgRecording[], name: string): EmgRecording {
  const first = parts[0];
  const total = parts.reduce((n, p) => n + p.samples[0].length, 0);
  const samples = first.channels.map((channel) => {
    const out = new Float32Array(total);
    let at = 0;
    for (const p of parts) {
      const x = p.samples[p.channels.indexOf(channel)];
      out.set(x, at);
      at += x.length;
    }
    return out;
  });
  return { ...first, name, samples, labels: undefined };
}

/** What the simulated user plays on both sites at one moment: a recording, its channel per site. */
export interface Playback {
  recording: EmgRecording;
  channels: Record<Site, string>;
  gains: Record<Site, number>;
  fromS?: number;
  durationS?: number;
  loop?: boolean;
}

export function play(sim: HandSim, p: Playback): void {
  for (const site of ['flexor', 'extensor'] as Site[]) {
    sim.replay({ site, recording: p.recording, channel: p.channels[site], gain: p.gains[site], fromS: p.fromS, durationS: p.durationS, loop: p.loop });
  }
}

/** Red LED lit steadily and green dark: the calibration's "contract now". */
function contractCue(sim: HandSim): boolean {
  const l = sim.snapshot({ peek: true }).leds;
  return l.red.level >= 0.999 && l.green.level <= 0.001;
}

export interface CalibrationRun {
  accepted: boolean;
  /** The firmware's own words (the calibration lines it printed). */
  messages: string[];
  /** The configuration the hand runs afterwards (hand.config()). */
  config: any;
  flash: FlashImage;
  /** When each contraction cue (red LED) came, in sim time. */
  cuesS: number[];
}

/** One recording set evaluated with one channel rule: what the Myo and GRABMyo evaluations return. */
export interface RecordingsEval {
  rule: ChannelRule;
  choice: ChannelChoice;
  gains: { flexor: number; extensor: number };
  calibration: Omit<CalibrationRun, 'flash' | 'config'> & { restLevel: number[]; maxLevel: number[]; onLevel: number; offLevel: number };
  blocks: BlockResult[];
  runs: RecordingRun[];
}

/**
 * Guided calibration, done by a simulated user who watches the LEDs: at rest (`rests[i]`,
 * looped) until the red LED lights, then the recorded contraction for that site (`contractions[i]`:
 * the flexor's, then the extensor's) from its cue, with the reaction lag the recording holds;
 * back to rest when the LED says so. hand.calibrate() is typed at `startS`.
 */
export function runCalibration(
  es: EvalSim,
  /** What the user's arm does at rest before contraction i (rests[i]; the last one after). */
  rests: Playback[],
  contractions: Playback[],
  startS: number,
  timeoutS = 40,
): CalibrationRun {
  const sim = es.sim;
  const rest = (i: number) => ({ ...rests[Math.min(i, rests.length - 1)], loop: true });
  play(sim, rest(0));
  es.runTo(startS);
  const r = sim.console('hand.calibrate()');
  if (r.error) throw new Error(`hand.calibrate() failed: ${r.error}`);
  let contracting = false;
  const cuesS: number[] = [];
  const end = sim.tS + timeoutS;
  let finished = false;
  es.runTo(end, () => {
    const cue = contractCue(sim);
    if (cue && !contracting) {
      const c = contractions[cuesS.length];
      cuesS.push(sim.tS);
      if (c) play(sim, c);
      contracting = true;
    } else if (!cue && contracting) {
      play(sim, rest(cuesS.length));
      contracting = false;
    }
    const st = es.rows[es.rows.length - 1].state;
    if (cuesS.length > 0 && !contracting && st !== 'calibrating') {
      finished = true;
      return false;
    }
  });
  es.runTo(sim.tS + 0.2);
  const messages = es
    .output()
    .split('\n')
    .filter((l) => /calibration/.test(l))
    .map((l) => l.trim());
  const accepted = finished && messages.some((m) => /calibration done/.test(m));
  const cfg = sim.console('hand.config()').result;
  return { accepted, messages, config: cfg, flash: cloneFlash(sim.vp.storage), cuesS };
}

/** What a finished calibration left in the firmware's configuration, and each finger's pulse ends. */
export function calibrationSummary(cal: CalibrationRun) {
  const config = cal.config;
  return {
    config,
    calibration: {
      accepted: cal.accepted,
      messages: cal.messages,
      cuesS: cal.cuesS,
      restLevel: config.emg.map((e: any) => e.restLevel) as number[],
      maxLevel: config.emg.map((e: any) => e.maxLevel) as number[],
      onLevel: config.control.onLevel as number,
      offLevel: config.control.offLevel as number,
    },
    openUs: config.fingers.map((f: any) => (f.inverted ? f.maxPulseUs : f.minPulseUs)) as number[],
    closedUs: config.fingers.map((f: any) => (f.inverted ? f.minPulseUs : f.maxPulseUs)) as number[],
  };
}
