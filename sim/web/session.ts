// The live simulation behind the page: one hand simulation (sim/engine) stepped in real time
// (paused, 1x or 10x), sampled every SAMPLE_MS of virtual time, and pushed to every connected
// page about 30 times a second. Commands from the pages change its inputs; it is the one source
// of truth. Scenarios are played here in (scaled) real time, event by event at their exact
// virtual times; their expectations are checked by a headless run of the same scenario.

import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { defaultConfig } from '../../firmware/config/defaults';
import type { Config } from '../../firmware/config/types';
import { createHandSim, FINGERS, FaultSpec, HandSim, HandSimOptions, HandSnapshot, SITES } from '../engine';
import { EmgRecording, SHARED_EMG_DIR, loadRecording } from '../recordings';
import { loadScenarioFile, runScenario, simOptionsFor, Scenario, ScenarioError, ScenarioEvent } from '../scenario';
import { wiringSvg } from '../wiring/wiring';
import { ClientMessage, Frame, PlayingInfo, RecordingInfo, SAMPLE_MS, Sample, ScenarioInfo, ServerMessage, Speed, UiConfig } from './protocol';

export interface SessionOptions {
  /** The firmware bundle's text (dist/firmware.js). */
  firmware: string;
  /** Where the shipped scenarios are (default sim/scenarios). */
  scenariosDir?: string;
  /** Where recorded EMG files are looked up (default ../shared/emg). */
  sharedEmgDir?: string;
  seed?: number;
  /** Frames per second pushed to the pages (default 30). */
  fps?: number;
  /** Start paused / at this speed (default 1). */
  speed?: Speed;
  log?: (line: string) => void;
}

export interface Client {
  send(msg: ServerMessage): void;
}

type Timed = { tMs: number; apply: () => void; label: string };

const STATUS_CONFIG_EXPR = 'typeof hand=="object"&&hand&&typeof hand.config=="function"?hand.config():null';
const RECORDING_EXT = ['.txt', '.hea', '.csv'];
/** The most virtual time one frame may advance (a stalled event loop must not cause a burst). */
const MAX_FRAME_WALL_MS = 250;

function r6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

/** A console answer the way a prompt shows it: `=` and the value. */
export function formatResult(v: unknown): string {
  if (v === undefined) return '=undefined';
  if (typeof v === 'string') return '=' + JSON.stringify(v);
  try {
    const text = JSON.stringify(v, null, 2);
    return '=' + (text === undefined ? String(v) : text);
  } catch {
    return '=' + String(v);
  }
}

function looksLikeConfig(c: unknown): c is Config {
  if (!c || typeof c !== 'object') return false;
  const o = c as Record<string, unknown>;
  return Array.isArray(o.emg) && Array.isArray(o.fingers) && Array.isArray(o.flexPins) && !!o.battery && typeof o.battery === 'object';
}

export class LiveSession {
  sim!: HandSim;
  speed: Speed;
  private readonly opts: SessionOptions;
  private readonly clients = new Set<Client>();
  private readonly scenariosDir: string;
  private readonly sharedEmgDir: string;
  private timer: NodeJS.Timeout | undefined;
  private lastWall = 0;
  private nextSampleMs = 0;
  private samples: Sample[] = [];
  private ledAcc = { red: { sum: 0, n: 0, edges: 0 }, green: { sum: 0, n: 0, edges: 0 } };
  private last: HandSnapshot | undefined;
  private outputCursor = 0;
  private schedule: Timed[] = [];
  private playing: (PlayingInfo & { endMs: number }) | null = null;
  private config: Config | null = null;
  private configJson = '';
  private recordings = new Map<string, EmgRecording[]>();
  private readonly log: (line: string) => void;

  constructor(opts: SessionOptions) {
    this.opts = opts;
    this.speed = opts.speed ?? 1;
    this.scenariosDir = opts.scenariosDir ?? path.resolve(__dirname, '..', 'scenarios');
    this.sharedEmgDir = opts.sharedEmgDir ?? SHARED_EMG_DIR;
    this.log = opts.log ?? (() => undefined);
    this.reset();
  }

  // ---------------------------------------------------------------- lifecycle

