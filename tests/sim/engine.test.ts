// The hand simulation engine driving the real firmware bundle: EMG in, pulses and fingers out.
import { createHandSim, HandSim } from '../../sim/engine';
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

  test('bad arguments are refused with a clear message', () => {
    const sim = booted();
    expect(() => sim.setEffort('flexor', 2)).toThrow(/0\.\.1/);
    expect(() => sim.injectFault({ kind: 'servoStall', finger: 'pinky' as never })).toThrow(/No finger pinky/);
    expect(() => sim.step(-1)).toThrow(/non-negative/);
  });
});
