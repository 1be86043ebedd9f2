// The hand simulation engine: the one place that wires a Virtual Pico running the firmware
// bundle to the models of the hand around it. Used by the scenario runner, and meant for the
// browser UI, the TCP console and the evaluation tools alike.
//
// Lock-step at a fixed physics step (default 5 ms): advance the Virtual Pico by one step, then
// read the pulse on each servo pin -> step the servo models (object, jam, supply voltage) ->
// finger angles and flexion -> flex sensors (or, with flexSource 'glove', the glove's bends ->
// flex sensors); battery current = servo currents + the board ->
// battery model -> the sense pin. EMG pins are sampled by the firmware whenever it likes: they
// read live EMG channels (sim/engine/emgChannel.ts) whose activation, faults and replayed
// recordings are set through this API. hand.status() is evaluated every statusIntervalMs.
//
// The engine only depends on the firmware's pins, pulses, LEDs and hand.status(): nothing of
// its internals. Deterministic: the same seed and the same calls give the same snapshots.

// Imported from the model files themselves, not the index: its re-exports are getters, and
// these run a few hundred thousand times per simulated minute.
import { BatteryState, batteryParams, cellOpenCircuitV, createBattery, stepBattery } from '../models/battery';
import { FlexState, createFlex, flexParams, stepFlex } from '../models/flex';
import { ServoState, createServo, pulseToAngleDeg, servoParams, stepServo } from '../models/servo';
import { FingerGeometry, fingerAngleDeg, fingerFlexion } from '../models/finger';
import type { ServoModelName } from '../models/servoDatasheets';
import { channelSamples, resample, toEnvelopeAdc, toRawAdc, envelopeOf, highPass } from '../recordings';
import { VirtualPico } from '../runtime';
import { EffortRamp, EmgChannel } from './emgChannel';
import {
  ClearFaultSpec,
  EmgSignal,
  FINGERS,
  FLEX_SOURCES,
  FaultSpec,
  FingerName,
  FirmwareStatus,
  FlexSource,
  HandPins,
  HandSimOptions,
  HandSnapshot,
  LedSnapshot,
  ObjectSpec,
  ReplaySpec,
  SITES,
  Site,
} from './types';

export const DEFAULT_PINS: HandPins = {
  emg: { flexor: 'A5', extensor: 'A6' },
  flex: ['A0', 'A1', 'A2', 'A3', 'A4'],
  servos: ['B3', 'B4', 'B5', 'B8', 'B9'],
  battery: 'B1',
  redLed: 'LED1',
  greenLed: 'LED2',
  button: 'BTN',
};

/** The expression evaluated to sample the firmware's status (no function: nothing to leak). */
const STATUS_EXPR = 'typeof hand=="object"&&hand&&typeof hand.status=="function"?hand.status():null';

