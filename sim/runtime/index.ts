// Virtual Pico: an Espruino-faithful runtime that loads the exact firmware bundle text and runs it
// in a `vm` context on a virtual clock, failing where the real Pico fails. See the module headers
// for the details of each part:
//   source.ts  - syntax Espruino rejects, no hoisting, scope registration for the memory estimate
//   prelude.ts - Espruino's globals inside the sandbox; missing built-ins removed; prototype rule
//   pins.ts    - pin capabilities, ADC quantisation, PWM and shared timers
//   flash.ts   - the Storage area and its journaling file system, power-loss injection
//   memory.ts  - the variable-count estimate behind process.memory() and "Out of Memory"
//   format.ts  - console output and error wording
// This file holds the clock, timers, watches, event queue, Waveform sampling, watchdog, resets
// and the public API.

import * as vm from 'vm';
import { PICO_DEVICES, PICO_PINS, PICO_VARIABLES } from './board';
import { MISSING_BUILTINS, PRESENT_BUILTINS } from './builtins';
import { FlashImage, PowerLoss, StorageError, StorageStats } from './flash';
import { errorText, formatArgs } from './format';
import { BASE_VARS, MemoryWalker, STRING_EXT, stringVars } from './memory';
import { AnalogSource, adcCode, PinBank, wrapPins } from './pins';
import { PRELUDE } from './prelude';
import { EspruinoSyntaxError, prepareSource, PreparedSource } from './source';
import { detokenise, isPretokenised } from '../../tools/build/pretokenise';

export { FlashImage, PowerLoss, StorageError } from './flash';
export type { StorageStats } from './flash';
export { EspruinoSyntaxError, prepareSource } from './source';
export type { AnalogSource } from './pins';

export interface VirtualPicoOptions {
  /** Survives reset/powerCycle; pass the same one to a new VirtualPico to simulate power-off. */
  storage?: FlashImage;
  /** Default 5100 (Pico). */
  variables?: number;
  /** Console output (print/console.log), as text with newlines. */
  onOutput?: (text: string) => void;
  /** Where load(source) puts the code: 'flash' (default: saved as .bootcde, then run from flash,
   *  like the IDE's "save on send") or 'ram' (uploaded into RAM; text counts against memory,
   *  lost at reset/power-off). */
  uploadTo?: 'flash' | 'ram';
  /** Seed for Math.random (deterministic runs). */
  seed?: number;
  /** How often advance() re-estimates memory, in simulated seconds (default 1; 0 = only on
   *  load() and process.memory()). */
  memoryCheckIntervalS?: number;
}

export class OutOfMemoryError extends Error {
  constructor(
    readonly usage: number,
    readonly total: number,
  ) {
    super(`Out of Memory: the firmware needs about ${usage} of ${total} variables`);
    this.name = 'OutOfMemoryError';
  }
}

/** Espruino's TIMER_MIN_INTERVAL (ms). */
const TIMER_MIN_MS = 0.1;
const TIMER_MAX_MS = 100 * 365.25 * 24 * 3600 * 1000;
const BLOCKSIZE = 13;
const MAX_QUEUE_PER_DRAIN = 100000;

type Fn = (...args: unknown[]) => unknown;
interface Timer {
  id: number;
  dueMs: number;
  intervalMs: number; // 0 = timeout
  fn: Fn;
  args: unknown[];
  seq: number;
}
interface Watch {
  id: number;
  pin: string;
  fn: Fn;
  repeat: boolean;
  edge: number;
  debounceMs: number;
  state: boolean;
  lastTime?: number;
  timeout?: { dueMs: number; state: boolean; seq: number };
}
interface Pulse {
  dueMs: number;
  pin: string;
  level: boolean;
  seq: number;
}
type SampleArray = Uint8Array | Uint16Array;
interface WfTask {
  wf: Record<string, unknown>;
  pin: string;
  periodMs: number;
  t0Ms: number;
  k: number; // samples taken so far
  n: number;
  bufs: SampleArray[];
  cur: number;
  repeat: boolean;
  output: boolean;
  is16: boolean;
}
interface QueueItem {
  fn: Fn;
  thisArg: unknown;
  args: unknown[];
}
interface Control {
  setLoading(v: boolean): void;
  sites(): Record<string, { load: (() => unknown[])[]; post: (() => unknown[])[] }>;
  Error: ErrorConstructor;
  TypeError: ErrorConstructor;
  SyntaxError: ErrorConstructor;
  Pin: Fn;
  E: object;
  process: object;
  Storage: object;
  emit(obj: object, evt: string, args?: unknown[]): void;
  listeners(obj: object, evt: string): unknown;
  watchEvent(state: boolean, time: number, lastTime: number | undefined, pin: string): object;
}
interface LoadedCode {
  source: string;
  prepared: PreparedSource;
  from: 'flash' | 'ram';
}