  /** A fresh simulation (default wiring and models, or a scenario's). */
  reset(extra: Partial<HandSimOptions> = {}, why?: string): void {
    if (this.sim) this.broadcast({ type: 'console', text: `\n--- new simulation${why ? ` (${why})` : ''}: the firmware boots ---\n` });
    this.sim = createHandSim({ firmware: this.opts.firmware, seed: this.opts.seed ?? 1, ...extra });
    this.nextSampleMs = 0;
    this.samples = [];
    this.outputCursor = 0;
    this.schedule = [];
    this.playing = null;
    this.last = undefined;
    this.ledAcc = { red: { sum: 0, n: 0, edges: 0 }, green: { sum: 0, n: 0, edges: 0 } };
    this.readConfig();
  }

  start(): void {
    if (this.timer) return;
    this.lastWall = performance.now();
    this.timer = setInterval(() => this.tick(), 1000 / (this.opts.fps ?? 30));
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  addClient(c: Client): void {
    this.clients.add(c);
    c.send(this.hello());
    const out = this.sim.vp.output();
    if (out) c.send({ type: 'console', text: out.length > 20000 ? out.slice(-20000) : out });
  }

  removeClient(c: Client): void {
    this.clients.delete(c);
  }

  private broadcast(msg: ServerMessage): void {
    for (const c of this.clients) c.send(msg);
  }

  private notice(level: 'info' | 'error', text: string): void {
    this.log(`${level}: ${text}`);
    this.broadcast({ type: 'notice', level, text });
  }

  // ---------------------------------------------------------------- what the page needs to know

  hello(): ServerMessage {
    return {
      type: 'hello',
      config: this.uiConfig(),
      scenarios: this.listScenarios(),
      recordings: this.listRecordings(),
      recordingsDir: this.sharedEmgDir,
      speed: this.speed,
      version: String(this.last?.status?.version ?? this.sim.sampleStatus()?.version ?? ''),
    };
  }

  /** The running firmware's configuration (hand.config()) when it offers one, else the defaults. */
  private readConfig(): boolean {
    let c: unknown = null;
    try {
      c = this.sim.vp.eval(STATUS_CONFIG_EXPR);
      c = c === null || c === undefined ? null : JSON.parse(JSON.stringify(c));
    } catch {
      c = null;
    }
    const cfg = looksLikeConfig(c) ? c : null;
    const json = JSON.stringify(cfg);
    const changed = json !== this.configJson;
    this.config = cfg;
    this.configJson = json;
    return changed;
  }

  /** The configuration the wiring and thresholds are drawn from. */
  effectiveConfig(): { config: Config; source: 'firmware' | 'defaults' } {
    return this.config ? { config: this.config, source: 'firmware' } : { config: defaultConfig(), source: 'defaults' };
  }

  wiring(): string {
    const { config, source } = this.effectiveConfig();
    return wiringSvg(config, { subtitle: source === 'firmware' ? 'The running firmware’s configuration (hand.config()).' : 'Default configuration (firmware/config/defaults.ts).' });
  }

  uiConfig(): UiConfig {
    const { config, source } = this.effectiveConfig();
    const pins = this.sim.pins;
    return {
      sites: SITES.map((site, i) => ({ site, pin: config.emg[i]?.pin ?? pins.emg[site], restLevel: config.emg[i]?.restLevel, maxLevel: config.emg[i]?.maxLevel })),
      fingers: FINGERS.map((f, i) => ({ name: config.fingers[i]?.name ?? f, pin: config.fingers[i]?.pin ?? pins.servos[i] })),
      onLevel: typeof config.control?.onLevel === 'number' ? config.control.onLevel : null,
      offLevel: typeof config.control?.offLevel === 'number' ? config.control.offLevel : null,
      mode: config.control?.mode ?? null,
      source,
      emgSignal: this.sim.options.emgSignal,
      servoModel: this.sim.options.servoModel,
    };
  }

  listScenarios(): ScenarioInfo[] {
    let files: string[] = [];
    try {
      files = fs.readdirSync(this.scenariosDir).filter((f) => f.endsWith('.json')).sort();
    } catch {
      return [];
    }
    const out: ScenarioInfo[] = [];
    for (const f of files) {
      try {
        const s = loadScenarioFile(path.join(this.scenariosDir, f));
        const info: ScenarioInfo = { file: f, name: s.meta.name, description: s.meta.description, durationS: s.meta.durationS };
        if (s.meta.requires?.includes('sharedEmg') && !fs.existsSync(this.sharedEmgDir)) info.unavailable = `needs the shared EMG recordings (${this.sharedEmgDir})`;
        out.push(info);
      } catch (e) {
        out.push({ file: f, name: f, durationS: 0, unavailable: e instanceof Error ? e.message : String(e) });
      }
    }
    return out;
  }

  /** Recorded EMG files under the shared folder (relative paths), or null when it is absent. */
  listRecordings(): string[] | null {
    if (!fs.existsSync(this.sharedEmgDir)) return null;
    const out: string[] = [];
    const walk = (dir: string, depth: number) => {
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries.sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }))) {
        const p = path.join(dir, e.name);
        if (e.isDirectory() && depth < 4) walk(p, depth + 1);
        else if (e.isFile() && RECORDING_EXT.includes(path.extname(e.name).toLowerCase()) && e.name !== 'README.md') out.push(path.relative(this.sharedEmgDir, p).split(path.sep).join('/'));
      }
    };
    walk(this.sharedEmgDir, 0);
    return out;
  }

  // ---------------------------------------------------------------- time

  /** One real-time frame: advance by the wall time since the last one times the speed, push. */
  tick(): void {
    const now = performance.now();
    const wall = Math.min(MAX_FRAME_WALL_MS, now - this.lastWall);
    this.lastWall = now;
    if (this.speed > 0) this.advance(wall * this.speed);
    this.pushFrame();
  }

  /** Advance the simulation by ms of virtual time: samples on the SAMPLE_MS grid, scheduled events at their times. */
  advance(ms: number): void {
    const sim = this.sim;
    const target = r6(sim.tS * 1000 + ms);
    try {
      for (;;) {
        const now = r6(sim.tS * 1000);
        // due events first (they happen at their instant, before the sample of that instant)
        while (this.schedule.length && this.schedule[0].tMs <= now + 1e-9) {
          const ev = this.schedule.shift()!;
          try {
            ev.apply();
          } catch (e) {
            this.notice('error', `${ev.label}: ${e instanceof Error ? e.message : e}`);
          }
        }
        if (this.nextSampleMs <= now + 1e-9) {
          this.takeSample();
          this.nextSampleMs = r6(this.nextSampleMs + SAMPLE_MS);
          continue;
        }
        if (this.playing && this.playing.kind === 'scenario' && !this.playing.done && now >= this.playing.endMs - 1e-9) {
          this.playing.done = true;
          this.speed = 0;
          this.notice('info', `scenario "${this.playing.name}" finished at ${(now / 1000).toFixed(1)} s; paused (press 1x to carry on live)`);
          return;
        }
        let next = Math.min(target, this.nextSampleMs);
        if (this.schedule.length) next = Math.min(next, this.schedule[0].tMs);
        if (this.playing && this.playing.kind === 'scenario' && !this.playing.done) next = Math.min(next, this.playing.endMs);
        if (next <= now + 1e-9) {
          if (now >= target - 1e-9) return;
          next = target;
        }
        sim.step(r6(next - now));
      }
    } catch (e) {
      this.speed = 0;
      this.notice('error', `the simulation stopped: ${e instanceof Error ? e.message : e}; paused (Reset starts a new one)`);
    }
  }

  private takeSample(): void {
    const s = this.sim.snapshot();
    this.last = s;
    const emg = Array.isArray(s.status?.emg) ? (s.status!.emg as Record<string, unknown>[]) : [];
    const num = (v: unknown) => (typeof v === 'number' && isFinite(v) ? v : null);
    const sample: Sample = {
      t: s.tS,
      emg: [s.emgAdc.flexor, s.emgAdc.extensor],
      effort: [s.effort.flexor, s.effort.extensor],
      envelope: [num(emg[0]?.envelope), num(emg[1]?.envelope)],
      baseline: [num(emg[0]?.baseline), num(emg[1]?.baseline)],
      on: [typeof emg[0]?.on === 'boolean' ? (emg[0].on as boolean) : null, typeof emg[1]?.on === 'boolean' ? (emg[1].on as boolean) : null],
      flexion: s.flexion,
      batteryV: s.batteryV,
      led: [s.leds.red.duty, s.leds.green.duty],
    };
    this.samples.push(sample);
    for (const k of ['red', 'green'] as const) {
      this.ledAcc[k].sum += s.leds[k].duty;
      this.ledAcc[k].n++;
      this.ledAcc[k].edges += s.leds[k].edges;
    }
  }

  private flushOutput(): void {
    const out = this.sim.vp.output();
    if (out.length > this.outputCursor) {
      this.broadcast({ type: 'console', text: out.slice(this.outputCursor) });
      this.outputCursor = out.length;
    }
  }

  private pushFrame(): void {
    this.flushOutput();
    const s = this.last ?? this.sim.snapshot({ peek: true });
    const led = (k: 'red' | 'green') => {
      const a = this.ledAcc[k];
      const pwm = this.sim.vp.pwm(k === 'red' ? this.sim.pins.redLed : this.sim.pins.greenLed);
      return {
        level: s.leds[k].level,
        duty: a.n ? Math.round((a.sum / a.n) * 1000) / 1000 : s.leds[k].level,
        edges: a.edges,
        pwmHz: pwm ? pwm.freqHz : null,
        pwmDuty: pwm ? pwm.duty : null,
      };
    };
    const frame: Frame = {
      type: 'frame',
      samples: this.samples,
      tS: r6(this.sim.tS),
      speed: this.speed,
      angleDeg: s.angleDeg,
      flexion: s.flexion,
      stalled: s.stalled,
      pulsesUs: s.pulsesUs,
      object: s.object,
      flexSource: s.flexSource,
      glove: s.glove,
      flexAdc: s.flexAdc,
      effort: [s.effort.flexor, s.effort.extensor],
      replaying: s.replaying,
      simFaults: s.simFaults,
      button: s.button,
      batteryV: s.batteryV,
      batteryCharge: s.batteryCharge,
      totalCurrentA: s.totalCurrentA,
      leds: { red: led('red'), green: led('green') },
      status: s.status,
      resets: s.resets,
      errorCount: s.errorCount,
      playing: this.playing ? { kind: this.playing.kind, name: this.playing.name, atS: r6(Math.min(this.sim.tS, this.playing.durationS)), durationS: this.playing.durationS, done: this.playing.done } : null,
    };
    this.samples = [];
    this.ledAcc = { red: { sum: 0, n: 0, edges: 0 }, green: { sum: 0, n: 0, edges: 0 } };
    this.broadcast(frame);
  }

  // ---------------------------------------------------------------- commands

  handle(msg: ClientMessage): void {
    const sim = this.sim;
    try {
      switch (msg.cmd) {
        case 'effort':
          sim.setEffort(msg.site, Math.min(1, Math.max(0, Number(msg.level) || 0)), msg.rampS ?? 0);
          return;
        case 'button':
          if (msg.down) sim.pressButton();
          else sim.releaseButton();
          return;
        case 'speed':
          if (msg.speed !== 0 && msg.speed !== 1 && msg.speed !== 10) throw new Error(`speed must be 0, 1 or 10, not ${msg.speed}`);
          this.speed = msg.speed;
          this.lastWall = performance.now();
          if (this.playing?.done) this.playing = null;
          return;
        case 'fault':
          sim.injectFault(msg.fault);
          this.notice('info', `injected ${describeFault(msg.fault)}`);
          return;
        case 'clearFault':
          sim.clearFault(msg.which ?? {});
          this.notice('info', `cleared ${msg.which?.kind ? msg.which.kind : 'every'} simulated fault`);
          return;
        case 'object':
          sim.placeObject(msg.spec);
          return;
        case 'flexSource':
          sim.setFlexSource(msg.source);
          this.notice('info', msg.source === 'glove' ? 'flex sensors on the glove: each pin reads its glove finger' : 'flex sensors on the fingers: each pin reads its prosthetic finger');
          return;
        case 'glove':
          sim.setGlove(Array.isArray(msg.bends) ? msg.bends.map((b) => Math.min(1, Math.max(0, Number(b) || 0))) : msg.bends, msg.rampS ?? 0);
          return;
        case 'console':
          this.consoleLine(String(msg.line ?? ''));
          return;
        case 'scenario':
          this.playScenario(msg.file);
          return;
        case 'stop':
          this.schedule = [];
          this.playing = null;
          for (const s of SITES) sim.stopReplay(s);
          this.notice('info', 'playback stopped; the hand stays as it is');
          return;
        case 'reset':
          this.reset({}, 'reset');
          this.broadcast(this.hello());
          this.notice('info', 'new simulation: the firmware boots again');
          return;
        case 'openRecording':
          this.broadcast({ type: 'recording', info: this.openRecording(msg.file) });
          return;
        case 'replay': {
          if (!this.recordings.has(msg.file)) this.openRecording(msg.file);
          const recs = this.recordings.get(msg.file)!;
          const rec = recs[msg.index];
          if (!rec) throw new Error(`no recording #${msg.index} in ${msg.file}`);
          const r = sim.replay({ site: msg.site, recording: rec, channel: msg.channel, loop: !!msg.loop });
          this.notice('info', `replaying ${rec.name} ${msg.channel} on the ${msg.site} site (${r.durationS.toFixed(1)} s${msg.loop ? ', looped' : ''})`);
          if (this.speed === 0) this.speed = 1;
          return;
        }
        case 'stopReplay':
          sim.stopReplay(msg.site);
          return;
        default:
          throw new Error(`unknown command ${(msg as { cmd?: string }).cmd}`);
      }
    } catch (e) {
      this.notice('error', e instanceof Error ? e.message : String(e));
    }
  }

  consoleLine(line: string): void {
    this.flushOutput();
    this.broadcast({ type: 'console', text: `>${line}\n` });
    const r = this.sim.console(line);
    this.flushOutput();
    if (!r.error) this.broadcast({ type: 'console', text: formatResult(r.result) + '\n' });
    else if (this.sim.vp.output().length === this.outputCursor) this.broadcast({ type: 'console', text: `Uncaught ${r.error}\n` });
    this.sim.sampleStatus();
    if (this.readConfig()) this.broadcast(this.hello());
  }

  private resolveRecording(file: string, scenarioDir?: string): string {
    if (path.isAbsolute(file)) return file;
    if (file.startsWith('./') || file.startsWith('../')) return path.resolve(scenarioDir ?? process.cwd(), file);
    const p = path.resolve(this.sharedEmgDir, file);
    if (!p.startsWith(path.resolve(this.sharedEmgDir) + path.sep)) throw new Error(`${file} is outside ${this.sharedEmgDir}`);
    return p;
  }

  /** A recording the page asked for: only the files listRecordings() offers. */
  openRecording(file: string): RecordingInfo {
    if (!(this.listRecordings() ?? []).includes(file)) throw new Error(`no recording ${file} in ${this.sharedEmgDir}`);
    const p = path.join(this.sharedEmgDir, file);
    if (!fs.existsSync(p)) throw new Error(`no recording ${file} in ${this.sharedEmgDir}`);
    const recs = this.recordings.get(file) ?? loadRecording(p);
    this.recordings.set(file, recs);
    return {
      file,
      recordings: recs.map((r, index) => ({ index, name: r.name, channels: r.channels, rateHz: r.rateHz, durationS: Math.round(((r.samples[0]?.length ?? 0) / r.rateHz) * 10) / 10 })),
    };
  }

  playScenario(file: string): void {
    const full = path.resolve(this.scenariosDir, path.basename(file));
    let scenario: Scenario;
    try {
      scenario = loadScenarioFile(full);
    } catch (e) {
      throw new Error(e instanceof ScenarioError ? e.message : `cannot load ${file}: ${e instanceof Error ? e.message : e}`);
    }
    const meta = scenario.meta;
    if (meta.requires?.includes('sharedEmg') && !fs.existsSync(this.sharedEmgDir)) throw new Error(`"${meta.name}" needs the shared EMG recordings, absent here (${this.sharedEmgDir})`);
    const timeline = scenario.timeline ?? [];
    const recs = new Map<number, EmgRecording>();
    timeline.forEach((ev, i) => {
      if (ev.do !== 'replay') return;
      const p = this.resolveRecording(ev.file, path.dirname(full));
      if (!fs.existsSync(p)) throw new Error(`"${meta.name}": recording ${ev.file} is absent`);
      recs.set(i, loadRecording(p)[0]);
    });
    this.reset({ seed: meta.seed, ...simOptionsFor(meta) }, `scenario "${meta.name}"`);
    const sim = this.sim;
    const schedule: (Timed & { order: number })[] = [];
    timeline.forEach((ev, i) => {
      const label = `timeline[${i}] (${ev.do} at ${ev.at} s)`;
      schedule.push({ tMs: r6(ev.at * 1000), order: schedule.length, label, apply: () => this.applyEvent(sim, ev, recs.get(i)) });
      if (ev.do === 'button' && ev.action === 'click') {
        const at = Math.min(meta.durationS, ev.at + (ev.holdS ?? 0.1));
        schedule.push({ tMs: r6(at * 1000), order: schedule.length, label, apply: () => sim.releaseButton() });
      }
    });
    schedule.sort((a, b) => a.tMs - b.tMs || a.order - b.order);
    this.schedule = schedule;
    this.playing = { kind: 'scenario', name: meta.name, atS: 0, durationS: meta.durationS, done: false, endMs: r6(meta.durationS * 1000) };
    if (this.speed === 0) this.speed = 1;
    this.lastWall = performance.now();
    this.broadcast(this.hello());
    this.notice('info', `playing scenario "${meta.name}" (${meta.durationS} s)`);
    // Its expectations: the same scenario run headless (deterministic), after this frame.
    setTimeout(() => this.checkHeadless(scenario, full), 0);
  }

  private checkHeadless(scenario: Scenario, file: string): void {
    try {
      const summary = runScenario(scenario, { firmware: this.opts.firmware, scenarioDir: path.dirname(file), sharedEmgDir: this.sharedEmgDir });
      this.broadcast({
        type: 'checks',
        scenario: scenario.meta.name,
        ok: summary.ok,
        results: summary.expectations.results.map((r) => ({ ok: r.ok, description: r.description, message: r.message })),
        note: summary.skipped ?? summary.aborted ?? `headless run: ${summary.simulatedS.toFixed(1)} s simulated at ${summary.speedX}x`,
      });
    } catch (e) {
      this.notice('error', `headless check of "${scenario.meta.name}" failed: ${e instanceof Error ? e.message : e}`);
    }
  }

  private applyEvent(sim: HandSim, ev: ScenarioEvent, recording?: EmgRecording): void {
    switch (ev.do) {
      case 'effort':
        sim.setEffort(ev.site, ev.level, ev.rampS ?? 0);
        return;
      case 'glove':
        sim.setGlove(ev.bends, ev.rampS ?? 0);
        return;
      case 'object':
        sim.placeObject(ev.shape === 'cup' ? { shape: 'cup', closure: ev.closure! } : ev.shape === 'custom' ? { shape: 'custom', fingers: ev.fingers as number[] } : null);
        return;
      case 'button':
        if (ev.action === 'release') sim.releaseButton();
        else sim.pressButton();
        return;
      case 'injectFault':
        sim.injectFault(ev.fault);
        return;
      case 'clearFault':
        sim.clearFault({ kind: ev.kind, site: ev.site, finger: ev.finger });
        return;
      case 'battery':
        sim.setBattery({ chargeFraction: ev.chargeFraction, voltage: ev.voltage });
        return;
      case 'console':
        this.consoleLine(ev.line);
        return;
      case 'replay':
        sim.replay({ site: ev.site, recording: recording!, channel: ev.channel, fromS: ev.fromS, durationS: ev.durationS, gain: ev.gain, loop: ev.loop });
        return;
      case 'stopReplay':
        sim.stopReplay(ev.site);
        return;
      case 'powerCycle':
        sim.powerCycle();
        return;
    }
  }
}

function describeFault(f: FaultSpec): string {
  switch (f.kind) {
    case 'liftoff':
      return `electrode off on the ${f.site} site (${f.mode === 'rail' ? 'reads the rail' : 'reads flat'})`;
    case 'motionArtefact':
      return `motion artefacts on the ${f.site} site`;
    case 'servoStall':
      return `a jammed ${f.finger} servo`;
    case 'lowBattery':
      return 'a low battery';
    default:
      return 'a fault';
  }
}

