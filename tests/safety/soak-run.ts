// The soak itself: simulated hours of random use through the hand simulation on a built bundle.
// Run by soak.test.ts in a child process under tsx: inside jest's module sandbox the Virtual
// Pico runs about 10x slower (measured: 300 simulated s in 3.6 s under jest, 0.33 s under tsx).
//   tsx tests/safety/soak-run.ts <firmware.js> <hours>   -> one line of JSON (SoakResult)
import * as fs from 'fs';
import { createHandSim } from '../../sim/engine';

export interface SoakResult {
  hours: number;
  wallS: number;
  /** Memory estimate (variables), sampled every simulated minute. */
  usage: { tS: number; usage: number }[];
  total: number;
  timersAtStart: number;
  /** Every timerCount() seen (less telemetry's own timer while on), once a simulated minute and at the end. */
  timerCounts: number[];
  errors: string[];
  resets: number;
  /** Narrowest and widest pulse seen over the whole run (null: none). */
  pulseMinUs: number | null;
  pulseMaxUs: number | null;
  presses: number;
  /** At the end: faults after hand.resume() and rest, flexion after closing and after opening. */
  endFaults: string[] | undefined;
  /** hand.status() then, for a failure's message. */
  endStatus: unknown;
  closedFlexion: number[];
  openedFlexion: number[];
}

/** mulberry32: a small seeded PRNG for the user's behaviour. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function runSoak(firmware: string, hours: number, seed = 2026): SoakResult {
  const wall = Date.now();
  const sim = createHandSim({ firmware, seed: 11, statusIntervalMs: 0, memoryCheckIntervalS: 60 });
  const vp = sim.vp;
  const rnd = prng(seed);
  sim.step(2000);
  const timersAtStart = vp.timerCount();
  const usage: { tS: number; usage: number }[] = [];
  const timerCounts: number[] = [];
  let pulseMinUs: number | null = null;
  let pulseMaxUs: number | null = null;
  let nextSampleS = 0;
  let presses = 0;
  let telemetryOn = false;
  const endS = hours * 3600;
  for (;;) {
    const r = rnd();
    if (r < 0.04) {
      sim.pressButton();
      sim.step(80 + Math.floor(rnd() * 200));
      sim.releaseButton();
      presses++;
    } else if (r < 0.06) {
      const c = rnd();
      if (c < 0.2) {
        // Telemetry on and off again: its own timer must come and go, never pile up.
        telemetryOn = !telemetryOn;
        sim.console(telemetryOn ? 'hand.telemetry(' + (1 + Math.floor(rnd() * 20)) + ')' : 'hand.telemetry(0)');
      } else sim.console(c < 0.4 ? 'hand.status()' : c < 0.7 ? 'hand.resume()' : c < 0.85 ? 'hand.open()' : 'hand.close()');
    } else {
      // Mostly rest (a prosthesis user's day), otherwise one muscle at a random effort.
      const pick = rnd();
      const level = rnd();
      sim.setEffort('flexor', pick < 0.25 ? level : 0, rnd() * 0.3);
      sim.setEffort('extensor', pick >= 0.25 && pick < 0.5 ? level : 0, rnd() * 0.3);
    }
    sim.step(1000 + Math.floor(rnd() * 6000));
    const s = sim.snapshot();
    for (const p of s.pulseMinUs) if (p !== null) pulseMinUs = pulseMinUs === null ? p : Math.min(pulseMinUs, p);
    for (const p of s.pulseMaxUs) if (p !== null) pulseMaxUs = pulseMaxUs === null ? p : Math.max(pulseMaxUs, p);
    if (s.tS >= nextSampleS) {
      usage.push({ tS: s.tS, usage: vp.memory().usage });
      // Telemetry, while on, owns one timer: count the rest.
      timerCounts.push(vp.timerCount() - (telemetryOn ? 1 : 0));
      nextSampleS += 60;
    }
    if (s.tS >= endS) break;
  }
  if (telemetryOn) sim.console('hand.telemetry(0)');
  // Still responds: back under EMG control, relaxed, a charged battery (a day's use empties the
  // pack, and then the hand rightly refuses to close), then close and open.
  sim.setEffort('flexor', 0);
  sim.setEffort('extensor', 0);
  sim.console('hand.resume()');
  sim.setBattery({ chargeFraction: 1 });
  sim.step(6000);
  const endStatus = sim.sampleStatus();
  const endFaults = endStatus?.faults;
  sim.setEffort('flexor', 0.6, 0.2);
  sim.step(1500);
  const closedFlexion = sim.snapshot().flexion;
  sim.setEffort('flexor', 0);
  sim.setEffort('extensor', 0.6, 0.2);
  sim.step(1500);
  const openedFlexion = sim.snapshot().flexion;
  timerCounts.push(vp.timerCount());
  return {
    hours,
    wallS: (Date.now() - wall) / 1000,
    usage,
    total: vp.memory().total,
    timersAtStart,
    timerCounts,
    errors: vp.errors(),
    resets: vp.resets,
    pulseMinUs,
    pulseMaxUs,
    presses,
    endFaults,
    endStatus,
    closedFlexion,
    openedFlexion,
  };
}

if (require.main === module) {
  const [file, hours] = process.argv.slice(2);
  process.stdout.write(JSON.stringify(runSoak(fs.readFileSync(file, 'latin1'), Number(hours))) + '\n');
}
