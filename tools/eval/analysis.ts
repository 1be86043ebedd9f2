// Offline analysis of the recordings and of the simulated hand's trace, for `npm run eval`:
// label blocks, the channel-choice rule, the effort-onset detector and the latency measures.
// Pure functions on arrays: no simulator, no files (tested in tests/eval/).

import { highPass } from '../../sim/recordings';

// ------------------------------------------------------------------ label blocks

export interface LabelBlock {
  label: number;
  /** Sample indices [start, end). */
  start: number;
  end: number;
}

/** Runs of equal labels, in order. */
export function labelBlocks(labels: ArrayLike<number>): LabelBlock[] {
  const blocks: LabelBlock[] = [];
  let start = 0;
  for (let i = 1; i <= labels.length; i++) {
    if (i === labels.length || labels[i] !== labels[start]) {
      if (i > start) blocks.push({ label: labels[start], start, end: i });
      start = i;
    }
  }
  return blocks;
}

// ------------------------------------------------------------------ RMS and the channel choice

/** Root mean square of samples [from, to) (indices clamped to the array). */
export function rms(x: ArrayLike<number>, from = 0, to = x.length): number {
  const a = Math.max(0, Math.floor(from));
  const b = Math.min(x.length, Math.floor(to));
  if (b <= a) return NaN;
  let s = 0;
  for (let k = a; k < b; k++) s += x[k] * x[k];
  return Math.sqrt(s / (b - a));
}

/** A window of a recording, in seconds. */
export interface Window {
  fromS: number;
  toS: number;
}

/**
 * How much a channel rises when the muscle works, the way a user judges it on a scope: the RMS
 * of the AC-coupled signal (10 Hz high-pass, as the sensors do) over the gesture window, divided
 * by its RMS over the rest window. A ratio, so it does not depend on any gain.
 */
export function contrastRatio(samples: Float32Array, rateHz: number, gesture: Window, rest: Window): number {
  const x = highPass(samples, rateHz, 10);
  const g = rms(x, gesture.fromS * rateHz, gesture.toS * rateHz);
  const r = rms(x, rest.fromS * rateHz, rest.toS * rateHz);
  return r > 0 ? g / r : g > 0 ? Infinity : 0;
}

export interface ChannelChoice {
  flexor: string;
  extensor: string;
  /** Per candidate channel, its contrast on the closing gesture and on the opening one. */
  contrasts: { channel: string; close: number; open: number }[];
}

export type ChannelRule = 'contrast' | 'separation';

/**
 * The channel-choice rules. `contrast`: the flexor (close) site gets the channel with the largest
 * contrast on the closing gesture; the extensor (open) site the channel with the largest
 * contrast on the opening gesture among the others. `separation` (what a prosthetist checks:
 * each site must work on its own): the flexor site gets the channel with the largest ratio of
 * its closing contrast to its opening contrast, the extensor site the largest opening/closing
 * ratio among the others. One electrode cannot be both sites; ties go to the first channel.
 */
export function chooseChannels(candidates: string[], closeContrast: number[], openContrast: number[], rule: ChannelRule = 'contrast'): ChannelChoice {
  if (candidates.length < 2) throw new Error('chooseChannels: need at least two candidate channels');
  if (closeContrast.length !== candidates.length || openContrast.length !== candidates.length) {
    throw new Error('chooseChannels: one contrast per candidate channel, for each gesture');
  }
  const argmax = (values: number[], skip: number) => {
    let best = -1;
    for (let i = 0; i < values.length; i++) if (i !== skip && (best < 0 || values[i] > values[best])) best = i;
    return best;
  };
  const closeScore = rule === 'contrast' ? closeContrast : closeContrast.map((c, i) => c / openContrast[i]);
  const openScore = rule === 'contrast' ? openContrast : openContrast.map((o, i) => o / closeContrast[i]);
  const f = argmax(closeScore, -1);
  const e = argmax(openScore, f);
  return {
    flexor: candidates[f],
    extensor: candidates[e],
    contrasts: candidates.map((channel, i) => ({ channel, close: closeContrast[i], open: openContrast[i] })),
  };
}

// ------------------------------------------------------------------ effort onset

/** Centred moving RMS: out[k] is the RMS of the windowMs of samples centred on sample k. */
export function movingRms(x: ArrayLike<number>, rateHz: number, windowMs: number): Float32Array {
  const n = x.length;
  const half = Math.max(0, Math.floor((windowMs / 1000) * rateHz / 2));
  const out = new Float32Array(n);
  // Prefix sums of squares (in float64) make every window O(1).
  const prefix = new Float64Array(n + 1);
  for (let k = 0; k < n; k++) prefix[k + 1] = prefix[k] + x[k] * x[k];
  for (let k = 0; k < n; k++) {
    const a = Math.max(0, k - half);
    const b = Math.min(n, k + half + 1);
    out[k] = Math.sqrt((prefix[b] - prefix[a]) / (b - a));
  }
  return out;
}

