// The Board interfaces over Espruino's globals. This is the only file of the firmware that
// touches the hardware; everything it returns is built once at boot, and the methods called
// per tick allocate nothing (option objects are made here, once).

import { Board, EmgInput, AnalogInput, ServoOutput, Led, Button, Clock, Store, Watchdog, ConsoleOut } from './types';

const SERVO_PERIOD_US = 20000;

export function pin(name: string): Pin {
  return new Pin(name);
}

/**
 * Samples an EMG site in the background with a Waveform: each call of sample() reduces the block
 * sampled since the previous call with E.sum/E.variance (native, fast) and starts the next one.
 * The block must be shorter than the control tick so it is complete when the tick reads it.
 */
export function emgInput(pinName: string, raw: boolean, rateHz: number, blockMs: number): EmgInput {
  const p = pin(pinName);
  // `| 0`, not Math.floor: Waveform wants an integer-typed value, and Espruino's Math.floor
  // returns a float-typed one ("'samples' should be a integer", seen on the real interpreter).
  let n = ((rateHz * blockMs) / 1000) | 0;
  if (n < 4) n = 4;
  const w = new Waveform(n, { bits: 16 });
  const buf = w.buffer as Uint16Array;
  const runOnce = { repeat: false };
  const scale = 1 / (65536 * n);
  let started = false;
  const input = {
    lastMean: NaN,
    sample(): number {
      if (!started || w.running) {
        if (!started) {
          started = true;
          w.startInput(p, rateHz, runOnce);
        }
        return NaN;
      }
      const sum = E.sum(buf);
      const mean = sum * scale;
      input.lastMean = mean;
      // Raw EMG: RMS around the block's own mean = offset removed, rectified, smoothed.
      const level = raw ? Math.sqrt(E.variance(buf, sum / n) / n) / 65536 : mean;
      w.startInput(p, rateHz, runOnce);
      return level;
    },
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
  return {
    pulse(pulseUs: number) {
      analogWrite(p, pulseUs / SERVO_PERIOD_US, pwm);
    },
    release() {
      // A low pin sends no pulses: the servo stops holding and draws only its idle current.
      digitalWrite(p, 0);
    },
  };
}

export function pwmLed(p: Pin): Led {
  const pwm = { freq: 200 };
  return {
    set(b: number) {
      if (b <= 0 || b >= 1) digitalWrite(p, b >= 1 ? 1 : 0);
      else analogWrite(p, b, pwm);
    },
  };
}

export function onOffLed(p: Pin): Led {
  return { set: (b: number) => digitalWrite(p, b > 0.5 ? 1 : 0) };
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
  kick() {
    E.kickWatchdog();
  },
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
    ledRed: onOffLed(LED1),
    ledGreen: pwmLed(LED2),
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
