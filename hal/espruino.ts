// The Board interfaces over Espruino's globals. This is the only file of the firmware that
// touches the hardware; everything it returns is built once at boot, and the methods called
// per tick allocate nothing (option objects are made here, once).

import { Board, EmgInput, AnalogInput, ServoOutput, Led, Button, Clock, Store, Watchdog, ConsoleOut } from './types';

const SERVO_PERIOD_US = 20000;

export function pin(name: string): Pin {
  return new Pin(name);
}

/**
 * Samples an EMG site continuously with a repeating Waveform into a ring of one block (one tick
 * long). The ring always holds the last block's samples, in some rotation, and a sum or a
 * variance does not care about the order: sample() is one or two native calls, no restart and
 * no 'buffer' event (which would cost a JS callback per block).
 */
export function emgInput(pinName: string, raw: boolean, rateHz: number, blockMs: number): EmgInput {
  const p = pin(pinName);
  // `| 0`, not Math.floor: Waveform wants an integer-typed value, and Espruino's Math.floor
  // returns a float-typed one ("'samples' should be a integer", seen on the real interpreter).
  let n = ((rateHz * blockMs) / 1000) | 0;
  if (n < 4) n = 4;
  const w = new Waveform(n, { bits: 16 });
  const buf = w.buffer as Uint16Array;
  const scale = 1 / (65536 * n);
  w.startInput(p, rateHz, { repeat: true });
  // Natives captured here: Espruino finds a name by scanning every enclosing scope in turn,
  // and `E` would be found only after the bundle's whole top-level scope.
  const sum = E.sum;
  const variance = E.variance;
  const sqrt = Math.sqrt;
  const input: EmgInput = {
    // The ring starts empty (0 V): a resting level, never a false contraction.
    lastMean: 0,
    sample: raw
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

export function analogInput(pinName: string): AnalogInput {
  const p = pin(pinName);
  return { read: () => analogRead(p) };
}

export function servoOutput(pinName: string): ServoOutput {
  const p = pin(pinName);
  const pwm = { freq: 1000000 / SERVO_PERIOD_US };
  // Captured here, like every name the per-tick code uses: Espruino looks a name up by scanning
  // each enclosing scope in turn, and the bundle's top-level scope holds every module's names.
  const write = analogWrite;
  const dutyPerUs = 1 / SERVO_PERIOD_US;
  return {
    pulse(pulseUs: number) {
      write(p, pulseUs * dutyPerUs, pwm);
    },
    release() {
      // A low pin sends no pulses: the servo stops holding and draws only its idle current.
      digitalWrite(p, 0);
    },
  };
}

/**
 * Every servo's pulse in one call (Board.writePulses): the loop stays in this small scope, with
 * the native writer and the pins at hand.
 */
export function pulseWriter(pinNames: string[]) {
  const pins: Pin[] = [];
  for (let i = 0; i < pinNames.length; i++) pins.push(pin(pinNames[i]));
  const n = pins.length;
  const pwm = { freq: 1000000 / SERVO_PERIOD_US };
  const write = analogWrite;
  const dutyPerUs = 1 / SERVO_PERIOD_US;
  return function (pulses: Uint16Array, at: number, stride: number, sent: number[]) {
    for (let i = 0; i < n; i++) {
      const us = pulses[at];
      at += stride;
      if (us !== sent[i]) write(pins[i], (sent[i] = us) * dutyPerUs, pwm);
    }
  };
}

/**
 * A status LED blinking by itself: the Pico's LED pins have no hardware timer, so Espruino's
 * software PWM (run from its utility timer, in C) does the blinking and dimming.
 */
export function led(p: Pin): Led {
  return {
    show(duty: number, blinkHz: number) {
      if (duty <= 0 || duty >= 1 || blinkHz <= 0) digitalWrite(p, duty > 0 ? 1 : 0);
      else analogWrite(p, duty, { soft: true, freq: blinkHz });
    },
  };
}

export function button(p: Pin): Button {
  return {
    isPressed: () => digitalRead(p) === 1,
    watch(onChange) {
      setWatch((e: { state: boolean; time: number }) => onChange(e.state, e.time), p, { repeat: true, edge: 'both', debounce: 25 });
    },
  };
}

export const clock: Clock = {
  nowS: () => getTime(),
  every: (ms, fn) => setInterval(fn, ms),
  after: (ms, fn) => setTimeout(fn, ms),
  cancel: (h) => clearTimeout(h as number),
};

export function storage(): Store {
  // Through `global` so the bundler leaves the board's own require() alone.
  const s: StorageModule = (global as any).require('Storage');
  return {
    read(name) {
      return s.read(name);
    },
    write(name, data) {
      try {
        return s.write(name, data) && s.read(name) === data;
      } catch (e) {
        return false;
      }
    },
    erase(name) {
      s.erase(name);
    },
  };
}

export const watchdog: Watchdog = {
  enable(timeoutS) {
    E.enableWatchdog(timeoutS, false);
    // reset() and load() (an upload from the IDE or `grasp flash`) stop our tick, and the STM32's
    // watchdog cannot be switched off: hand the kicking to the interpreter's idle loop so an
    // upload is not cut short by a reboot.
    E.on('kill', () => E.enableWatchdog(timeoutS, true));
  },
  // The native function itself: the idle tick calls it with no JS wrapper in between.
  kick: E.kickWatchdog,
};

export const consoleOut: ConsoleOut = { print: (t) => print(t) };

export interface PinMap {
  emg: { pin: string; signal: string; sampleRateHz: number }[];
  flexPins: string[];
  batteryPin: string;
  servoPins: string[];
  blockMs: number;
}

export function createEspruinoBoard(map: PinMap): Board {
  const emg: EmgInput[] = [];
  for (let i = 0; i < map.emg.length; i++) {
    const e = map.emg[i];
    emg.push(emgInput(e.pin, e.signal === 'raw', e.sampleRateHz, map.blockMs));
  }
  const flex: AnalogInput[] = [];
  for (let i = 0; i < map.flexPins.length; i++) flex.push(analogInput(map.flexPins[i]));
  const servos: ServoOutput[] = [];
  for (let i = 0; i < map.servoPins.length; i++) servos.push(servoOutput(map.servoPins[i]));
  return {
    emg,
    flex,
    battery: analogInput(map.batteryPin),
    servos,
    writePulses: pulseWriter(map.servoPins),
    ledRed: led(LED1),
    ledGreen: led(LED2),
    button: button(BTN),
    clock,
    store: storage(),
    watchdog,
    out: consoleOut,
    expose(name, api) {
      (global as any)[name] = api;
    },
    // load() reruns the code saved in flash (.bootcde), once the current command has finished.
    restart: () => load(),
  };
}