export interface OnsetOptions {
  /** RMS window (default 50 ms). */
  windowMs?: number;
  /** Threshold = rest mean + k * rest sd of the moving RMS (default 3). */
  k?: number;
  /** The RMS must stay over the threshold this long to count (default 50 ms): one spike is not an onset. */
  holdMs?: number;
  /** High-pass applied first (default 10 Hz, the sensors' AC coupling; 0 = none). */
  highPassHz?: number;
  /**
   * The threshold is at least this fraction of the way from the rest level to the largest RMS
   * in the search window (default 0.1). With a quiet, coarsely quantised rest (the Myo's 8-bit
   * values give a rest RMS of 1-3 units) mean + k*sd alone is a fraction of one unit and a
   * twitch long before the gesture crosses it.
   */
  relative?: number;
  /**
   * The onset is then timed with a short centred window of this length (default 10 ms): a
   * centred window rises half its length before the burst does, so the 50 ms window alone puts a
   * sharp onset ~25 ms early (on GRABMyo trials spliced after rest: before the trial starts).
   */
  refineMs?: number;
}

export interface Onset {
  /** Time of the onset (s, in the signal's time), or null if the signal never rises. */
  tS: number | null;
  threshold: number;
  restMean: number;
  restSd: number;
}

/**
 * Effort onset: the first time at or after `searchFromS` the centred moving RMS of the
 * (high-passed) signal exceeds the rest level by k standard deviations (and by `relative` of the
 * rise to the window's peak) and stays there for holdMs. The rest level is the mean and sd of
 * the moving RMS over the `rest` window. That crossing is then timed with a short window
 * (refineMs): the first sample, from the crossing to half a long window after it, where the
 * short centred RMS is over the same threshold (none: the crossing itself). So the long window
 * decides whether there is an onset and the short one when, within a few ms of the first
 * samples that rise; it is never earlier than the long window's crossing.
 */
export function detectOnset(samples: Float32Array, rateHz: number, rest: Window, searchFromS: number, opts: OnsetOptions = {}, searchToS = Infinity): Onset {
  const windowMs = opts.windowMs ?? 50;
  const k = opts.k ?? 3;
  const holdN = Math.max(1, Math.round(((opts.holdMs ?? 50) / 1000) * rateHz));
  const hp = (opts.highPassHz ?? 10) > 0 ? highPass(samples, rateHz, opts.highPassHz ?? 10) : samples;
  const r = movingRms(hp, rateHz, windowMs);
  const a = Math.max(0, Math.round(rest.fromS * rateHz));
  const b = Math.min(r.length, Math.round(rest.toS * rateHz));
  let sum = 0;
  let sq = 0;
  for (let i = a; i < b; i++) {
    sum += r[i];
    sq += r[i] * r[i];
  }
  const n = b - a;
  const restMean = n > 0 ? sum / n : 0;
  const restSd = n > 1 ? Math.sqrt(Math.max(0, sq / n - restMean * restMean)) : 0;
  const from = Math.max(0, Math.ceil(searchFromS * rateHz - 1e-9));
  const to = Math.min(r.length, Math.floor(searchToS * rateHz));
  let peak = -Infinity;
  for (let i = from; i < to; i++) if (r[i] > peak) peak = r[i];
  const threshold = Math.max(restMean + k * restSd, restMean + (opts.relative ?? 0.1) * (peak - restMean));
  let run = 0;
  for (let i = from; i < to; i++) {
    if (r[i] > threshold) {
      if (++run >= holdN) return { tS: refineOnset(hp, rateHz, i - run + 1, windowMs, opts.refineMs ?? 10, threshold) / rateHz, threshold, restMean, restSd };
    } else run = 0;
  }
  return { tS: null, threshold, restMean, restSd };
}

/** The sample index of an onset found at `crossing` by the windowMs RMS, timed with a refineMs window (see detectOnset). */
function refineOnset(hp: Float32Array, rateHz: number, crossing: number, windowMs: number, refineMs: number, threshold: number): number {
  if (!(refineMs > 0) || refineMs >= windowMs) return crossing;
  const short = movingRms(hp, rateHz, refineMs);
  const last = Math.min(hp.length - 1, crossing + Math.floor(((windowMs / 1000) * rateHz) / 2));
  for (let i = crossing; i <= last; i++) if (short[i] > threshold) return i;
  return crossing;
}