const PIN_NAMES = PICO_PINS.map((p) => p.name);

function collectObjects(roots: unknown[]): WeakSet<object> {
  const set = new WeakSet<object>();
  const stack = roots.slice();
  while (stack.length) {
    const v = stack.pop();
    if (!v || (typeof v !== 'object' && typeof v !== 'function')) continue;
    const o = v as object;
    if (set.has(o)) continue;
    set.add(o);
    let names: string[];
    try {
      names = Object.getOwnPropertyNames(o);
    } catch {
      continue;
    }
    for (const k of names) {
      let d: PropertyDescriptor | undefined;
      try {
        d = Object.getOwnPropertyDescriptor(o, k);
      } catch {
        continue;
      }
      if (!d) continue;
      if ('value' in d) stack.push(d.value);
      else stack.push(d.get, d.set);
    }
    stack.push(Object.getPrototypeOf(o));
  }
  return set;
}

export class VirtualPico {
  readonly storage: FlashImage;
  private readonly variables: number;
  private readonly onOutput?: (text: string) => void;
  private readonly uploadTo: 'flash' | 'ram';
  private readonly seed: number;
  private readonly memCheckMs: number;

  private nowMsValue = 0;
  private timeOffsetMs = 0;
  private out = '';
  private errorList: string[] = [];
  private resetCount = 0;
  private seq = 0;
  private nextSite = 0;
  private siteNames = new Map<number, string[]>();

  private ctx!: vm.Context;
  private g!: Record<string, unknown>;
  private ctl!: Control;
  private baseline!: Set<string>;
  private builtinSet!: WeakSet<object>;
  private pinOf = new WeakMap<object, string>();
  private drainScript = new vm.Script('undefined', { filename: 'idle' });

  private pins = new PinBank();
  private timers: Timer[] = [];
  private watches: Watch[] = [];
  private pulses: Pulse[] = [];
  private waves: WfTask[] = [];
  private queue: QueueItem[] = [];
  private watchdog?: { timeoutMs: number; auto: boolean; lastKickMs: number };
  private deepSleep = false;
  private pending?: 'reset' | 'resetClearFlash' | 'load' | 'reboot';
  private code?: LoadedCode;
  private dead = false;
  private oomPending?: OutOfMemoryError;
  private lastMemCheckMs = 0;
  private inCallback = 0;

  constructor(opts: VirtualPicoOptions = {}) {
    this.storage = opts.storage ?? new FlashImage();
    this.variables = opts.variables ?? PICO_VARIABLES;
    this.onOutput = opts.onOutput;
    this.uploadTo = opts.uploadTo ?? 'flash';
    this.seed = opts.seed ?? 1;
    this.memCheckMs = (opts.memoryCheckIntervalS ?? 1) * 1000;
    this.createContext();
    this.bootFromFlash(false);
  }

  // ================================================================== public API
  /** Upload a script as the IDE does (reset first) and run it; with no source, `load()`: reload the saved code. */
  load(source?: string, opts: { to?: 'flash' | 'ram' } = {}): void {
    this.ensureAlive();
    if (source === undefined) {
      this.softReset();
      this.bootFromFlash(true);
      return;
    }
    let prepared: PreparedSource;
    try {
      prepared = this.prepare(source);
    } catch (e) {
      this.reportUncaught(e);
      throw e;
    }
    this.softReset();
    const to = opts.to ?? this.uploadTo;
    if (to === 'flash') {
      try {
        this.storage.write('.bootcde', source);
      } catch (e) {
        if (e instanceof PowerLoss) {
          this.dead = true;
          throw e;
        }
        this.reportUncaught(e);
        throw e;
      }
      this.runCode({ source, prepared, from: 'flash' }, true, true);
    } else {
      this.runCode({ source, prepared, from: 'ram' }, false, true);
    }
  }

  /** Advance the virtual clock, firing due timers, waveform buffers, watches in time order. */
  advance(ms: number): void {
    this.ensureAlive();
    if (!(ms >= 0)) throw new RangeError(`advance(${ms}): expected a non-negative number of ms`);
    const end = this.nowMsValue + ms;
    for (;;) {
      const ev = this.nextEvent();
      if (!ev || ev.due > end) break;
      if (ev.due > this.nowMsValue) this.nowMsValue = ev.due;
      ev.run();
      this.idle();
      this.periodicMemoryCheck();
    }
    this.nowMsValue = end;
    this.flushWaveforms();
    this.periodicMemoryCheck();
  }

  /** getTime() */
  nowS(): number {
    return (this.nowMsValue + this.timeOffsetMs) / 1000;
  }

  setAnalog(pin: string, source: AnalogSource): void {
    const p = this.pinState(pin);
    this.flushWaveforms();
    p.analog = source;
  }

