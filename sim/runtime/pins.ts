// Pin hardware of the Virtual Pico: modes, digital levels, ADC, hardware/software PWM and the
// timers they share. Capabilities come from the board file (board.ts, generated from
// PICO_R1_3.json); behaviour follows targets/stm32/jshardware.c (Espruino 2v29):
// - analogRead on a pin without an ADC prints "ERROR: Pin X is not capable of Analog Input" with
//   the list of suitable pins and returns 0 (the board does NOT throw);
// - analogWrite on a pin without a timer prints the "PWM Output" variant of that message and the
//   hint about {soft:true}, and outputs nothing; {soft:true} falls back to software PWM (default
//   50 Hz), {forceSoft:true} always uses it;
// - hardware PWM channels of one timer share its frequency: setting a new frequency on one pin
//   changes the period of the others (their compare value stays, so their duty scales too);
//   with no `freq` the timer runs at 84 MHz / 65536 = 1281.7 Hz;
// - the ADC is 12-bit: code = floor(v * 4096) clamped to 0..4095 (NaN reads 0), analogRead
//   returns code / 4096 (docs: "always less than 1"), Waveform 16-bit samples are code << 4
//   and 8-bit samples code >> 4.

import { PICO_DEVICES, PICO_PINS, PinInfo } from './board';

export type AnalogSource = number | ((tS: number) => number);
export type PinMode = 'input' | 'input_pulldown' | 'input_pullup' | 'output' | 'opendrain' | 'af_output' | 'analog' | 'pwm' | 'undefined';

export const TIMER_CLOCK_HZ = 84e6;
export const DEFAULT_HW_PWM_HZ = TIMER_CLOCK_HZ / 65536;
export const DEFAULT_SOFT_PWM_HZ = 50;

export interface PwmState {
  duty: number;
  freqHz: number;
  soft: boolean;
  timer?: string;
}

export interface PinState {
  info: PinInfo;
  mode: PinMode;
  manualMode: boolean;
  out: boolean;
  pwm?: PwmState;
  /** Externally applied digital level (setDigitalIn), undefined = not driven. */
  extDigital?: boolean;
  analog?: AnalogSource;
}

export function adcCode(v: number): number {
  if (!(v > 0)) return 0; // NaN and negatives
  const c = Math.floor(v * 4096);
  return c > 4095 ? 4095 : c;
}

export class PinBank {
  readonly pins = new Map<string, PinState>();

  constructor() {
    for (const info of PICO_PINS) {
      this.pins.set(info.name, { info, mode: 'undefined', manualMode: false, out: false });
    }
  }

  get(name: string): PinState | undefined {
    return this.pins.get(name);
  }

  /** Soft reset: everything the firmware set goes; external stimulus stays. */
  resetOutputs(): void {
    for (const p of this.pins.values()) {
      p.mode = 'undefined';
      p.manualMode = false;
      p.out = false;
      p.pwm = undefined;
    }
  }

  analogNames(): string[] {
    return PICO_PINS.filter((p) => p.adc).map((p) => p.name);
  }
  pwmNames(): string[] {
    return PICO_PINS.filter((p) => p.pwm).map((p) => p.name);
  }

  /** Value 0..1 of the analog stimulus at time tS. */
  analogValue(p: PinState, tS: number): number {
    const src = p.analog;
    let v: number;
    if (src === undefined) {
      // an undriven pin: pull-down / button wiring reads low, a driven output reads its level
      if (p.extDigital !== undefined) v = p.extDigital ? 1 : 0;
      else if (p.pwm) v = p.pwm.duty;
      else v = p.mode === 'output' && p.out ? 1 : 0;
    } else v = typeof src === 'number' ? src : src(tS);
    return v;
  }

  digitalLevel(p: PinState, tS: number): boolean {
    if (p.extDigital !== undefined) return p.extDigital;
    if (p.analog !== undefined) return this.analogValue(p, tS) > 0.5;
    if (p.mode === 'input_pullup') return true;
    if (p.info.name === PICO_DEVICES.BTN1) return false; // pulled down on the board
    return false;
  }

