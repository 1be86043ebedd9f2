// Status LED patterns. The tick only picks a pattern; the blinking itself is done by the board's
// own PWM (software PWM on the LED pins, which the Pico's timers do not reach), so a blinking LED
// costs the interpreter nothing. LED1 is red, LED2 green.

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
// Battery low or critical, with the hand ready or holding: a short red blink every second.
export const PATTERN_BATTERY = 9;
// A grip was selected: green blinks its number (one blink per GRIP_BLINK_MS, hand.ts).
export const PATTERN_GRIP = 10;

// Per pattern, for red and green: the lit fraction of each period, and blinks per second
// (0: steady; a high rate with a small fraction is a dim glow).
export const RED_DUTY = [0, 0, 0, 0, 0.05, 0.5, 0.5, 0, 1, 0.1, 0];
export const RED_HZ = [0, 0, 0, 0, 0.5, 3, 4, 0, 0, 1, 0];
export const GREEN_DUTY = [0.5, 0.05, 1, 0.15, 0, 0, 0.5, 0.5, 0, 0, 0.4];
export const GREEN_HZ = [4, 0.5, 0, 100, 0, 0, 4, 1, 0, 0, 2];

export interface StatusLed {
  pattern: number;
  /** Set when the pattern changed; the shell shows it and clears this. */
  changed: boolean;
}

export function createStatusLed(): StatusLed {
  return { pattern: PATTERN_BOOTING, changed: true };
}

export function stepStatusLed(led: StatusLed, pattern: number): void {
  if (pattern !== led.pattern) {
    led.pattern = pattern;
    led.changed = true;
  }
}
