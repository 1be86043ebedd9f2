// Runs a scenario against the firmware bundle as fast as the machine allows: one hand
// simulation (sim/engine), the timeline's events applied at their times, one trace row per
// trace interval (JSON lines), the expectations checked, and a short summary.
//
// Order at one instant T: advance to T; instant checks at T (they see the state before the
// events of T); the events at T in file order; then the trace row of T if T is on the trace grid.
// A window check (from..to) looks at the trace rows with from < t <= to: each row covers the
// trace interval before it (pulse extremes, LED duty, motion over the whole interval; the
// firmware status as last sampled, every statusIntervalMs).

import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { createHandSim, FINGERS, HandSim, HandSnapshot } from '../engine';
import { EmgRecording, SHARED_EMG_DIR, loadRecording } from '../recordings';
import { CheckResult, Comparators, RunSummary, Scenario, ScenarioCheck, ScenarioEvent, ScenarioMeta, TraceRow } from './types';

export interface RunOptions {
  /** The firmware bundle's source (dist/firmware.js). */
  firmware: string;
  /** Overrides meta.seed. */
  seed?: number;
  /** Where `./` replay files are relative to (the scenario file's folder). */
  scenarioDir?: string;
  /** Where shared recordings are looked up (default ../shared/emg). */
  sharedEmgDir?: string;
  /** Receives each trace row as one JSON line (without the newline). */
  onRow?: (line: string) => void;
}

const DEFAULT_TRACE_MS = 20;

type Timed = { tMs: number; order: number; event: ScenarioEvent; index: number };

function r6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

