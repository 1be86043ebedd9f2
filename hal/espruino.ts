// The Board interfaces over Espruino's globals. This is the only file of the firmware that
// touches the hardware; everything it returns is built once at boot, and the methods called
// per tick allocate nothing (option objects are made here, once).

import { Board, EmgInput, AnalogInput, Led, Store } from './types';

/**
 * Samples an EMG site continuously with a repeating Waveform into a ring of one block (one tick
 * long). The ring always holds the last block's samples, in some rotation, and a sum or a
 * variance does not care about the order: sample() is one or two native calls, no restart and
 * no 'buffer' event (which would cost a JS callback per block).
 */
export function emgInput(site: { pin: string; signal: string; sampleRateHz: number }, blockMs: number): EmgInput {
  const rateHz = site.sampleRateHz;
  // `| 0`, not Math.floor: Waveform wants an integer-typed value, and Espruino's Math.floor
  // returns a float-typed one ("'samples' should be a integer", seen on the real interpreter).
  let n = ((rateHz * blockMs) / 1000) | 0;
  if (n < 4) n = 4;
  const w = new Waveform(n, { bits: 16 });
  const buf = w.buffer as Uint16Array;
  const scale = 1 / (65536 * n);
  // (The pin by its name: see analogInput.)
  w.startInput(site.pin as unknown as Pin, rateHz, { repeat: true });
  // Natives captured here: Espruino finds a name by scanning every enclosing scope in turn,
  // and `E` would be found only after the bundle's whole top-level scope.
  const sum = E.sum;
  const variance = E.variance;
  const sqrt = Math.sqrt;
  const input: EmgInput = {
    // The ring starts empty (0 V): a resting level, never a false contraction.
    lastMean: 0,
    block: buf,
    blockScale: scale,
    spread: () => sqrt(variance(buf, sum(buf) / n) / n) / 65536,
    sample:
      site.signal === 'raw'
        ? () => {
            const s = sum(buf);
            input.lastMean = s * scale;
            // Raw EMG: RMS around the block's own mean = offset removed, rectified, smoothed.
            return sqrt(variance(buf, s / n) / n) / 65536;
          }
        : () => (input.lastMean = sum(buf) * scale),
  };
  return input;
}

/**
 * Espruino takes a pin's name wherever it wants a pin (@types/espruino says Pin only: hence the
 * casts). Read every few hundred ms at most (battery, flex sensors on the console), so finding
 * the pin by its name on each read costs nothing that matters.
 */
export const analogInput = (pinName: string): AnalogInput => ({ read: () => analogRead(pinName as unknown as Pin) });

/**
 * A status LED blinking by itself: the Pico's LED pins have no hardware timer, so Espruino's
 * software PWM (run from its utility timer, in C) does the blinking and dimming.
 */
export const led = (p: Pin): Led => ({
  show: (duty: number, blinkHz: number) =>
    duty <= 0 || duty >= 1 || blinkHz <= 0 ? p.write(duty > 0) : analogWrite(p, duty, { soft: true, freq: blinkHz }),
});

export function storage(): Store {
  // Through `global` so the bundler leaves the board's own require() alone.
  const s: StorageModule = (global as any).require('Storage');
  // read and erase are the Storage natives themselves (static functions: they use no `this`).
  return {
    read: s.read,
    write(name, data) {
      try {
        return s.write(name, data) && s.read(name) === data;
      } catch (e) {
        return false;
      }
    },
    erase: s.erase,
  };
}

export interface PinMap {
  emg: { pin: string; signal: string; sampleRateHz: number }[];
  flexPins: string[];
  batteryPin: string;
  servoPins: string[];
  blockMs: number;
}

/** The Board over Espruino's globals; everything in it is made here, once, at boot. */
export function createEspruinoBoard(map: PinMap): Board {
  const pins = map.servoPins.map((n) => new Pin(n));
  // Servos: 50 Hz, a duty of pulse / 20000 us. The per-tick code below finds the native writer
  // and the option object here, one scope up (Espruino looks a name up by scanning each
  // enclosing scope in turn, and the bundle's top-level scope holds every module's names), and
  // reads the numbers as literals (cheaper for the interpreter than a name).
  const pwm = { freq: 50 };
  const write = analogWrite;
  const n = pins.length;
  return {
    emg: map.emg.map((e) => emgInput(e, map.blockMs)),
    sumOf: E.sum,
    flex: map.flexPins.map(analogInput),
    battery: analogInput(map.batteryPin),
    servos: pins.map((p) => ({
      pulse: (pulseUs: number) => write(p, pulseUs / 2e4, pwm),
      // A low pin sends no pulses: the servo stops holding and draws only its idle current.
      release: () => p.reset(),
    })),
    // Every servo's pulse in one call, last servo first: on the interpreter this countdown costs
    // a fifth less than a for loop (every operand counts), and little more than unrolled code.
    writePulses(pulses, at, stride, sent) {
      let i = n;
      let us;
      at += n * stride;
      while (i--) (us = pulses[(at -= stride)]) !== sent[i] && write(pins[i], (sent[i] = us) / 2e4, pwm);
    },
    ledRed: led(LED1),
    ledGreen: led(LED2),
    button: {
      isPressed: () => BTN.read(),
      watch(onChange) {
        setWatch((e: { state: boolean; time: number }) => onChange(e.state, e.time), BTN, { repeat: true, edge: 'both', debounce: 25 });
      },
    },
    // The natives themselves where the arguments match (no JS wrapper in between: these natives,
    // like print and load below, are plain functions that use no `this`).
    clock: {
      nowS: getTime,
      every: (ms, fn) => setInterval(fn, ms),
      after: (ms, fn) => setTimeout(fn, ms),
      cancel: clearTimeout as (h: unknown) => void,
    },
    store: storage(),
    watchdog: {
      enable(timeoutS) {
        E.enableWatchdog(timeoutS, false);
        // reset() and load() (an upload from the IDE or `grasp flash`) stop our tick, and the STM32's
        // watchdog cannot be switched off: hand the kicking to the interpreter's idle loop so an
        // upload is not cut short by a reboot.
        E.on('kill', () => E.enableWatchdog(timeoutS, true));
      },
      // The idle tick calls it with no JS wrapper in between.
      kick: E.kickWatchdog,
    },
    out: { print },
    expose(name, api) {
      (global as any)[name] = api;
    },
    // load() reruns the code saved in flash (.bootcde), once the current command has finished.
    restart: load,
  };
}