  setDigitalIn(pin: string, high: boolean): void {
    this.ensureAlive();
    const p = this.pinState(pin);
    const before = this.pins.digitalLevel(p, this.nowS());
    p.extDigital = !!high;
    if (before !== !!high) {
      this.pinEdge(p.info.name, !!high);
      this.idle();
    }
  }

  pwm(pin: string): { duty: number; freqHz: number } | undefined {
    const p = this.pinState(pin);
    return p.pwm ? { duty: p.pwm.duty, freqHz: p.pwm.freqHz } : undefined;
  }

  pulseUs(pin: string): number | undefined {
    const p = this.pinState(pin);
    if (!p.pwm || !(p.pwm.duty > 0)) return undefined;
    return (p.pwm.duty * 1e6) / p.pwm.freqHz;
  }

  digitalOut(pin: string): boolean {
    return this.pins.drivenLevel(this.pinState(pin).info.name);
  }

  /** A line at the console prompt, evaluated in the firmware's global scope. */
  eval(code: string): unknown {
    this.ensureAlive();
    let prepared: PreparedSource;
    try {
      prepared = this.prepare(code);
    } catch (e) {
      this.reportUncaught(e);
      throw e;
    }
    let result: unknown;
    let failure: unknown;
    let failed = false;
    this.inCallback++;
    try {
      result = new vm.Script(prepared.code, { filename: 'console' }).runInContext(this.ctx);
    } catch (e) {
      failed = true;
      failure = e;
    } finally {
      this.inCallback--;
    }
    if (failed) {
      if (this.dead || failure instanceof PowerLoss) {
        this.dead = true;
        throw new PowerLoss();
      }
      if (!this.oomPending) this.reportUncaught(failure);
    }
    this.idle();
    if (failed) throw failure;
    return result;
  }

  output(): string {
    return this.out;
  }
  /** Uncaught errors and ERROR/WARNING lines printed so far. */
  errors(): string[] {
    return this.errorList.slice();
  }
  get resets(): number {
    return this.resetCount;
  }

  memory(): { usage: number; total: number; free: number } {
    const usage = this.estimateUsage();
    return { usage, total: this.variables, free: Math.max(0, this.variables - usage) };
  }

  /** Lose RAM, keep flash; boot runs saved code (.bootcde) if any. */
  powerCycle(): void {
    this.dead = false;
    this.oomPending = undefined;
    this.watchdog = undefined;
    this.deepSleep = false;
    this.clearRam();
    // Everything the firmware set goes; what is wired to the pins (sensors, the button) stays.
    this.pins.resetOutputs();
    this.bootFromFlash(false);
  }

  /** Number of active timers/intervals (for tests and tools). */
  timerCount(): number {
    return this.timers.length;
  }

  // ================================================================== sandbox
  private createContext(): void {
    this.ctx = vm.createContext({}, { name: 'VirtualPico', microtaskMode: 'afterEvaluate', codeGeneration: { strings: true, wasm: false } });
    const init = vm.runInContext(PRELUDE, this.ctx, { filename: 'espruino-builtins.js' }) as (...a: unknown[]) => Control;
    this.ctl = init(this.natives(), PIN_NAMES, MISSING_BUILTINS, PRESENT_BUILTINS, this.seed);
    this.g = vm.runInContext('globalThis', this.ctx) as Record<string, unknown>;
    this.baseline = new Set(Object.getOwnPropertyNames(this.g));
    this.builtinSet = collectObjects([this.g, this.ctl]);
    this.pinOf = new WeakMap();
    for (const n of PIN_NAMES) this.pinOf.set(this.g[n] as object, n);
  }

  private sbError(msg: string, type: 'Error' | 'TypeError' | 'SyntaxError' = 'Error'): Error {
    const C = this.ctl[type];
    return new C(msg);
  }

  private prepare(code: string): PreparedSource {
    // Pretokenised code (the build's bundle) is read as the board's lexer reads it.
    if (isPretokenised(code)) code = detokenise(code);
    const prepared = prepareSource(code, { instrument: true, nextSiteId: () => ++this.nextSite });
    for (const s of prepared.sites) this.siteNames.set(s.id, s.names);
    return prepared;
  }

  private print(text: string): void {
    this.out += text;
    if (this.onOutput) this.onOutput(text);
  }
  private printError(line: string): void {
    this.print(line + '\n');
    this.errorList.push(line);
  }

  private reportUncaught(e: unknown): void {
    if (e instanceof PowerLoss || e instanceof OutOfMemoryError) return;
    // process.on('uncaughtException', fn) takes errors instead of the console
    const l = this.ctl ? this.ctl.listeners(this.ctl.process, 'uncaughtException') : undefined;
    if (l && this.ctx) {
      this.ctl.emit(this.ctl.process, 'uncaughtException', [e]);
      return;
    }
    this.printError(`Uncaught ${errorText(e)}`);
  }