// ------------------------------------------------------------------ the hand's trace

/** One row of the simulated hand's trace (one per physics step or so). */
export interface TraceRow {
  tS: number;
  /** Servo pulses now (null: none), per finger. */
  pulses: (number | null)[];
  /** Physical finger flexion 0 open..1 closed. */
  flexion: number[];
  /** What each EMG pin reads. */
  adc: [number, number];
  /** From the last hand.status(): state, per-site envelope, baseline, effort, on. */
  state: string;
  envelope: number[];
  baseline: number[];
  effort: number[];
  on: boolean[];
  /** Mean commanded finger position (hand.status().fingers). */
  command: number;
}

export type Direction = 'close' | 'open';

export interface Motion {
  tS: number;
  direction: Direction;
}

/**
 * Motion commands in [fromS, toS): every row where a finger gets a pulse different from its last
 * one (a finger with no pulse yet counts from its open end). A pulse stopping is a release, not
 * a motion. The direction is towards `closedUs` (close) or away from it (open), per finger.
 */
export function motionCommands(rows: TraceRow[], fromS: number, toS: number, openUs: number[], closedUs: number[]): Motion[] {
  const out: Motion[] = [];
  let i = rows.findIndex((r) => r.tS >= fromS - 1e-9);
  if (i < 0) return out;
  // The last pulse each finger had before fromS.
  const last: number[] = openUs.slice();
  for (let j = 0; j <= i; j++) rows[j].pulses.forEach((p, f) => p !== null && (last[f] = p));
  for (i = i + 1; i < rows.length && rows[i].tS < toS - 1e-9; i++) {
    const p = rows[i].pulses;
    let motion: Motion | null = null;
    for (let f = 0; f < p.length; f++) {
      const now = p[f];
      if (now === null) continue;
      if (now !== last[f] && !motion) {
        const towardsClosed = Math.abs(now - closedUs[f]) < Math.abs(last[f] - closedUs[f]);
        motion = { tS: rows[i].tS, direction: towardsClosed ? 'close' : 'open' };
      }
      last[f] = now;
    }
    if (motion) out.push(motion);
  }
  return out;
}

/** The first motion command in [fromS, toS), or null: the "first servo pulse change". */
export function firstPulseChange(rows: TraceRow[], fromS: number, toS: number, openUs: number[], closedUs: number[]): Motion | null {
  return motionCommands(rows, fromS, toS, openUs, closedUs)[0] ?? null;
}

/** Motion commands grouped into episodes: a gap of more than gapS starts a new one. */
export function motionEpisodes(motions: Motion[], gapS = 0.2): Motion[] {
  const out: Motion[] = [];
  let lastT = -Infinity;
  for (const m of motions) {
    if (m.tS - lastT > gapS) out.push(m);
    lastT = m.tS;
  }
  return out;
}

/** Times in [fromS, toS) at which a site switched on (false -> true between consecutive rows). */
export function activations(rows: TraceRow[], fromS: number, toS: number): { tS: number; site: number }[] {
  const out: { tS: number; site: number }[] = [];
  for (let i = 1; i < rows.length; i++) {
    const r = rows[i];
    if (r.tS < fromS || r.tS >= toS) continue;
    for (let s = 0; s < r.on.length; s++) if (r.on[s] && !rows[i - 1].on[s]) out.push({ tS: r.tS, site: s });
  }
  return out;
}

/** The first time at or after fromS every finger's flexion is at least `level` (null: never). */
export function firstAllAbove(rows: TraceRow[], fromS: number, level: number): number | null {
  for (const r of rows) if (r.tS >= fromS && r.flexion.every((f) => f >= level)) return r.tS;
  return null;
}

/** The row at or just before tS. */
export function rowAt(rows: TraceRow[], tS: number): TraceRow {
  let lo = 0;
  let hi = rows.length - 1;
  if (hi < 0) throw new Error('rowAt: empty trace');
  if (rows[0].tS > tS) return rows[0];
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (rows[mid].tS <= tS + 1e-9) lo = mid;
    else hi = mid - 1;
  }
  return rows[lo];
}

/** closed: every finger at least 0.9; open: every finger at most 0.1; else partial. */
export function handState(flexion: number[]): 'closed' | 'open' | 'partial' {
  if (flexion.every((f) => f >= 0.9)) return 'closed';
  if (flexion.every((f) => f <= 0.1)) return 'open';
  return 'partial';
}

export function median(values: number[]): number | null {
  if (!values.length) return null;
  const s = values.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Rounded to 3 decimals, for reports. */
export function r3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
