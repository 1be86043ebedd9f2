// The hand simulation engine driving the real firmware bundle: EMG in, pulses and fingers out.
import { createHandSim, HandSim } from '../../sim/engine';
import { flexIdealAdc, flexParams } from '../../sim/models/flex';
import { EmgRecording } from '../../sim/recordings';
import { FlashImage } from '../../sim/runtime';
import { builtFirmware } from './firmware';

let firmware: string;
beforeAll(async () => {
  firmware = (await builtFirmware()).source;
});

function booted(seed = 1, extra: Partial<Parameters<typeof createHandSim>[0]> = {}): HandSim {
  const sim = createHandSim({ firmware, seed, ...extra });
  sim.step(1500);
  return sim;
}

const all = (xs: number[], f: (x: number) => boolean) => xs.every(f);

describe('createHandSim', () => {
  test('boots the bundle at rest: ready, fingers open, no pulses, battery on the sense pin', () => {
    const sim = booted();
    const s = sim.snapshot();
    expect(s.tS).toBe(1.5);
    expect(s.status?.state).toBe('ready');
    expect(s.flexion).toEqual([0, 0, 0, 0, 0]);
    expect(s.pulsesUs).toEqual([null, null, null, null, null]);
    expect(s.effort).toEqual({ flexor: 0, extensor: 0 });
    expect(s.emgAdc.flexor).toBeGreaterThan(0.01);
    expect(s.emgAdc.flexor).toBeLessThan(0.06);
    expect(s.status?.batteryV).toBeCloseTo(s.batteryV, 1);
    expect(s.output).toMatch(/Grasp .* ready/);
  });

  test('closes on flexor activity and opens on extensor activity, pulses within 1000..2000 µs', () => {
    const sim = booted();
    sim.snapshot();
    sim.setEffort('flexor', 0.6, 0.2);
    sim.step(1500);
    let s = sim.snapshot();
    expect(all(s.flexion, (f) => f > 0.95)).toBe(true);
    expect(s.status?.state).toBe('holding');
    expect(s.pulsesUs.every((p) => p === 2000)).toBe(true);
    expect(s.moved.every(Boolean)).toBe(true);
    sim.setEffort('flexor', 0);
    sim.setEffort('extensor', 0.6, 0.2);
    sim.step(1500);
    s = sim.snapshot();
    expect(all(s.flexion, (f) => f < 0.05)).toBe(true);
    for (let i = 0; i < 5; i++) {
      expect(s.pulseMinUs[i]).toBeGreaterThanOrEqual(1000);
      expect(s.pulseMaxUs[i]).toBeLessThanOrEqual(2000);
    }
  });

  test('an object stops the fingers: stalled against it, drawing current, the battery sagging', () => {
    const sim = booted();
    sim.placeObject({ shape: 'cup', closure: 0.5 });
    sim.setEffort('flexor', 0.6, 0.2);
    sim.step(1500);
    const s = sim.snapshot();
    for (const f of s.flexion) expect(f).toBeCloseTo(0.5, 2);
    expect(s.stalled).toEqual([true, true, true, true, true]);
    expect(s.object).toEqual([0.5, 0.5, 0.5, 0.5, 0.5]);
    expect(s.totalCurrentA).toBeGreaterThan(1);
    expect(s.batteryV).toBeLessThan(4.1);
    expect(s.pulsesUs.every((p) => p !== null && p <= 2000)).toBe(true);
    sim.placeObject(null);
    sim.step(500);
    expect(sim.snapshot().flexion.every((f) => f > 0.95)).toBe(true);
  });

  test('a jammed servo stays put and pushes; clearing the fault frees it', () => {
    const sim = booted();
    sim.injectFault({ kind: 'servoStall', finger: 'index' });
    sim.setEffort('flexor', 0.6, 0.2);
    sim.step(1500);
    let s = sim.snapshot();
    expect(s.flexion[1]).toBe(0);
    expect(s.stalled[1]).toBe(true);
    expect(s.flexion[2]).toBeGreaterThan(0.95);
    expect(s.simFaults).toEqual(['servoStall:index']);
    sim.clearFault({ kind: 'servoStall' });
    sim.step(500);
    s = sim.snapshot();
    expect(s.flexion[1]).toBeGreaterThan(0.95);
    expect(s.simFaults).toEqual([]);
  });

  test('a railed electrode faults its site in the firmware, with the red LED blinking', () => {
    const sim = booted();
    sim.injectFault({ kind: 'liftoff', site: 'flexor', mode: 'rail' });
    sim.step(1500);
    const s = sim.snapshot();
    expect(s.emgAdc.flexor).toBe(1);
    expect(s.status?.state).toBe('fault');
    expect((s.status?.faults ?? []).join()).toMatch(/flexor/);
    expect(s.leds.red.edges).toBeGreaterThanOrEqual(2);
    sim.clearFault();
    sim.step(1500);
    expect(sim.snapshot().status?.faults).toEqual([]);
  });

  test('battery: set by charge or voltage; low-battery fault and its clearing; the firmware reads it on B1', () => {
    const sim = booted();
    sim.setBattery({ voltage: 3.7 });
    sim.step(200);
    expect(sim.snapshot().batteryV).toBeCloseTo(3.7, 1);
    sim.injectFault({ kind: 'lowBattery', chargeFraction: 0 });
    sim.step(200);
    const st = sim.sampleStatus();
    expect(st?.batteryV).toBeCloseTo(3.0, 1);
    sim.clearFault({ kind: 'lowBattery' });
    sim.step(200);
    expect(sim.snapshot().batteryV).toBeCloseTo(3.7, 1);
  });

  test('replays a recorded channel on a site (resampled to the pin rate, as an envelope)', () => {
    const rate = 200;
    const n = rate * 4;
    const samples = new Float32Array(n);
    // 1 s of quiet, 2 s of a strong 80 Hz burst, 1 s of quiet
    for (let k = 0; k < n; k++) samples[k] = (k >= rate && k < 3 * rate ? 40 : 2) * Math.sin((2 * Math.PI * 80 * k) / rate + 0.3) * (k % 2 ? 1 : -1);
    const recording: EmgRecording = { name: 'synthetic', rateHz: rate, channels: ['c1'], samples: [samples], unit: 'au', source: 'test' };
    const sim = booted();
    const r = sim.replay({ site: 'flexor', recording, channel: 'c1' });
    expect(r.durationS).toBeCloseTo(4, 1);
    sim.step(500);
    expect(sim.snapshot().replaying).toEqual(['flexor']);
    sim.step(1500);
    expect(sim.snapshot().flexion.every((f) => f > 0.9)).toBe(true);
    sim.step(2500);
    const s = sim.snapshot();
    expect(s.replaying).toEqual([]);
    expect(() => sim.replay({ site: 'flexor', recording, channel: 'nope' })).toThrow(/no channel nope/);
  });

  test('the button pauses EMG control; console lines run in the firmware', () => {
    const sim = booted();
    sim.pressButton();
    sim.step(100);
    sim.releaseButton();
    sim.step(300);
    expect(sim.sampleStatus()?.emgControl).toBe(false);
    sim.setEffort('flexor', 0.6);
    sim.step(1000);
    expect(sim.snapshot().flexion.every((f) => f === 0)).toBe(true);
    expect(sim.console('hand.resume()').error).toBeUndefined();
    expect(sim.console('1+').error).toMatch(/SyntaxError/);
    sim.step(1500);
    expect(sim.snapshot().flexion.every((f) => f > 0.9)).toBe(true);
  });

  test('deterministic: the same seed and calls give identical snapshots; another seed differs', () => {
    const run = (seed: number) => {
      const sim = createHandSim({ firmware, seed });
      const rows: string[] = [];
      for (let k = 0; k < 200; k++) {
        if (k === 60) sim.setEffort('flexor', 0.5, 0.3);
        if (k === 110) sim.injectFault({ kind: 'motionArtefact', site: 'extensor', amplitude: 0.4 });
        if (k === 140) sim.setEffort('flexor', 0);
        sim.step(20);
        rows.push(JSON.stringify(sim.snapshot()));
      }
      return rows;
    };
    const a = run(7);
    expect(run(7)).toEqual(a);
    expect(run(8)).not.toEqual(a);
  });

  test('a hand with three servos (hand.config) closes and opens on the bundle: pulses on its three pins only, no loop error', () => {
    const storage = new FlashImage();
    const sim = createHandSim({ firmware, seed: 1, storage });
    sim.step(1500);
    const r = sim.console('var c = hand.config(); c.fingers = c.fingers.slice(0, 3); c.flexPins = c.flexPins.slice(0, 3); hand.config(c)');
    expect(r.error).toBeUndefined();
    sim.step(2500);
    expect(sim.snapshot().status?.fingers).toEqual({ thumb: 0, index: 0, middle: 0 });
    sim.setEffort('flexor', 0.6, 0.2);
    sim.step(1500);
    let s = sim.snapshot();
    expect(s.status?.state).toBe('holding');
    expect(s.pulsesUs).toEqual([2000, 2000, 2000, null, null]);
    sim.setEffort('flexor', 0);
    sim.setEffort('extensor', 0.6, 0.2);
    sim.step(1500);
    s = sim.snapshot();
    expect(s.pulsesUs.slice(0, 3)).toEqual([1000, 1000, 1000]);
    expect(s.status?.faults).toEqual([]);
    expect(s.output).not.toMatch(/tick failed/);
  });

  test('power cycle: the firmware boots again from flash, the pins stay wired', () => {
    const storage = new FlashImage();
    const sim = createHandSim({ firmware, seed: 1, storage });
    sim.step(1500);
    sim.powerCycle();
    sim.step(1500);
    const s = sim.snapshot();
    expect(s.status?.state).toBe('ready');
    expect(s.status?.uptimeS).toBeLessThan(2);
    sim.setEffort('flexor', 0.6);
    sim.step(1500);
    expect(sim.snapshot().flexion.every((f) => f > 0.9)).toBe(true);
  });

  describe('flex sensors: on the fingers or on a glove', () => {
    // What the flex pins read, three ways: the engine's snapshot, the firmware's own
    // hand.status().flex, and analogRead at the prompt.
    const pins = (sim: HandSim) => {
      sim.step(40);
      const s = sim.snapshot();
      const fw = (sim.sampleStatus()?.flex ?? []) as number[];
      const read = sim.console('[A0,A1,A2,A3,A4].map(function(p){return analogRead(p);})').result as number[];
      return { s, adc: s.flexAdc, fw, read };
    };
    // The divider reads ~0.35 straight and ~0.68 fully bent (sim/models/flex.ts).
    const STRAIGHT = [0.3, 0.4];
    const BENT = [0.63, 0.73];
    const within = (xs: number[], [lo, hi]: number[]) => xs.every((x) => x > lo && x < hi);

    test("'fingers' (the default): each pin reads its prosthetic finger, the glove changes nothing", () => {
      const sim = booted();
      expect(sim.flexSource).toBe('fingers');
      sim.setGlove([1, 1, 1, 1, 1]);
      let p = pins(sim);
      expect(p.s.flexSource).toBe('fingers');
      expect(p.s.glove).toEqual([1, 1, 1, 1, 1]);
      expect(within(p.adc, STRAIGHT)).toBe(true); // the fingers are open
      sim.placeObject({ shape: 'custom', fingers: [null, 0.5, null, null, null] as unknown as number[] });
      sim.setGlove([0, 0, 0, 0, 0]);
      sim.setEffort('flexor', 0.6, 0.2);
      sim.step(1500);
      p = pins(sim);
      expect(p.s.flexion[1]).toBeCloseTo(0.5, 2); // blocked by the object
      expect(within([p.adc[0], ...p.adc.slice(2)], BENT)).toBe(true);
      expect(p.adc[1]).toBeGreaterThan(0.45);
      expect(p.adc[1]).toBeLessThan(0.6);
      for (const v of [p.fw, p.read]) v.forEach((x, i) => expect(x).toBeCloseTo(p.adc[i], 2));
    });

    test("'glove': each pin follows its glove finger's bend, not the prosthetic finger", () => {
      const sim = booted(1, { flexSource: 'glove' });
      expect(sim.flexSource).toBe('glove');
      let p = pins(sim);
      expect(p.s.glove).toEqual([0, 0, 0, 0, 0]);
      expect(within(p.adc, STRAIGHT)).toBe(true);
      // the glove bent, the prosthetic hand open
      sim.setGlove([1, 0, 0.5, 0, 1]);
      p = pins(sim);
      expect(p.s.flexion).toEqual([0, 0, 0, 0, 0]);
      expect(within([p.adc[0], p.adc[4]], BENT)).toBe(true);
      expect(within([p.adc[1], p.adc[3]], STRAIGHT)).toBe(true);
      expect(p.adc[2]).toBeGreaterThan(0.45);
      expect(p.adc[2]).toBeLessThan(0.6);
      for (const v of [p.fw, p.read]) v.forEach((x, i) => expect(x).toBeCloseTo(p.adc[i], 2));
      // the prosthetic hand closed, the glove straight: the pins read straight
      sim.setGlove([0, 0, 0, 0, 0]);
      sim.setEffort('flexor', 0.6, 0.2);
      sim.step(1500);
      p = pins(sim);
      expect(p.s.flexion.every((f) => f > 0.95)).toBe(true);
      expect(within(p.adc, STRAIGHT)).toBe(true);
      expect(within(p.fw, STRAIGHT)).toBe(true);
    });

    test('glove bends ramp linearly; the source can be switched while running', () => {
      const sim = booted(2, { flexSource: 'glove' });
      sim.setGlove([0, 1, 0, 0, 0], 1);
      sim.step(500);
      expect(sim.glove()[1]).toBeCloseTo(0.5, 6);
      const mid = sim.snapshot().flexAdc[1];
      expect(mid).toBeGreaterThan(0.45);
      expect(mid).toBeLessThan(0.6);
      sim.step(600);
      expect(sim.snapshot().glove).toEqual([0, 1, 0, 0, 0]);
      expect(sim.snapshot().flexAdc[1]).toBeGreaterThan(BENT[0]);
      sim.setFlexSource('fingers'); // the index finger is open
      sim.step(40);
      expect(sim.snapshot().flexAdc[1]).toBeLessThan(STRAIGHT[1]);
      sim.setFlexSource('glove');
      sim.step(40);
      expect(sim.snapshot().flexAdc[1]).toBeGreaterThan(BENT[0]);
    });

    test('noise and 12-bit steps as before: readings are on the 4095 steps and vary', () => {
      const sim = booted(3, { flexSource: 'glove' });
      sim.setGlove([0.3, 0.3, 0.3, 0.3, 0.3]);
      const seen = new Set<number>();
      let sum = 0;
      for (let k = 0; k < 20; k++) {
        sim.step(5);
        const v = sim.snapshot().flexAdc[0];
        expect(Math.abs(v * 4095 - Math.round(v * 4095))).toBeLessThan(0.05); // the snapshot rounds to 5 digits
        seen.add(v);
        sum += v;
      }
      expect(seen.size).toBeGreaterThan(1);
      expect(sum / 20).toBeCloseTo(flexIdealAdc(0.3, flexParams()), 2); // the same divider
    });

    test('bad glove values are refused', () => {
      const sim = booted();
      expect(() => sim.setGlove([0, 0, 0, 0])).toThrow(/expected 5 bends/);
      expect(() => sim.setGlove([0, 0, 1.2, 0, 0])).toThrow(/bend 2 \(middle\) must be 0\.\.1/);
      expect(() => sim.setGlove([0, 0, NaN, 0, 0])).toThrow(/0\.\.1/);
      expect(() => sim.setGlove([0, 0, 0, 0, 0], -1)).toThrow(/rampS/);
      expect(() => sim.setFlexSource('wrist' as never)).toThrow(/fingers or glove/);
      expect(() => createHandSim({ firmware, seed: 1, flexSource: 'sock' as never })).toThrow(/fingers or glove/);
    });
  });

  test('bad arguments are refused with a clear message', () => {
    const sim = booted();
    expect(() => sim.setEffort('flexor', 2)).toThrow(/0\.\.1/);
    expect(() => sim.injectFault({ kind: 'servoStall', finger: 'pinky' as never })).toThrow(/No finger pinky/);
    expect(() => sim.step(-1)).toThrow(/non-negative/);
  });
});