  private ensureAlive(): void {
    if (this.dead) throw new PowerLoss('The Virtual Pico has no power (a simulated power loss happened); call powerCycle()');
  }

  private pinState(pin: string) {
    const name = (PICO_DEVICES as Record<string, string>)[pin] ?? (pin === 'BTN' ? PICO_DEVICES.BTN1 : pin);
    const p = this.pins.get(name);
    if (!p) throw new Error(`No pin ${pin} on the Pico`);
    return p;
  }

  /** Run a sandbox function as the interpreter does for a callback: errors printed, not thrown. */
  private call(fn: Fn, thisArg: unknown, args: unknown[]): void {
    this.flushWaveforms();
    this.inCallback++;
    try {
      Reflect.apply(fn, thisArg, args);
    } catch (e) {
      if (e instanceof PowerLoss || this.dead) {
        this.dead = true;
      } else if (!this.oomPending) {
        this.reportUncaught(e);
      }
    } finally {
      this.inCallback--;
    }
    this.drainScript.runInContext(this.ctx); // Promise jobs
    if (this.dead) throw new PowerLoss();
    if (this.oomPending) this.throwOom();
  }

  /** Back at the idle loop: run queued events, then deferred reset/load/reboot. */
  private idle(): void {
    let n = 0;
    while (this.queue.length) {
      if (++n > MAX_QUEUE_PER_DRAIN) throw new Error('Virtual Pico: the event queue never drains (events emitted from their own listeners?)');
      const item = this.queue.shift()!;
      this.call(item.fn, item.thisArg, item.args);
    }
    if (this.dead) throw new PowerLoss();
    if (this.oomPending) this.throwOom();
    if (this.watchdog && this.watchdog.auto) this.watchdog.lastKickMs = this.nowMsValue;
    const p = this.pending;
    if (p) {
      this.pending = undefined;
      if (p === 'reset' || p === 'resetClearFlash') {
        this.resetCount++;
        if (p === 'resetClearFlash') this.storage.erase('.bootcde');
        this.softReset();
      } else if (p === 'load') {
        this.softReset();
        this.bootFromFlash(true);
      } else if (p === 'reboot') {
        this.hardwareReset();
      }
    }
  }

  private throwOom(): never {
    const e = this.oomPending!;
    this.oomPending = undefined;
    throw e;
  }

  private clearRam(): void {
    this.timers = [];
    this.watches = [];
    this.pulses = [];
    this.waves = [];
    this.queue = [];
    this.pending = undefined;
    this.code = undefined;
    this.createContext();
  }

  /** reset(): RAM cleared, hardware outputs reset, saved code NOT run; the watchdog keeps running. */
  private softReset(): void {
    this.clearRam();
    this.pins.resetOutputs();
  }

  /** Watchdog / E.reboot(): the chip restarts and boots the saved code. */
  private hardwareReset(): void {
    this.resetCount++;
    this.watchdog = undefined;
    this.deepSleep = false;
    this.softReset();
    this.bootFromFlash(false);
  }

  private bootFromFlash(throwErrors: boolean): void {
    const src = this.storage.read('.bootcde');
    if (src === undefined) return;
    let prepared: PreparedSource;
    try {
      prepared = this.prepare(src);
    } catch (e) {
      this.reportUncaught(e);
      return;
    }
    this.runCode({ source: src, prepared, from: 'flash' }, true, throwErrors);
  }

  private runCode(code: LoadedCode, fireInit: boolean, throwErrors: boolean): void {
    this.code = code;
    let failure: unknown;
    let failed = false;
    this.ctl.setLoading(true);
    this.inCallback++;
    try {
      new vm.Script(code.prepared.code, { filename: 'firmware.js' }).runInContext(this.ctx);
    } catch (e) {
      failed = true;
      failure = e;
      if (e instanceof PowerLoss || this.dead) {
        this.dead = true;
      } else if (!this.oomPending) this.reportUncaught(e);
    } finally {
      this.inCallback--;
      this.ctl.setLoading(false);
    }
    if (this.dead) throw new PowerLoss();
    // while a RAM upload executes, the whole source text is held in RAM as well
    const peak = this.estimateUsage() + (code.from === 'ram' ? stringVars(code.source.length) : 0);
    this.lastMemCheckMs = this.nowMsValue;
    if (peak > this.variables) {
      this.reportOom(peak);
      throw new OutOfMemoryError(peak, this.variables);
    }
    if (fireInit) this.ctl.emit(this.ctl.E, 'init', []);
    this.idle();
    if (failed && throwErrors) throw failure;
  }

