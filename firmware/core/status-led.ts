// Status LED patterns, advanced by the control tick (no timers of their own, no blocking).
// LED1 is red (on/off only); LED2 is green on a PWM pin, so it can be dimmed.

export const PATTERN_BOOTING = 0;
export const PATTERN_READY = 1;
export const PATTERN_MOVING = 2;
export const PATTERN_HOLDING = 3;
export const PATTERN_PAUSED = 4;
export const PATTERN_FAULT = 5;
// EMG calibration: get ready (red and green together, fast), relax (green, slow), contract (red on).
export const PATTERN_CAL_READY = 6;
export const PATTERN_CAL_REST = 7;
export const PATTERN_CAL_SQUEEZE = 8;

// Per pattern: period, lit time, red brightness, green brightness while lit.
const PERIOD_MS = [200, 2000, 1000, 1000, 2000, 300, 240, 1000, 1000];
const LIT_MS = [100, 60, 1000, 1000, 60, 150, 120, 500, 1000];
const RED = [0, 0, 0, 0, 1, 1, 1, 0, 1];
const GREEN = [1, 1, 1, 0.15, 0, 0, 1, 1, 0];

export interface StatusLed {
  pattern: number;
  phaseMs: number;
  red: number;
  green: number;
  /** Set when red or green changed; the shell writes the LEDs and clears it. */
  changed: boolean;
}

export function createStatusLed(): StatusLed {
  return { pattern: PATTERN_BOOTING, phaseMs: 0, red: 0, green: 0, changed: true };
}

export function stepStatusLed(led: StatusLed, pattern: number, dtMs: number): void {
  if (pattern !== led.pattern) {
    led.pattern = pattern;
    led.phaseMs = 0;
  } else if ((led.phaseMs += dtMs) >= PERIOD_MS[pattern]) led.phaseMs -= PERIOD_MS[pattern];
  const lit = led.phaseMs < LIT_MS[pattern];
  const red = lit ? RED[pattern] : 0;
  const green = lit ? GREEN[pattern] : 0;
  if (red !== led.red || green !== led.green) {
    led.red = red;
    led.green = green;
    led.changed = true;
  }
}