  /** analogWrite. Returns the error text to print, or undefined. */
  analogWrite(name: string, value: number, freq: number, soft: boolean, forceSoft: boolean): string | undefined {
    const p = this.pins.get(name)!;
    if (value < 0) value = 0;
    if (value > 1) value = 1;
    if (Number.isNaN(value)) value = 0;
    if (!Number.isFinite(freq)) freq = 0;
    const timer = !forceSoft ? p.info.pwm?.split('_')[0] : undefined;
    if (!timer) {
      if (soft || forceSoft) {
        p.pwm = { duty: value, freqHz: freq > 0 ? freq : DEFAULT_SOFT_PWM_HZ, soft: true };
        if (!p.manualMode) p.mode = 'output';
        return undefined;
      }
      return (
        `ERROR: Pin ${name} is not capable of PWM Output\nSuitable pins are:\n${wrapPins(this.pwmNames())}\n` +
        'You can also use analogWrite(pin, val, {soft:true}) for Software PWM on this pin'
      );
    }
    const newFreq = freq > 0 ? freq : DEFAULT_HW_PWM_HZ;
    // other channels of the same timer follow the new period (compare values unchanged)
    for (const other of this.pins.values()) {
      if (other === p || !other.pwm || other.pwm.soft || other.pwm.timer !== timer) continue;
      if (other.pwm.freqHz !== newFreq) {
        other.pwm.duty = Math.min(1, other.pwm.duty * (newFreq / other.pwm.freqHz));
        other.pwm.freqHz = newFreq;
      }
    }
    p.pwm = { duty: value, freqHz: newFreq, soft: false, timer };
    if (!p.manualMode) p.mode = 'af_output';
    return undefined;
  }

  digitalWrite(name: string, v: boolean): void {
    const p = this.pins.get(name)!;
    p.pwm = undefined; // the pin becomes a GPIO again: PWM stops
    p.out = v;
    if (!p.manualMode || (p.mode !== 'output' && p.mode !== 'opendrain')) {
      if (!p.manualMode) p.mode = 'output';
    }
  }

  /** digitalRead also makes an un-configured pin an input (the output stops driving). */
  digitalRead(name: string, tS: number): boolean {
    const p = this.pins.get(name)!;
    if (!p.manualMode) {
      if (p.mode === 'output' || p.mode === 'af_output' || p.pwm) {
        p.pwm = undefined;
      }
      p.mode = name === PICO_DEVICES.BTN1 ? 'input_pulldown' : 'input';
    }
    if (p.mode === 'output' || p.mode === 'opendrain') return p.out;
    return this.digitalLevel(p, tS);
  }

  /** The level the firmware drives on the pin (false when it is not an output). */
  drivenLevel(name: string): boolean {
    const p = this.pins.get(name);
    if (!p) return false;
    if (p.pwm) return p.pwm.duty > 0;
    return (p.mode === 'output' || p.mode === 'opendrain') && p.out;
  }

  pinMode(name: string, mode: string): string | undefined {
    const p = this.pins.get(name)!;
    const valid = ['analog', 'input', 'input_pullup', 'input_pulldown', 'output', 'opendrain', 'af_output', 'af_opendrain', 'opendrain_pullup', 'auto'];
    if (!valid.includes(mode)) return `Unknown pin mode`;
    if (mode === 'auto') {
      p.manualMode = false;
      return undefined;
    }
    p.manualMode = true;
    p.mode = mode as PinMode;
    if (mode !== 'af_output' && mode !== 'af_opendrain') p.pwm = undefined;
    return undefined;
  }
}

export function wrapPins(names: string[]): string {
  const lines: string[] = [];
  for (let i = 0; i < names.length; i += 9) lines.push(names.slice(i, i + 9).join(' ') + ' ');
  return lines.join('\n');
}