  // ================================================================== memory
  private estimateUsage(): number {
    const limit = this.variables * 4;
    const w = new MemoryWalker((o) => this.builtinSet.has(o), limit);
    w.count = BASE_VARS;
    const g = this.g;
    for (const k of Object.getOwnPropertyNames(g)) {
      if (this.baseline.has(k)) continue;
      const d = Object.getOwnPropertyDescriptor(g, k);
      if (!d) continue;
      if ('value' in d) w.slot(k.length, d.value);
      else w.count += 2;
    }
    const sites = this.ctl.sites();
    for (const id of Object.keys(sites)) {
      const names = this.siteNames.get(Number(id)) ?? [];
      const s = sites[id];
      for (const getter of [...s.load, ...s.post]) {
        let vals: unknown[];
        try {
          vals = getter();
        } catch {
          continue;
        }
        for (let i = 0; i < names.length; i++) w.slot(names[i].length, vals[i]);
      }
    }
    for (const t of this.timers) {
      w.count += 6;
      w.value(t.fn);
      for (const a of t.args) w.slot(-1, a);
    }
    for (const wa of this.watches) {
      w.count += 8;
      w.value(wa.fn);
    }
    for (const q of this.queue) {
      w.count += 3;
      w.value(q.fn);
    }
    for (const t of this.waves) w.value(t.wf);
    for (const holder of [this.ctl.E, this.ctl.process]) {
      for (const k of Object.getOwnPropertyNames(holder)) {
        if (k.startsWith('#on')) w.slot(k.length, (holder as Record<string, unknown>)[k]);
      }
    }
    if (this.code && this.code.from === 'ram') w.count += Math.ceil(this.code.prepared.persistentFunctionChars / STRING_EXT);
    return w.count;
  }

  private reportOom(usage: number): void {
    this.print('OUT OF MEMORY\nExecution Interrupted\n');
    this.errorList.push(`Out of Memory: about ${usage} of ${this.variables} variables`);
  }

  private periodicMemoryCheck(): void {
    if (this.memCheckMs <= 0 || this.nowMsValue - this.lastMemCheckMs < this.memCheckMs) return;
    this.lastMemCheckMs = this.nowMsValue;
    const usage = this.estimateUsage();
    if (usage > this.variables) {
      this.reportOom(usage);
      throw new OutOfMemoryError(usage, this.variables);
    }
  }

  // ================================================================== scheduling
  private nextEvent(): { due: number; run: () => void } | undefined {
    let best: { due: number; rank: number; seq: number; run: () => void } | undefined;
    const consider = (due: number, rank: number, seq: number, run: () => void) => {
      if (!best || due < best.due || (due === best.due && (rank < best.rank || (rank === best.rank && seq < best.seq)))) best = { due, rank, seq, run };
    };
    for (const p of this.pulses) consider(p.dueMs, 0, p.seq, () => this.firePulse(p));
    for (const t of this.waves) consider(this.waveCompletionMs(t), 1, 0, () => this.fireWave(t));
    for (const w of this.watches) if (w.timeout) consider(w.timeout.dueMs, 2, w.timeout.seq, () => this.fireDebounce(w));
    for (const t of this.timers) consider(t.dueMs, 3, t.seq, () => this.fireTimer(t));
    const wd = this.watchdog;
    if (wd && (!wd.auto || this.deepSleep)) consider(wd.lastKickMs + wd.timeoutMs, 4, 0, () => this.hardwareReset());
    return best;
  }

  private firePulse(p: Pulse): void {
    this.pulses.splice(this.pulses.indexOf(p), 1);
    this.pins.digitalWrite(p.pin, p.level);
  }

  private fireTimer(t: Timer): void {
    const firedDue = t.dueMs;
    this.call(t.fn, undefined, t.args);
    const i = this.timers.indexOf(t);
    if (i < 0) return; // cleared (or everything reset) in the callback
    // Espruino reloads the interval after the callback (changeInterval inside it counts) and
    // adds it to the time the timer was due: intervals do not drift
    if (t.intervalMs > 0) t.dueMs = firedDue + t.intervalMs;
    else this.timers.splice(i, 1);
  }

  private newTimerId(list: { id: number }[]): number {
    let max = 0;
    for (const t of list) if (t.id > max) max = t.id;
    return max + 1;
  }

  // ---- watches
  private shouldExecute(edge: number, state: boolean): boolean {
    return edge === 0 || (edge > 0 ? state : !state);
  }