export interface HandSim {
  /** The Virtual Pico running the firmware (for consoles and tools; prefer the methods below). */
  readonly vp: VirtualPico;
  readonly options: Readonly<Required<Pick<HandSimOptions, 'seed' | 'emgSignal' | 'servoModel' | 'physicsDtMs' | 'statusIntervalMs' | 'pinRateHz'>>>;
  readonly pins: HandPins;
  /** Virtual time, s. */
  readonly tS: number;
  /** Advance the firmware and the models by ms of virtual time. */
  step(ms: number): void;
  /** A muscle's activation 0..1, now or ramped linearly over rampS seconds. */
  setEffort(site: Site, level: number, rampS?: number): void;
  effort(site: Site): number;
  /** Where the flex sensors are now: on the prosthetic fingers or on the glove. */
  readonly flexSource: FlexSource;
  /** Move the flex sensors (the next physics step reads from the new place). */
  setFlexSource(source: FlexSource): void;
  /** The glove's bends, one per flex sensor (thumb..little), 0 straight..1 bent, now or ramped
   *  linearly over rampS seconds. The flex pins read them while flexSource is 'glove'. */
  setGlove(bends: number[], rampS?: number): void;
  /** The glove's bends now. */
  glove(): number[];
  pressButton(): void;
  releaseButton(): void;
  /** Put an object in the hand (or take it away with null / {shape:'none'}). */
  placeObject(spec: ObjectSpec | null): void;
  injectFault(fault: FaultSpec): void;
  /** Clear faults: all (no argument), of a kind, or of one site / finger. */
  clearFault(which?: ClearFaultSpec): void;
  /** Pack state of charge 0..1, or the open-circuit voltage it should have. */
  setBattery(spec: { chargeFraction?: number; voltage?: number }): void;
  /** Drive a site's pin from a recorded channel, starting now. */
  replay(spec: ReplaySpec): { durationS: number; gain: number };
  stopReplay(site: Site): void;
  /** A line at the firmware's console (output shows up in snapshots). */
  console(line: string): { result?: unknown; error?: string };
  /** Evaluate hand.status() now (also done every statusIntervalMs). */
  sampleStatus(): FirmwareStatus | null;
  /** Lose power and boot again from flash; the models keep their state. */
  powerCycle(): void;
  /** Everything at this moment; duty cycles, pulse extremes, `moved` and `output` cover the time
   *  since the previous snapshot. With { peek: true } those windows are left running (for a
   *  look in between, e.g. a check at an instant). */
  snapshot(opts?: { peek?: boolean }): HandSnapshot;
}

interface LedTrack {
  pin: string;
  sum: number;
  n: number;
  edges: number;
  last: number;
}

interface ArtefactTrain {
  site: Site;
  amplitude: number;
  everyS: number;
  nextS: number;
}

function round(v: number, digits = 6): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** Charge fraction whose open-circuit cell voltage is v (inverse of the OCV table). */
function chargeForCellVoltage(v: number): number {
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 40; i++) {
    const mid = (lo + hi) / 2;
    if (cellOpenCircuitV(mid) < v) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** The object without its undefined fields (model parameter helpers spread their overrides). */
function defined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

/** Derive independent seeds for the noise sources from the run's seed. */
function subSeed(seed: number, k: number): number {
  let h = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(k + 1, 0x85ebca6b)) | 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) | 0;
}

function checkFlexSource(source: FlexSource): void {
  if (!(FLEX_SOURCES as readonly string[]).includes(source)) throw new Error(`flexSource must be ${FLEX_SOURCES.join(' or ')}, got ${source}`);
}

/** A value that holds `from` until t0S, moves linearly to `to` at t1S, then holds. */
function rampAt(r: EffortRamp, tS: number): number {
  if (tS >= r.t1S) return r.to;
  if (tS <= r.t0S) return r.from;
  return r.from + ((tS - r.t0S) / (r.t1S - r.t0S)) * (r.to - r.from);
}