function getPath(obj: unknown, dotted: string): unknown {
  let v: unknown = obj;
  for (const part of dotted.split('.')) {
    if (v === null || v === undefined || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function compare(value: unknown, c: Comparators): string | undefined {
  const shown = JSON.stringify(value);
  if (c.exists !== undefined && (value !== undefined) !== c.exists) return c.exists ? 'is absent' : `exists (${shown})`;
  if ('equals' in c && c.equals !== undefined && !same(value, c.equals)) return `is ${shown}, expected ${JSON.stringify(c.equals)}`;
  if ('not' in c && c.not !== undefined) {
    const nots = Array.isArray(c.not) ? c.not : [c.not];
    if (nots.some((n) => same(value, n))) return `is ${shown}, expected not ${JSON.stringify(c.not)}`;
  }
  if (c.in !== undefined && !c.in.some((x) => same(value, x))) return `is ${shown}, expected one of ${JSON.stringify(c.in)}`;
  if (c.above !== undefined && !(typeof value === 'number' && value > c.above)) return `is ${shown}, expected above ${c.above}`;
  if (c.below !== undefined && !(typeof value === 'number' && value < c.below)) return `is ${shown}, expected below ${c.below}`;
  return undefined;
}

function fingerIndices(sel: string | undefined): { idx: number[]; any: boolean } {
  if (!sel || sel === 'all') return { idx: [0, 1, 2, 3, 4], any: false };
  if (sel === 'any') return { idx: [0, 1, 2, 3, 4], any: true };
  return { idx: [(FINGERS as readonly string[]).indexOf(sel)], any: false };
}

function describeCheck(c: ScenarioCheck): string {
  const { check, at, from, to, when, label, ...rest } = c;
  const time = at !== undefined ? `at ${at} s` : from !== undefined ? `${when === 'ever' ? 'ever' : 'always'} in ${from}..${to ?? 'end'} s` : 'at the end';
  const args = Object.entries(rest)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(' ');
  return `${label ? label + ': ' : ''}${check}${args ? ' ' + args : ''} ${time}`;
}

/** Evaluate one check on one snapshot (a row, or a peek at an instant). Undefined = holds. */
function evalOnSnapshot(c: ScenarioCheck, s: HandSnapshot, instant: boolean): string | undefined {
  const st = s.status;
  switch (c.check) {
    case 'state': {
      const state = st ? st.state : undefined;
      return compare(state, { equals: c.equals, in: c.in, not: c.not }) ? `state ${compare(state, { equals: c.equals, in: c.in, not: c.not })}` : undefined;
    }
    case 'flexion': {
      const { idx, any } = fingerIndices(c.finger);
      const bad = idx.filter((i) => (c.above !== undefined && !(s.flexion[i] > c.above)) || (c.below !== undefined && !(s.flexion[i] < c.below)));
      const fails = any ? bad.length === idx.length : bad.length > 0;
      return fails ? `flexion ${bad.map((i) => `${FINGERS[i]}=${s.flexion[i]}`).join(', ')}` : undefined;
    }
    case 'stalled': {
      const want = c.equals ?? true;
      const { idx, any } = fingerIndices(c.finger);
      const bad = idx.filter((i) => s.stalled[i] !== want);
      const fails = any ? bad.length === idx.length : bad.length > 0;
      return fails ? `${want ? 'not stalled' : 'stalled'}: ${bad.map((i) => FINGERS[i]).join(', ')}` : undefined;
    }
    case 'fault': {
      const faults = (st && Array.isArray(st.faults) ? st.faults : []) as string[];
      const match = c.name ? faults.some((f) => String(f).includes(c.name!)) : faults.length > 0;
      const want = c.present ?? true;
      return match !== want ? `faults are ${JSON.stringify(faults)}` : undefined;
    }
    case 'pulses': {
      const out: string[] = [];
      const lows = instant ? s.pulsesUs : s.pulseMinUs;
      const highs = instant ? s.pulsesUs : s.pulseMaxUs;
      for (let i = 0; i < lows.length; i++) {
        const lo = lows[i];
        const hi = highs[i];
        if (c.minUs !== undefined && lo !== null && lo < c.minUs) out.push(`${FINGERS[i]} pulse ${lo} µs < ${c.minUs}`);
        if (c.maxUs !== undefined && hi !== null && hi > c.maxUs) out.push(`${FINGERS[i]} pulse ${hi} µs > ${c.maxUs}`);
      }
      if (c.present !== undefined) {
        const any = highs.some((p) => p !== null);
        if (any !== c.present) out.push(c.present ? 'no pulses' : `pulses ${JSON.stringify(highs)}`);
      }
      return out.length ? out.join('; ') : undefined;
    }
    case 'led': {
      const led = s.leds[c.led];
      if (c.lit !== undefined) {
        const lit = instant ? led.level > 0 : led.level > 0 || led.duty > 0;
        if (lit !== c.lit) return `${c.led} LED ${lit ? 'lit' : 'dark'}`;
      }
      return undefined;
    }
    case 'status': {
      const why = compare(getPath(st, c.path), c);
      return why ? `status.${c.path} ${why}` : undefined;
    }
    case 'sim': {
      const why = compare(getPath(s, c.path), c);
      return why ? `${c.path} ${why}` : undefined;
    }
    default:
      return undefined;
  }
}

interface WindowCheck {
  index: number;
  c: ScenarioCheck;
  fromMs: number;
  toMs: number;
  rows: number;
  good: number;
  firstBad?: string;
  edges: number;
  refAngles?: number[];
  maxDevDeg: number;
  maxDevAt?: string;
}

function resolveReplayFile(file: string, scenarioDir: string | undefined, sharedDir: string): string {
  if (path.isAbsolute(file)) return file;
  if (file.startsWith('./') || file.startsWith('../')) return path.resolve(scenarioDir ?? process.cwd(), file);
  return path.join(sharedDir, file);
}

function baseSummary(s: Scenario, seed: number): RunSummary {
  return {
    name: s.meta.name,
    seed,
    durationS: s.meta.durationS,
    simulatedS: 0,
    wallMs: 0,
    speedX: 0,
    traceRows: 0,
    finalState: null,
    pulseRangeUs: null,
    faultsSeen: [],
    simFaultsSeen: [],
    statesSeen: [],
    maxFlexion: 0,
    stalledSeen: false,
    minBatteryV: Infinity,
    expectations: { passed: 0, failed: 0, results: [] },
    errors: [],
    resets: 0,
    ok: true,
  };
}


/** The engine options a scenario's meta block asks for (the runner and the browser share it). */
export function simOptionsFor(meta: ScenarioMeta) {
  return {
    emgSignal: meta.emgSignal,
    servoModel: meta.servoModel,
    flexSource: meta.flexSource,
    battery: meta.battery
      ? {
          cells: meta.battery.cells,
          capacityMah: meta.battery.capacityMah,
          initialChargeFraction: meta.battery.chargeFraction,
          internalResistanceOhmPerCell: meta.battery.internalResistanceOhmPerCell,
          dividerRatio: meta.battery.dividerRatio,
        }
      : undefined,
    fingerPulseUs: meta.fingerPulseUs,
    physicsDtMs: meta.physicsDtMs,
    statusIntervalMs: meta.statusIntervalMs,
  };
}

export function runScenario(scenario: Scenario, opts: RunOptions): RunSummary {
  const meta = scenario.meta;
  const seed = opts.seed ?? meta.seed;
  const summary = baseSummary(scenario, seed);
  const sharedDir = opts.sharedEmgDir ?? SHARED_EMG_DIR;
  const timeline = scenario.timeline ?? [];
  const checks = scenario.expect ?? [];

  // ---- recordings first: skip (not fail) when the shared ones are absent
  const recordings = new Map<number, EmgRecording>();
  if (meta.requires?.includes('sharedEmg') && !fs.existsSync(sharedDir)) {
    summary.skipped = `the shared EMG recordings are absent (${sharedDir}); see ../shared/emg/README.md`;
    return summary;
  }
  for (let i = 0; i < timeline.length; i++) {
    const ev = timeline[i];
    if (ev.do !== 'replay') continue;
    const file = resolveReplayFile(ev.file, opts.scenarioDir, sharedDir);
    if (!fs.existsSync(file)) {
      if (file.startsWith(sharedDir)) {
        summary.skipped = `recording ${file} is absent (timeline[${i}]); the shared EMG recordings live in ${sharedDir}, see its README.md`;
        return summary;
      }
      throw new Error(`timeline[${i}].file: no such recording ${file}`);
    }
    recordings.set(i, loadRecording(file)[0]);
  }

  // ---- the schedule
  const timed: Timed[] = [];
  timeline.forEach((event, index) => {
    timed.push({ tMs: r6(event.at * 1000), order: timed.length, event, index });
    if (event.do === 'button' && event.action === 'click') {
      const releaseAt = Math.min(meta.durationS, event.at + (event.holdS ?? 0.1));
      timed.push({ tMs: r6(releaseAt * 1000), order: timed.length, event: { do: 'button', action: 'release', at: releaseAt }, index });
    }
  });
  timed.sort((a, b) => a.tMs - b.tMs || a.order - b.order);
  const endMs = r6(meta.durationS * 1000);
  const traceMs = meta.traceIntervalMs ?? DEFAULT_TRACE_MS;
  const instants = checks.map((c, index) => ({ c, index })).filter((x) => x.c.at !== undefined);
  const windows: WindowCheck[] = checks
    .map((c, index) => ({ c, index }))
    .filter((x) => x.c.from !== undefined)
    .map(({ c, index }) => ({ index, c, fromMs: r6(c.from! * 1000), toMs: r6((c.to ?? meta.durationS) * 1000), rows: 0, good: 0, edges: 0, maxDevDeg: 0 }));
  const atEnd = checks.map((c, index) => ({ c, index })).filter((x) => x.c.at === undefined && x.c.from === undefined);

  const times = new Set<number>();
  for (let k = 0; ; k++) {
    const t = r6(k * traceMs);
    if (t > endMs) break;
    times.add(t);
  }
  times.add(endMs);
  for (const t of timed) times.add(t.tMs);
  for (const { c } of instants) times.add(r6(c.at! * 1000));
  const schedule = [...times].sort((a, b) => a - b);

  const results: CheckResult[] = [];
  const record = (index: number, ok: boolean, message: string) => results.push({ index, description: describeCheck(checks[index]), ok, message });

  // ---- run
  const wall0 = performance.now();
  let sim: HandSim | undefined;
  const faultsSeen = new Set<string>();
  const simFaultsSeen = new Set<string>();
  const statesSeen = new Set<string>();
  let pulseLo = Infinity;
  let pulseHi = -Infinity;
  let pendingEvents: unknown[] = [];
  let ev = 0;
  let lastRow: HandSnapshot | undefined;
  try {
    sim = createHandSim({ firmware: opts.firmware, seed, ...simOptionsFor(meta) });
    const s = sim;
    for (const tMs of schedule) {
      if (tMs > s.tS * 1000) s.step(tMs - s.tS * 1000);
      const instantHere = instants.filter((x) => r6(x.c.at! * 1000) === tMs);
      if (instantHere.length) {
        s.sampleStatus();
        const peek = s.snapshot({ peek: true });
        for (const { c, index } of instantHere) {
          if (c.check === 'noCrash') {
            const why = crashReason(s);
            record(index, !why, why ?? 'ok');
          } else if (c.check === 'noMotion' || (c.check === 'led' && c.blinking !== undefined)) {
            record(index, false, 'needs a window');
          } else {
            const why = evalOnSnapshot(c, peek, true);
            record(index, !why, why ?? 'ok');
          }
        }
      }
      while (ev < timed.length && timed[ev].tMs === tMs) {
        const t = timed[ev++];
        try {
          pendingEvents.push(applyEvent(s, t.event, recordings.get(t.index)));
        } catch (e) {
          throw new Error(`timeline[${t.index}] (${t.event.do} at ${t.event.at} s): ${e instanceof Error ? e.message : e}`);
        }
      }
      if (tMs % traceMs === 0 || tMs === endMs || Math.abs(tMs / traceMs - Math.round(tMs / traceMs)) < 1e-9) {
        const snap = s.snapshot();
        lastRow = snap;
        const row = toRow(snap, pendingEvents);
        pendingEvents = [];
        opts.onRow?.(JSON.stringify(row));
        summary.traceRows++;
        // statistics
        for (let i = 0; i < snap.pulseMinUs.length; i++) {
          const lo = snap.pulseMinUs[i];
          const hi = snap.pulseMaxUs[i];
          if (lo !== null && lo < pulseLo) pulseLo = lo;
          if (hi !== null && hi > pulseHi) pulseHi = hi;
        }
        const st = snap.status;
        if (st) {
          if (typeof st.state === 'string') statesSeen.add(st.state);
          if (Array.isArray(st.faults)) for (const f of st.faults) faultsSeen.add(String(f));
        }
        for (const f of snap.simFaults) simFaultsSeen.add(f);
        summary.maxFlexion = Math.max(summary.maxFlexion, ...snap.flexion);
        if (snap.stalled.some(Boolean)) summary.stalledSeen = true;
        summary.minBatteryV = Math.min(summary.minBatteryV, snap.batteryV);
        // window checks
        for (const w of windows) {
          if (tMs <= w.fromMs) {
            if (w.c.check === 'noMotion') w.refAngles = snap.angleDeg.slice();
            continue;
          }
          if (tMs > w.toMs) continue;
          w.rows++;
          let why: string | undefined;
          if (w.c.check === 'noMotion') {
            if (!w.refAngles) w.refAngles = snap.angleDeg.slice();
            const tol = w.c.toleranceDeg ?? 0.01;
            for (let i = 0; i < snap.angleDeg.length; i++) {
              const dev = Math.abs(snap.angleDeg[i] - w.refAngles[i]);
              if (dev > w.maxDevDeg) {
                w.maxDevDeg = dev;
                w.maxDevAt = `${FINGERS[i]} moved ${dev.toFixed(2)}° by ${snap.tS} s`;
              }
              if (dev > tol && !why) why = `${FINGERS[i]} moved ${dev.toFixed(2)}° (tolerance ${tol}°)`;
            }
          } else if (w.c.check === 'led' && w.c.blinking !== undefined) {
            w.edges += snap.leds[w.c.led].edges;
          } else if (w.c.check === 'noCrash') {
            why = crashReason(s);
          } else {
            why = evalOnSnapshot(w.c, snap, false);
          }
          if (why) {
            if (!w.firstBad) w.firstBad = `at ${snap.tS} s: ${why}`;
          } else w.good++;
        }
      }
    }
    summary.simulatedS = s.tS;
  } catch (e) {
    summary.aborted = e instanceof Error ? `${e.name === 'Error' ? '' : e.name + ': '}${e.message}` : String(e);
    if (sim) summary.simulatedS = sim.tS;
  }
  const wallMs = performance.now() - wall0;

  // ---- verdicts
  for (const w of windows) {
    const c = w.c;
    if (c.check === 'led' && c.blinking !== undefined) {
      const blinking = w.edges >= 2;
      record(w.index, blinking === c.blinking, `${w.edges} rising edge(s) of the ${c.led} LED in the window`);
      continue;
    }
    if (w.rows === 0) {
      record(w.index, false, summary.aborted ? 'not evaluated: the run stopped early' : 'no trace rows in the window');
      continue;
    }
    if ((c.when ?? 'always') === 'ever') record(w.index, w.good > 0, w.good > 0 ? `held on ${w.good} of ${w.rows} rows` : `never held (first: ${w.firstBad})`);
    else record(w.index, w.good === w.rows, w.good === w.rows ? (c.check === 'noMotion' ? `max movement ${w.maxDevDeg.toFixed(3)}°` : `held on all ${w.rows} rows`) : `failed ${w.firstBad}`);
  }
  for (const { c, index } of atEnd) {
    if (c.check === 'noCrash' && sim) {
      const why = summary.aborted ?? crashReason(sim);
      record(index, !why, why ?? 'ok');
    } else record(index, false, 'not evaluated');
  }
  for (const { index } of instants) if (!results.some((r) => r.index === index)) record(index, false, 'not evaluated: the run stopped early');
  results.sort((a, b) => a.index - b.index);

  summary.wallMs = Math.round(wallMs * 10) / 10;
  summary.speedX = wallMs > 0 ? Math.round((summary.simulatedS * 1000) / wallMs) : 0;
  summary.finalState = lastRow?.status?.state ?? null;
  summary.pulseRangeUs = pulseLo <= pulseHi ? [pulseLo, pulseHi] : null;
  summary.faultsSeen = [...faultsSeen].sort();
  summary.simFaultsSeen = [...simFaultsSeen].sort();
  summary.statesSeen = [...statesSeen];
  if (!Number.isFinite(summary.minBatteryV)) summary.minBatteryV = 0;
  summary.expectations = { passed: results.filter((r) => r.ok).length, failed: results.filter((r) => !r.ok).length, results };
  if (sim) {
    summary.errors = sim.vp.errors();
    summary.resets = sim.vp.resets;
  }
  summary.ok = !summary.aborted && summary.expectations.failed === 0;
  return summary;
}

function crashReason(sim: HandSim): string | undefined {
  const bad = sim.vp.errors().filter((e) => /^Uncaught|Out of Memory/.test(e));
  if (bad.length) return `${bad.length} uncaught error(s): ${bad[0].split('\n')[0]}`;
  if (sim.vp.resets) return `${sim.vp.resets} reset(s) of the Virtual Pico`;
  return undefined;
}

function applyEvent(sim: HandSim, ev: ScenarioEvent, recording?: EmgRecording): unknown {
  switch (ev.do) {
    case 'effort':
      sim.setEffort(ev.site, ev.level, ev.rampS ?? 0);
      return { do: 'effort', site: ev.site, level: ev.level, ...(ev.rampS ? { rampS: ev.rampS } : {}) };
    case 'glove':
      sim.setGlove(ev.bends, ev.rampS ?? 0);
      return { do: 'glove', bends: ev.bends, ...(ev.rampS ? { rampS: ev.rampS } : {}) };
    case 'object':
      sim.placeObject(ev.shape === 'cup' ? { shape: 'cup', closure: ev.closure! } : ev.shape === 'custom' ? { shape: 'custom', fingers: ev.fingers!.map((f) => (f === null ? null : f)) as number[] } : null);
      return { do: 'object', shape: ev.shape, ...(ev.closure !== undefined ? { closure: ev.closure } : {}), ...(ev.fingers ? { fingers: ev.fingers } : {}) };
    case 'button':
      if (ev.action === 'release') sim.releaseButton();
      else sim.pressButton();
      return { do: 'button', action: ev.action === 'click' ? 'press' : ev.action };
    case 'injectFault':
      sim.injectFault(ev.fault);
      return { do: 'injectFault', ...ev.fault };
    case 'clearFault':
      sim.clearFault({ kind: ev.kind, site: ev.site, finger: ev.finger });
      return { do: 'clearFault', ...(ev.kind ? { kind: ev.kind } : {}), ...(ev.site ? { site: ev.site } : {}), ...(ev.finger ? { finger: ev.finger } : {}) };
    case 'battery':
      sim.setBattery({ chargeFraction: ev.chargeFraction, voltage: ev.voltage });
      return { do: 'battery', ...(ev.chargeFraction !== undefined ? { chargeFraction: ev.chargeFraction } : { voltage: ev.voltage }) };
    case 'console': {
      const r = sim.console(ev.line);
      return { do: 'console', line: ev.line, ...(r.error ? { error: r.error } : {}) };
    }
    case 'replay': {
      const r = sim.replay({ site: ev.site, recording: recording!, channel: ev.channel, fromS: ev.fromS, durationS: ev.durationS, gain: ev.gain, loop: ev.loop });
      return { do: 'replay', site: ev.site, recording: recording!.name, channel: ev.channel, durationS: Math.round(r.durationS * 1000) / 1000, gain: Math.round(r.gain * 1e6) / 1e6 };
    }
    case 'stopReplay':
      sim.stopReplay(ev.site);
      return { do: 'stopReplay', site: ev.site };
    case 'powerCycle':
      sim.powerCycle();
      return { do: 'powerCycle' };
  }
}

/** A compact trace row (one JSON line). */
function toRow(s: HandSnapshot, events: unknown[]): TraceRow {
  const st = s.status;
  const fingers = st && st.fingers && typeof st.fingers === 'object' ? FINGERS.map((f) => (st.fingers as Record<string, number>)[f] ?? null) : null;
  const row: TraceRow = {
    t: s.tS,
    effort: [s.effort.flexor, s.effort.extensor],
    emg: [s.emgAdc.flexor, s.emgAdc.extensor],
    pulse: s.pulsesUs,
    pulseMin: s.pulseMinUs,
    pulseMax: s.pulseMaxUs,
    angle: s.angleDeg,
    flexion: s.flexion,
    flexAdc: s.flexAdc,
    stalled: s.stalled.map((b) => (b ? 1 : 0)),
    currentA: s.totalCurrentA,
    batteryV: s.batteryV,
    led: { red: [s.leds.red.level, s.leds.red.duty, s.leds.red.edges], green: [s.leds.green.level, s.leds.green.duty, s.leds.green.edges] },
    button: s.button ? 1 : 0,
    state: st ? (st.state ?? null) : null,
    faults: st && Array.isArray(st.faults) ? st.faults : [],
    cmd: fingers,
  };
  if (s.flexSource === 'glove') row.glove = s.glove;
  if (s.replaying.length) row.replay = s.replaying;
  if (s.object.some((o) => o !== null)) row.object = s.object;
  if (s.simFaults.length) row.simFaults = s.simFaults;
  if (events.length) row.events = events;
  if (s.output) row.out = s.output;
  return row;
}