  private pinEdge(pin: string, level: boolean): void {
    const t = this.nowMsValue;
    for (const w of this.watches.slice()) {
      if (w.pin !== pin || this.watches.indexOf(w) < 0) continue;
      if (w.debounceMs <= 0) {
        w.state = level;
        const timeS = this.nowS();
        if (this.shouldExecute(w.edge, level)) {
          if (!w.repeat) this.removeWatch(w);
          this.call(w.fn, undefined, [this.ctl.watchEvent(level, timeS, w.lastTime, pin)]);
        }
        w.lastTime = timeS;
      } else if (w.timeout) {
        w.timeout.dueMs = t + w.debounceMs;
        w.timeout.state = level;
      } else if (level !== w.state) {
        w.timeout = { dueMs: t + w.debounceMs, state: level, seq: ++this.seq };
      }
    }
  }

  private fireDebounce(w: Watch): void {
    const to = w.timeout!;
    w.timeout = undefined;
    const before = w.state;
    w.state = to.state;
    if (before === to.state) return;
    const timeS = (to.dueMs - w.debounceMs + this.timeOffsetMs) / 1000;
    const last = w.lastTime;
    w.lastTime = timeS;
    if (this.shouldExecute(w.edge, to.state)) {
      if (!w.repeat) this.removeWatch(w);
      this.call(w.fn, undefined, [this.ctl.watchEvent(to.state, timeS, last, w.pin)]);
    }
  }

  private removeWatch(w: Watch): void {
    const i = this.watches.indexOf(w);
    if (i >= 0) this.watches.splice(i, 1);
  }

  // ---- waveforms
  private waveCompletionMs(t: WfTask): number {
    const kEnd = (Math.floor(t.k / t.n) + 1) * t.n;
    return t.t0Ms + kEnd * t.periodMs;
  }

  private fillWave(t: WfTask, uptoK: number): void {
    if (uptoK <= t.k) return;
    if (t.output) {
      t.k = uptoK;
      return;
    }
    const p = this.pins.get(t.pin)!;
    const hasAdc = !!p.info.adc;
    for (let k = t.k; k < uptoK; k++) {
      const tS = (t.t0Ms + (k + 1) * t.periodMs + this.timeOffsetMs) / 1000;
      const code = hasAdc ? adcCode(this.pins.analogValue(p, tS)) : 0;
      const buf = t.bufs[Math.floor(k / t.n) % t.bufs.length];
      buf[k % t.n] = t.is16 ? code << 4 : code >> 4;
    }
    t.k = uptoK;
  }

  /** Take every sample due by now (so code sees the buffers as the hardware filled them). */
  private flushWaveforms(): void {
    for (const t of this.waves) {
      const due = Math.floor((this.nowMsValue - t.t0Ms) / t.periodMs + 1e-9);
      const limit = (Math.floor(t.k / t.n) + 1) * t.n - 1; // completion is handled by fireWave
      this.fillWave(t, Math.max(t.k, Math.min(due, limit)));
    }
  }

  private fireWave(t: WfTask): void {
    const kEnd = (Math.floor(t.k / t.n) + 1) * t.n;
    this.fillWave(t, kEnd);
    const justFilled = t.bufs[(kEnd / t.n - 1) % t.bufs.length];
    if (!t.repeat) {
      this.waves.splice(this.waves.indexOf(t), 1);
      t.wf.running = false;
      this.ctl.emit(t.wf, 'finish', [t.wf.buffer]);
      return;
    }
    if (t.bufs.length > 1) {
      t.cur = (kEnd / t.n) % t.bufs.length;
      t.wf.currentBuffer = t.cur;
      this.ctl.emit(t.wf, 'buffer', [justFilled]);
    }
  }

