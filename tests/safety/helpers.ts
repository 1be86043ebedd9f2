// Helpers for the safety suite: the built bundle in a bare Virtual Pico (fast: no physics), the
// invariants every tick, and the fast-check settings (seeded, the seed printed on failure).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildFirmware } from '../../tools/build/build';
import { VirtualPico } from '../../sim/runtime';

let built: Promise<string> | undefined;

/** The firmware bundle, built once per test file into a temporary folder (never dist/). */
export function bundle(): Promise<string> {
  if (!built) {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'grasp-safety-fw-')), 'firmware.js');
    built = buildFirmware({ outFile: file, quiet: true }).then((r) => r.source);
  }
  return built;
}

export const STATES = ['booting', 'ready', 'moving', 'holding', 'fault', 'calibrating'];
export const SERVO_PINS = ['B3', 'B4', 'B5', 'B8', 'B9'];
export const FINGERS = ['thumb', 'index', 'middle', 'ring', 'little'];
export const EMG_PINS = ['A5', 'A6'];
export const TICK_MS = 40;
/** Default maxSpeedPerS (3 strokes/s) over one 40 ms tick, plus the rounding of status(). */
export const MAX_STEP = 3 * (TICK_MS / 1000) + 0.0011;
export const PULSE_MIN = 1000;
export const PULSE_MAX = 2000;

/** fast-check seed: SAFETY_SEED=... reproduces a run; the default keeps CI deterministic. */
export const SEED = process.env.SAFETY_SEED ? Number(process.env.SAFETY_SEED) : 20261124;

/** A fresh Virtual Pico running the bundle; `emg` holds the functions the EMG pins read. */
export function bootPico(source: string, seed = 1) {
  const vp = new VirtualPico({ seed, memoryCheckIntervalS: 0 });
  const emg: ((tS: number) => number)[] = [() => 0.03, () => 0.03];
  EMG_PINS.forEach((pin, i) => vp.setAnalog(pin, (tS) => emg[i](tS)));
  ['A0', 'A1', 'A2', 'A3', 'A4'].forEach((p) => vp.setAnalog(p, 0.2));
  vp.setAnalog('B1', 0.6);
  vp.setDigitalIn('BTN', false);
  vp.load(source);
  return { vp, emg };
}

export interface Status {
  state: string;
  emgControl: boolean;
  grip: number;
  fingers: Record<string, number>;
  faults: string[];
}

export function picoStatus(vp: VirtualPico): Status {
  return JSON.parse(JSON.stringify(vp.eval('hand.status()')));
}

/** Every servo pin: released (undefined) or a pulse within the configured range. */
export function picoPulses(vp: VirtualPico): (number | undefined)[] {
  return SERVO_PINS.map((p) => vp.pulseUs(p));
}

export function pulseOk(us: number | undefined): boolean {
  return us === undefined || (us >= PULSE_MIN - 1e-6 && us <= PULSE_MAX + 1e-6);
}

/**
 * Tracks the motion invariants from one observation to the next: slew limit per tick, and no
 * motion at all while faulted, except opening after an opening command (hand.open(), stop(), a
 * button press) given while the hand was faulted. Returns a description of the first violation.
 */
export class MotionChecker {
  private prev: number[] | null = null;
  private prevState = '';
  private openedInFault = false;

  /** Call when an opening command is given (before the ticks that carry it out). */
  opening(): void {
    if (this.prevState === 'fault') this.openedInFault = true;
  }

  observe(state: string, positions: number[], ticks = 1): string | null {
    let err: string | null = null;
    if (!STATES.includes(state)) err = `invalid state ${JSON.stringify(state)}`;
    if (!err && this.prev) {
      for (let i = 0; i < positions.length && !err; i++) {
        const d = positions[i] - this.prev[i];
        if (!(Math.abs(d) <= MAX_STEP * ticks)) err = `${FINGERS[i]} moved ${d} in ${ticks} tick(s) (limit ${MAX_STEP * ticks})`;
        else if (state === 'fault' && d > 0) err = `${FINGERS[i]} closed by ${d} while faulted`;
        else if (state === 'fault' && d < 0 && !this.openedInFault) err = `${FINGERS[i]} moved ${d} while faulted, with no opening command`;
      }
    }
    if (state !== 'fault') this.openedInFault = false;
    this.prev = positions.slice();
    this.prevState = state;
    return err;
  }
}