function percentile(values: Float32Array, p: number): number {
  if (!values.length) return 0;
  const sorted = Float32Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

export function createHandSim(opts: HandSimOptions): HandSim {
  const seed = opts.seed;
  const emgSignal: EmgSignal = opts.emgSignal ?? 'envelope';
  const servoModel: ServoModelName = opts.servoModel ?? 'SG90';
  const dtMs = opts.physicsDtMs ?? 5;
  if (!(dtMs > 0)) throw new Error(`createHandSim: physicsDtMs must be positive, got ${dtMs}`);
  const statusIntervalMs = opts.statusIntervalMs ?? 100;
  const pinRateHz = opts.pinRateHz ?? 500;
  const boardCurrentA = opts.boardCurrentA ?? 0.04;
  const pins: HandPins = { ...DEFAULT_PINS, ...opts.pins, emg: { ...DEFAULT_PINS.emg, ...opts.pins?.emg } };
  const pulseOpen = opts.fingerPulseUs?.open ?? 1000;
  const pulseClosed = opts.fingerPulseUs?.closed ?? 2000;
  const nFingers = pins.servos.length;
  let flexSource: FlexSource = opts.flexSource ?? 'fingers';
  checkFlexSource(flexSource);

  // ---- models
  const sParams = servoParams(servoModel);
  const geometry: FingerGeometry = { openAngleDeg: pulseToAngleDeg(pulseOpen, sParams), closedAngleDeg: pulseToAngleDeg(pulseClosed, sParams) };
  const closeDirection: 1 | -1 = geometry.closedAngleDeg >= geometry.openAngleDeg ? 1 : -1;
  const servoP = servoParams(servoModel, { closeDirection, initialAngleDeg: geometry.openAngleDeg });
  const halfDeadbandDeg = ((servoP.deadbandUs / (servoP.maxPulseUs - servoP.minPulseUs)) * servoP.travelDeg) / 2;
  let servos: ServoState[] = pins.servos.map(() => createServo(servoP));
  let flexes: FlexState[] = pins.flex.map((_, i) => createFlex(flexParams({ seed: subSeed(seed, 100 + i) })));
  let battery: BatteryState = createBattery(batteryParams(defined(opts.battery ?? {})));
  const channels: Record<Site, EmgChannel> = {
    flexor: new EmgChannel(emgSignal, subSeed(seed, 1), opts.emgParams?.flexor),
    extensor: new EmgChannel(emgSignal, subSeed(seed, 2), opts.emgParams?.extensor),
  };

  // ---- live inputs and faults
  const objectFlexion: (number | null)[] = pins.servos.map(() => null);
  const objectAngle: (number | undefined)[] = pins.servos.map(() => undefined);
  const jammedAt: (number | undefined)[] = pins.servos.map(() => undefined);
  let gloveRamps: EffortRamp[] = pins.flex.map(() => ({ from: 0, to: 0, t0S: 0, t1S: 0 }));
  let trains: ArtefactTrain[] = [];
  let lowBatteryRestore: number | undefined;
  let button = false;

  // ---- time and bookkeeping
  let tMs = 0;
  let physK = 0;
  let nextStatusMs = statusIntervalMs > 0 ? 0 : Infinity;
  let status: FirmwareStatus | null = null;
  let statusAtS: number | null = null;
  let outputCursor = 0;
  const pulseNow: (number | undefined)[] = pins.servos.map(() => undefined);
  let pulseMin: (number | null)[] = pins.servos.map(() => null);
  let pulseMax: (number | null)[] = pins.servos.map(() => null);
  let moved: boolean[] = pins.servos.map(() => false);
  const leds: { red: LedTrack; green: LedTrack } = {
    red: { pin: pins.redLed, sum: 0, n: 0, edges: 0, last: 0 },
    green: { pin: pins.greenLed, sum: 0, n: 0, edges: 0, last: 0 },
  };

  const vp = new VirtualPico({
    seed,
    storage: opts.storage,
    onOutput: opts.onOutput,
    memoryCheckIntervalS: opts.memoryCheckIntervalS ?? 5,
  });

  function wirePins(): void {
    for (const site of SITES) {
      const ch = channels[site];
      vp.setAnalog(pins.emg[site], (tS) => ch.valueAt(tS));
    }
    pins.flex.forEach((pin, i) => vp.setAnalog(pin, () => flexes[i].valueAdc));
    vp.setAnalog(pins.battery, () => battery.senseAdc);
    vp.setDigitalIn(pins.button, button);
  }

  /**
   * What a person sees: a slow PWM (the firmware's blink patterns) is on for `duty` of each
   * period, a fast one (>= 25 Hz) is a steady glow of brightness `duty`.
   */
  function ledLevel(pin: string): number {
    const pwm = vp.pwm(pin);
    if (pwm) return pwm.freqHz >= 25 ? pwm.duty : (vp.nowS() * pwm.freqHz) % 1 < pwm.duty ? 1 : 0;
    return vp.digitalOut(pin) ? 1 : 0;
  }

  function sampleLeds(): void {
    for (const led of [leds.red, leds.green]) {
      const v = ledLevel(led.pin);
      if (v > 0 && led.last <= 0) led.edges++;
      led.last = v;
      led.sum += v;
      led.n++;
    }
  }

  function sampleStatus(): FirmwareStatus | null {
    let s: unknown;
    try {
      s = vp.eval(STATUS_EXPR);
    } catch (e) {
      status = { state: 'unavailable', error: String(e instanceof Error ? e.message : e) };
      statusAtS = tMs / 1000;
      return status;
    }
    status = s && typeof s === 'object' ? (JSON.parse(JSON.stringify(s)) as FirmwareStatus) : null;
    statusAtS = tMs / 1000;
    return status;
  }

  function physicsStep(): void {
    const dtS = dtMs / 1000;
    const supplyV = battery.terminalV;
    let servoA = 0;
    for (let i = 0; i < nFingers; i++) {
      const pulse = vp.pulseUs(pins.servos[i]);
      pulseNow[i] = pulse;
      if (pulse !== undefined) {
        const mn = pulseMin[i];
        const mx = pulseMax[i];
        if (mn === null || pulse < mn) pulseMin[i] = pulse;
        if (mx === null || pulse > mx) pulseMax[i] = pulse;
      }
      const prev = servos[i];
      const before = prev.angleDeg;
      // Limp and still limp: stepServo would return the same state.
      const limp = pulse === undefined && prev.targetAngleDeg === undefined && prev.currentA === 0 && !prev.stalled && !prev.moving;
      let s = limp ? prev : stepServo(prev, { pulseUs: pulse, supplyV, objectAngleDeg: objectAngle[i] }, dtS);
      const jam = jammedAt[i];
      if (jam !== undefined) s = jammed(s, jam, supplyV);
      servos[i] = s;
      if (s.angleDeg !== before) moved[i] = true;
      servoA += s.currentA;
      if (i < flexes.length && flexSource === 'fingers') flexes[i] = stepFlex(flexes[i], { bend: fingerFlexion(s.angleDeg, geometry) }, dtS);
    }
    if (flexSource === 'glove') {
      const tS = tMs / 1000;
      for (let i = 0; i < flexes.length; i++) flexes[i] = stepFlex(flexes[i], { bend: rampAt(gloveRamps[i], tS) }, dtS);
    }
    battery = stepBattery(battery, { currentA: servoA + boardCurrentA }, dtS);
    sampleLeds();
    const tS = tMs / 1000;
    for (const tr of trains) {
      while (tr.nextS <= tS + 1e-9) {
        channels[tr.site].addArtefact(tr.nextS, tr.amplitude);
        tr.nextS += tr.everyS;
      }
    }
    if (tMs >= nextStatusMs - 1e-9) {
      sampleStatus();
      while (nextStatusMs <= tMs + 1e-9) nextStatusMs += statusIntervalMs;
    }
  }

  /** A jammed finger: it stays at `jam`; if driven away from it, it pushes at stall. */
  function jammed(s: ServoState, jam: number, supplyV: number): ServoState {
    if (s.targetAngleDeg === undefined) return { ...s, angleDeg: jam, moving: false, stalled: false };
    const pushDeg = Math.abs(s.targetAngleDeg - jam);
    if (pushDeg <= halfDeadbandDeg) return { ...s, angleDeg: jam, moving: false, stalled: false, torqueNm: 0, currentA: servoP.idleCurrentA };
    const vs = supplyV / servoP.ratedVoltageV;
    const effort = Math.min(1, pushDeg / servoP.fullTorqueErrorDeg);
    return {
      ...s,
      angleDeg: jam,
      moving: false,
      stalled: true,
      torqueNm: servoP.stallTorqueNm * vs * effort,
      currentA: servoP.idleCurrentA + (servoP.stallCurrentA * vs - servoP.idleCurrentA) * effort,
    };
  }

  function step(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`step(${ms}): expected a non-negative number of ms`);
    const end = round(tMs + ms, 6);
    for (;;) {
      const next = round((physK + 1) * dtMs, 6);
      if (next > end + 1e-9) break;
      vp.advance(next - tMs);
      tMs = next;
      physK++;
      physicsStep();
    }
    if (end > tMs) {
      vp.advance(end - tMs);
      tMs = end;
    }
  }

  function fingerIndex(f: FingerName | number): number {
    const i = typeof f === 'number' ? f : (FINGERS as readonly string[]).indexOf(f);
    if (!(i >= 0 && i < nFingers)) throw new Error(`No finger ${f} (fingers: ${FINGERS.slice(0, nFingers).join(', ')})`);
    return i;
  }
  function checkSite(site: Site): EmgChannel {
    const ch = channels[site];
    if (!ch) throw new Error(`No EMG site ${site} (sites: ${SITES.join(', ')})`);
    return ch;
  }

  function setGlove(bends: number[], rampS = 0): void {
    if (!Array.isArray(bends) || bends.length !== flexes.length) throw new Error(`setGlove: expected ${flexes.length} bends (one per flex sensor), got ${Array.isArray(bends) ? bends.length : typeof bends}`);
    bends.forEach((b, i) => {
      if (!(typeof b === 'number' && b >= 0 && b <= 1)) throw new Error(`setGlove: bend ${i} (${FINGERS[i] ?? i}) must be 0..1, got ${b}`);
    });
    if (!(rampS >= 0)) throw new Error(`setGlove: rampS must be 0 or more, got ${rampS}`);
    const nowS = tMs / 1000;
    gloveRamps = bends.map((to, i) => (rampS > 0 ? { from: rampAt(gloveRamps[i], nowS), to, t0S: nowS, t1S: nowS + rampS } : { from: to, to, t0S: nowS, t1S: nowS }));
  }

  function placeObject(spec: ObjectSpec | null): void {
    let f: (number | null)[];
    if (!spec || spec.shape === 'none') f = pins.servos.map(() => null);
    else if (spec.shape === 'cup') f = pins.servos.map(() => spec.closure);
    else {
      if (spec.fingers.length !== nFingers) throw new Error(`placeObject: expected ${nFingers} finger flexions, got ${spec.fingers.length}`);
      f = spec.fingers.slice();
    }
    for (let i = 0; i < nFingers; i++) {
      const v = f[i];
      objectFlexion[i] = v === null || v === undefined ? null : Math.min(1, Math.max(0, v));
      objectAngle[i] = objectFlexion[i] === null ? undefined : fingerAngleDeg(objectFlexion[i]!, geometry);
    }
  }

  function setBattery(spec: { chargeFraction?: number; voltage?: number }): void {
    let charge: number;
    if (spec.chargeFraction !== undefined) charge = spec.chargeFraction;
    else if (spec.voltage !== undefined) charge = chargeForCellVoltage(spec.voltage / battery.params.cells);
    else throw new Error('setBattery: give chargeFraction or voltage');
    charge = Math.min(1, Math.max(0, charge));
    // A step of zero time recomputes the voltages for the new charge.
    battery = stepBattery({ ...battery, chargeFraction: charge }, { currentA: battery.currentA }, 0);
  }

  function injectFault(f: FaultSpec): void {
    const tS = tMs / 1000;
    switch (f.kind) {
      case 'liftoff':
        if (f.mode !== 'rail' && f.mode !== 'flat') throw new Error(`liftoff mode must be rail or flat, got ${f.mode}`);
        checkSite(f.site).liftoff = f.mode;
        return;
      case 'motionArtefact': {
        const ch = checkSite(f.site);
        const amplitude = f.amplitude ?? 0.5;
        if (f.everyS !== undefined) {
          if (!(f.everyS > 0)) throw new Error('motionArtefact everyS must be positive');
          trains = trains.filter((t) => t.site !== f.site);
          trains.push({ site: f.site, amplitude, everyS: f.everyS, nextS: tS });
        } else ch.addArtefact(tS, amplitude);
        return;
      }
      case 'servoStall': {
        const i = fingerIndex(f.finger);
        jammedAt[i] = servos[i].angleDeg;
        return;
      }
      case 'lowBattery': {
        if (lowBatteryRestore === undefined) lowBatteryRestore = battery.chargeFraction;
        setBattery({ chargeFraction: f.chargeFraction ?? 0.03 });
        return;
      }
      default:
        throw new Error(`Unknown fault kind ${(f as { kind: string }).kind}`);
    }
  }

  function clearFault(which: ClearFaultSpec = {}): void {
    const kind = which.kind;
    if (!kind || kind === 'liftoff') for (const s of SITES) if (!which.site || which.site === s) channels[s].liftoff = undefined;
    if (!kind || kind === 'motionArtefact') trains = trains.filter((t) => which.site !== undefined && t.site !== which.site);
    if (!kind || kind === 'servoStall') {
      for (let i = 0; i < nFingers; i++) if (which.finger === undefined || fingerIndex(which.finger) === i) jammedAt[i] = undefined;
    }
    if ((!kind || kind === 'lowBattery') && lowBatteryRestore !== undefined) {
      setBattery({ chargeFraction: lowBatteryRestore });
      lowBatteryRestore = undefined;
    }
  }

  function replay(spec: ReplaySpec): { durationS: number; gain: number } {
    const ch = checkSite(spec.site);
    const rec = spec.recording;
    const all = channelSamples(rec, spec.channel);
    const from = Math.max(0, Math.floor((spec.fromS ?? 0) * rec.rateHz));
    const to = spec.durationS !== undefined ? Math.min(all.length, from + Math.round(spec.durationS * rec.rateHz)) : all.length;
    if (to <= from) throw new Error(`replay: nothing to play from ${rec.name} ${spec.channel} (from ${spec.fromS ?? 0} s, ${spec.durationS ?? 'all'} s of ${(all.length / rec.rateHz).toFixed(1)} s)`);
    const part = all.subarray(from, to);
    let gain = spec.gain;
    let adc: Float32Array;
    if (ch.mode === 'envelope') {
      if (gain === undefined) {
        const p = percentile(envelopeOf(all, rec.rateHz), 0.99);
        gain = p > 0 ? 0.8 / p : 0;
      }
      adc = toEnvelopeAdc(part, rec.rateHz, { gain, offsetAdc: spec.offsetAdc ?? 0.03 });
    } else {
      if (gain === undefined) {
        const centred = highPass(all, rec.rateHz, 10).map(Math.abs);
        const p = percentile(centred, 0.99);
        gain = p > 0 ? 0.4 / p : 0;
      }
      adc = toRawAdc(part, rec.rateHz, { gain });
    }
    const resampled = rec.rateHz === pinRateHz ? adc : resample(adc, rec.rateHz, pinRateHz);
    ch.replayTrack = { adc: resampled, rateHz: pinRateHz, startS: tMs / 1000, loop: !!spec.loop, label: `${rec.name}:${spec.channel}` };
    return { durationS: resampled.length / pinRateHz, gain };
  }

  function consoleLine(line: string): { result?: unknown; error?: string } {
    try {
      const r = vp.eval(line);
      let result: unknown = r;
      try {
        result = r === undefined ? undefined : JSON.parse(JSON.stringify(r));
      } catch {
        result = String(r);
      }
      return { result };
    } catch (e) {
      return { error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
    }
  }

  function simFaults(): string[] {
    const out: string[] = [];
    for (const s of SITES) if (channels[s].liftoff) out.push(`liftoff:${s}:${channels[s].liftoff}`);
    for (const t of trains) out.push(`motionArtefact:${t.site}`);
    for (let i = 0; i < nFingers; i++) if (jammedAt[i] !== undefined) out.push(`servoStall:${FINGERS[i] ?? i}`);
    if (lowBatteryRestore !== undefined) out.push('lowBattery');
    return out;
  }

  function ledSnap(led: LedTrack, peek: boolean): LedSnapshot {
    const snap = { level: round(led.last, 4), duty: led.n ? round(led.sum / led.n, 4) : round(led.last, 4), edges: led.edges };
    if (peek) return snap;
    led.sum = 0;
    led.n = 0;
    led.edges = 0;
    return snap;
  }

  function snapshot(opts: { peek?: boolean } = {}): HandSnapshot {
    const peek = !!opts.peek;
    const tS = tMs / 1000;
    const out = vp.output();
    const output = out.slice(outputCursor);
    if (!peek) outputCursor = out.length;
    const snap: HandSnapshot = {
      tS: round(tS, 6),
      effort: { flexor: round(channels.flexor.activationAt(tS), 4), extensor: round(channels.extensor.activationAt(tS), 4) },
      emgAdc: { flexor: round(channels.flexor.valueAt(tS), 5), extensor: round(channels.extensor.valueAt(tS), 5) },
      replaying: SITES.filter((s) => channels[s].replayActiveAt(tS)),
      pulsesUs: pulseNow.map((p) => (p === undefined ? null : round(p, 2))),
      pulseMinUs: pulseMin.map((p) => (p === null ? null : round(p, 2))),
      pulseMaxUs: pulseMax.map((p) => (p === null ? null : round(p, 2))),
      angleDeg: servos.map((s) => round(s.angleDeg, 3)),
      flexion: servos.map((s) => round(fingerFlexion(s.angleDeg, geometry), 4)),
      flexSource,
      glove: gloveRamps.map((r) => round(rampAt(r, tS), 4)),
      flexAdc: flexes.map((f) => round(f.valueAdc, 5)),
      moved: moved.slice(),
      stalled: servos.map((s) => s.stalled),
      servoCurrentA: servos.map((s) => round(s.currentA, 4)),
      totalCurrentA: round(battery.currentA, 4),
      batteryV: round(battery.terminalV, 4),
      batteryCharge: round(battery.chargeFraction, 5),
      leds: { red: ledSnap(leds.red, peek), green: ledSnap(leds.green, peek) },
      button,
      object: objectFlexion.slice(),
      simFaults: simFaults(),
      status,
      statusAtS: statusAtS === null ? null : round(statusAtS, 6),
      output,
      resets: vp.resets,
      errorCount: vp.errors().length,
    };
    if (peek) return snap;
    pulseMin = pins.servos.map(() => null);
    pulseMax = pins.servos.map(() => null);
    moved = pins.servos.map(() => false);
    return snap;
  }

  wirePins();
  vp.load(opts.firmware);
  sampleLeds();

  const sim: HandSim = {
    vp,
    options: { seed, emgSignal, servoModel, physicsDtMs: dtMs, statusIntervalMs, pinRateHz },
    pins,
    get tS() {
      return tMs / 1000;
    },
    step,
    setEffort(site, level, rampS = 0) {
      if (!(level >= 0 && level <= 1)) throw new Error(`setEffort: level must be 0..1, got ${level}`);
      checkSite(site).setEffort(level, tMs / 1000, rampS);
    },
    effort: (site) => checkSite(site).activationAt(tMs / 1000),
    get flexSource() {
      return flexSource;
    },
    setFlexSource(source) {
      checkFlexSource(source);
      flexSource = source;
    },
    setGlove,
    glove: () => gloveRamps.map((r) => rampAt(r, tMs / 1000)),
    pressButton() {
      button = true;
      vp.setDigitalIn(pins.button, true);
    },
    releaseButton() {
      button = false;
      vp.setDigitalIn(pins.button, false);
    },
    placeObject,
    injectFault,
    clearFault,
    setBattery,
    replay,
    stopReplay: (site) => {
      checkSite(site).replayTrack = undefined;
    },
    console: consoleLine,
    sampleStatus,
    powerCycle() {
      vp.powerCycle();
      wirePins();
    },
    snapshot,
  };
  return sim;
}