  // ================================================================== natives (called from the sandbox)
  private natives(): Record<string, Fn> {
    const self = this;
    const alive = () => {
      if (self.dead) throw new PowerLoss();
    };
    const storage = <T>(f: () => T): T => {
      alive();
      try {
        return f();
      } catch (e) {
        if (e instanceof PowerLoss) {
          self.dead = true;
          throw e;
        }
        if (e instanceof StorageError) throw self.sbError(e.message);
        throw e;
      }
    };
    const pinCheck = (name: unknown): string => {
      if (typeof name !== 'string' || !self.pins.get(name)) throw self.sbError('Invalid pin');
      return name;
    };
    const N: Record<string, Fn> = {
      queue(fn, thisArg, args) {
        self.queue.push({ fn: fn as Fn, thisArg, args: Array.isArray(args) ? (args as unknown[]) : [] });
      },
      print(args) {
        self.print(formatArgs(args as unknown[], (v) => (v && typeof v === 'object' ? self.pinOf.get(v as object) : undefined)) + '\n');
      },
      write(s) {
        self.print(String(s));
      },
      // ---- pins
      digitalRead(name) {
        alive();
        return self.pins.digitalRead(pinCheck(name), self.nowS()) ? 1 : 0;
      },
      digitalWrite(name, v) {
        alive();
        self.pins.digitalWrite(pinCheck(name), !!v);
        self.pulses = self.pulses.filter((p) => p.pin !== name);
      },
      driven(name) {
        return self.pins.drivenLevel(pinCheck(name));
      },
      pinMode(name, mode) {
        const err = self.pins.pinMode(pinCheck(name), String(mode));
        if (err) throw self.sbError(err);
      },
      getPinMode(name) {
        return self.pins.get(pinCheck(name))!.mode;
      },
      pinInfo(name) {
        const p = self.pins.get(pinCheck(name))!.info;
        const info: Record<string, unknown> = { port: p.port, num: p.num };
        if (p.adc) info.analog = { ADCs: [1], channel: Number(p.adc.replace(/.*_IN/, '')) };
        if (p.pwm) info.functions = { [p.pwm.split('_')[0]]: { type: p.pwm.split('_')[1] } };
        return JSON.stringify(info);
      },
      analogRead(name) {
        alive();
        const n = pinCheck(name);
        const p = self.pins.get(n)!;
        if (!p.info.adc) {
          self.printError(`ERROR: Pin ${n} is not capable of Analog Input\nSuitable pins are:\n${wrapPins(self.pins.analogNames())}`);
          return 0;
        }
        if (!p.manualMode) {
          p.mode = 'analog';
          p.pwm = undefined;
        }
        return adcCode(self.pins.analogValue(p, self.nowS())) / 4096;
      },
      analogWrite(name, value, freq, soft, forceSoft) {
        alive();
        const n = pinCheck(name);
        const err = self.pins.analogWrite(n, Number(value), Number(freq), !!soft, !!forceSoft);
        if (err) self.printError(err);
        else self.pulses = self.pulses.filter((p) => p.pin !== n);
      },
      digitalPulse(name, value, times) {
        alive();
        const n = pinCheck(name);
        const ts = times as number[];
        if (ts.length === 1 && (ts[0] < 0 || Number.isNaN(ts[0]))) throw self.sbError('Pulse Time is less than 0 or not a number');
        const mine = self.pulses.filter((p) => p.pin === n);
        let at = self.nowMsValue;
        if (mine.length) at = Math.max(...mine.map((p) => p.dueMs));
        else self.pins.digitalWrite(n, !!value);
        let level = !!value;
        for (const t of ts) {
          if (t > 0) {
            at += t;
            self.pulses.push({ dueMs: at, pin: n, level: !level, seq: ++self.seq });
          }
          level = !level;
        }
      },
      setWatch(fn, name, repeat, edge, edgeGiven, debounce) {
        alive();
        const n = name as string;
        const info = self.pins.get(n)!.info;
        const clash = self.watches.find((w) => w.pin !== n && self.pins.get(w.pin)!.info.num === info.num);
        if (clash) {
          self.printError(
            'WARNING: Unable to set watch. You may already have a watch on a pin with the same number (eg. A0 and B0),\nor this pin cannot be used with watch',
          );
          return undefined;
        }
        const isButton = n === PICO_DEVICES.BTN1;
        const e = edgeGiven ? (edge as number) : isButton ? 1 : 0;
        let d = debounce as number;
        if (d < 0) d = isButton ? 25 : 0;
        const p = self.pins.get(n)!;
        if (!p.manualMode) {
          p.mode = isButton ? 'input_pulldown' : 'input';
          p.pwm = undefined;
        }
        const w: Watch = { id: self.newTimerId(self.watches), pin: n, fn: fn as Fn, repeat: !!repeat, edge: e, debounceMs: d, state: self.pins.digitalLevel(p, self.nowS()) };
        self.watches.push(w);
        return w.id;
      },
      clearWatch(id) {
        if (id === undefined) {
          self.watches = [];
          return;
        }
        const i = self.watches.findIndex((w) => w.id === Number(id));
        if (i >= 0) self.watches.splice(i, 1);
      },
      // ---- timers
      setTimer(fn, ms, args, isInterval) {
        alive();
        let t = Number(ms);
        if (Number.isNaN(t) || t < TIMER_MIN_MS) t = TIMER_MIN_MS;
        if (t > TIMER_MAX_MS) throw self.sbError('Interval is too long (>100 years)');
        const timer: Timer = {
          id: self.newTimerId(self.timers),
          dueMs: self.nowMsValue + t,
          intervalMs: isInterval ? t : 0,
          fn: fn as Fn,
          args: (args as unknown[]) ?? [],
          seq: ++self.seq,
        };
        self.timers.push(timer);
        return timer.id;
      },
      clearTimer(id) {
        if (id === undefined) {
          self.timers = [];
          return;
        }
        const i = self.timers.findIndex((t) => t.id === Number(id));
        if (i >= 0) self.timers.splice(i, 1);
      },
      changeInterval(id, ms) {
        const t = self.timers.find((x) => x.id === Number(id));
        if (!t) throw self.sbError('Unknown Interval');
        let v = Number(ms);
        if (!(v >= TIMER_MIN_MS)) v = TIMER_MIN_MS;
        t.intervalMs = v;
        t.dueMs = self.nowMsValue + v;
        t.seq = ++self.seq;
      },
      getTime() {
        return self.nowS();
      },
      setTime(t) {
        self.timeOffsetMs = Number(t) * 1000 - self.nowMsValue;
      },
      // ---- interpreter
      reset(clearFlash) {
        self.pending = clearFlash ? 'resetClearFlash' : 'reset';
      },
      loadSaved() {
        self.pending = 'load';
      },
      reboot() {
        self.pending = 'reboot';
      },
      save() {
        if (self.code) storage(() => self.storage.write('.bootcde', self.code!.source));
      },
      setBootCode(code) {
        storage(() => (code ? self.storage.write('.bootcde', code as string) : self.storage.erase('.bootcde')));
      },
      dump() {
        self.print(`// Virtual Pico dump(): ${self.timers.length} timer(s), ${self.watches.length} watch(es)\n${self.code ? self.code.source + '\n' : ''}`);
      },
      setDeepSleep(v) {
        self.deepSleep = !!v;
      },
      prepare(code) {
        try {
          return self.prepare(code as string).code;
        } catch (e) {
          if (e instanceof EspruinoSyntaxError) throw self.sbError(e.message, 'SyntaxError');
          throw e;
        }
      },
      memory() {
        const usage = self.estimateUsage();
        if (usage > self.variables) {
          self.reportOom(usage);
          self.oomPending = new OutOfMemoryError(usage, self.variables);
          throw self.sbError('Out of Memory');
        }
        return { usage, total: self.variables, free: self.variables - usage, blocksize: BLOCKSIZE };
      },
      sizeOf(v) {
        const w = new MemoryWalker((o) => self.builtinSet.has(o));
        w.value(v);
        return w.count;
      },
      getTemperature() {
        return 25;
      },
      enableWatchdog(timeout, auto) {
        let t = Number(timeout);
        if (!(t >= 0)) t = 1;
        self.watchdog = { timeoutMs: t * 1000, auto: !!auto, lastKickMs: self.nowMsValue };
      },
      kickWatchdog() {
        if (self.watchdog) self.watchdog.lastKickMs = self.nowMsValue;
      },
      // ---- Storage
      stWrite: (name, data, offset, size) => storage(() => self.storage.write(name as string, data as string, offset as number, size as number)),
      stRead: (name, offset, length) => storage(() => self.storage.read(name as string, offset as number, length as number)),
      stErase: (name) => storage(() => self.storage.erase(name as string)),
      stEraseAll: () => storage(() => self.storage.eraseAll()),
      stList: () => storage(() => self.storage.list()),
      stGetFree: () => storage(() => self.storage.getFree()),
      stGetStats: () => storage((): StorageStats => self.storage.stats()),
      stCompact: () => storage(() => self.storage.compact()),
      // ---- Waveform
      wfStart(wf, name, freq, repeat, time, output) {
        alive();
        const w = wf as Record<string, unknown>;
        if (self.waves.some((t) => t.wf === w)) throw self.sbError('Waveform is already running');
        if (typeof name !== 'string' || !self.pins.get(name)) throw self.sbError('Invalid pin');
        const f = Number(freq);
        if (!Number.isFinite(f) || f < 0.001) throw self.sbError('Frequency must be above 0.001Hz');
        const p = self.pins.get(name)!;
        if (!output && !p.info.adc) {
          self.printError(`ERROR: Pin ${name} is not capable of Analog Input\nSuitable pins are:\n${wrapPins(self.pins.analogNames())}`);
        }
        const buffer = w.buffer as SampleArray;
        const buffer2 = w.buffer2 as SampleArray | undefined;
        const bufs = repeat && buffer2 ? [buffer, buffer2] : [buffer];
        const tt = Number(time);
        const t0 = Number.isFinite(tt) && tt > 0 ? tt * 1000 - self.timeOffsetMs : self.nowMsValue;
        self.flushWaveforms();
        self.waves.push({
          wf: w,
          pin: name,
          periodMs: 1000 / f,
          t0Ms: t0,
          k: 0,
          n: buffer.length,
          bufs,
          cur: 0,
          repeat: !!repeat,
          output: !!output,
          is16: Object.prototype.toString.call(buffer) === '[object Uint16Array]',
        });
        w.running = true;
        w.freq = f;
      },
      wfStop(wf) {
        const i = self.waves.findIndex((t) => t.wf === wf);
        if (i < 0) throw self.sbError('Waveform is not running');
        self.flushWaveforms();
        self.waves.splice(i, 1);
        (wf as Record<string, unknown>).running = false;
      },
    };
    return N;
  }
}
