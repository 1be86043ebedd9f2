// The hardware the hand firmware touches, as small interfaces. `hal/espruino.ts` implements them
// over Espruino's globals; tests implement them over plain records. The control code in
// `firmware/core/` never sees any of this: the shell in `firmware/main.ts` reads inputs through
// these interfaces, calls the core's tick, and writes the outputs back.
//
// Every method here may be called every control tick on the Pico, so none of them takes or
// returns a fresh object: inputs are numbers, outputs are numbers, lists are prepared once.

/** One EMG electrode site, sampled continuously in the background (no per-sample JS). */
export interface EmgInput {
  /**
   * The level over the last block of samples (one control tick long), 0..1 of the ADC range:
   * - an `envelope` sensor (MyoWare ENV output): the voltage itself, averaged over the block;
   * - a `raw` sensor (centred EMG): the RMS of the block around its own mean, i.e. offset
   *   removed, rectified and smoothed over one block (done natively with E.sum/E.variance).
   */
  sample(): number;
  /** Mean of the block sample() last took, 0..1: lets the firmware see a sensor stuck at a rail. */
  lastMean: number;
  /**
   * The samples behind sample(), for Board.sumOf: an envelope sensor's level is
   * `sumOf(block) * blockScale`, which the idle tick computes in place of a call to sample().
   */
  block: unknown;
  blockScale: number;
  /**
   * How the last block's samples spread around their mean (standard deviation, 0..1 of the
   * ADC range): 0 for a flat line. Read about once a second, by the safety supervisor.
   */
  spread(): number;
}

/** A plain analog input (flex sensor, battery divider). */
export interface AnalogInput {
  /** 0..1 of the ADC reference (3.3 V on the Pico). */
  read(): number;
}

/** A hobby servo on a hardware-PWM pin at 50 Hz. */
export interface ServoOutput {
  /** Drive a pulse of `pulseUs` microseconds every 20 ms. */
  pulse(pulseUs: number): void;
  /** Stop sending pulses (the servo goes limp and stops drawing holding current). */
  release(): void;
}

/** A status LED, blinking on its own (the board's PWM does it, not the tick). */
export interface Led {
  /**
   * `duty`: lit fraction of each period (0 off, 1 steady on); `blinkHz`: periods per second
   * (0 for steady; a high rate with a small duty is a dim glow). Called only when it changes.
   */
  show(duty: number, blinkHz: number): void;
}

export interface Button {
  isPressed(): boolean;
  /** Calls `onChange(pressed, timeS)` on every debounced edge. */
  watch(onChange: (pressed: boolean, timeS: number) => void): void;
}

export interface Clock {
  /** Seconds since boot (Espruino's getTime()). */
  nowS(): number;
  every(periodMs: number, fn: () => void): unknown;
  after(delayMs: number, fn: () => void): unknown;
  cancel(handle: unknown): void;
}

/** Key/value flash storage (Espruino's Storage module). */
export interface Store {
  read(name: string): string | undefined;
  /** Returns false when the flash refused the write (full, or an interrupted write). */
  write(name: string, data: string): boolean;
  erase(name: string): void;
}

export interface Watchdog {
  enable(timeoutS: number): void;
  kick(): void;
}

export interface ConsoleOut {
  print(text: string): void;
}

/** Everything the firmware needs, built once at boot from the configuration's pin map. */
export interface Board {
  emg: EmgInput[];
  /** The sum of an EmgInput's block (Espruino's native E.sum: no JS between the tick and it). */
  sumOf(block: unknown): number;
  flex: AnalogInput[];
  battery: AnalogInput;
  servos: ServoOutput[];
  /**
   * Sends servo i the pulse `pulses[at + i * stride]` where it differs from `sent[i]` (and
   * records it there): every servo's new pulse in one call, for ticks that move the whole hand.
   */
  writePulses(pulses: Uint16Array, at: number, stride: number, sent: number[]): void;
  ledRed: Led;
  ledGreen: Led;
  button: Button;
  clock: Clock;
  store: Store;
  watchdog: Watchdog;
  out: ConsoleOut;
  /** Publishes the console API (`hand`) where the user can reach it. */
  expose(name: string, api: object): void;
  /** Starts the saved program again from the top, as at power-up (a new configuration's pins take effect). */
  restart(): void;
}
