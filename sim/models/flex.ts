// A flex sensor in a voltage divider on an ADC pin.
//
// The sensor's resistance rises roughly linearly with bend: ~25 kOhm flat to ~100 kOhm fully
// bent (the common 2.2" sensor). With the sensor between the pin and ground (`low`) the
// reading rises with bend; between the supply and the pin (`high`) it falls. The fixed resistor
// defaults to 47 kOhm, near sqrt(25k * 100k) = 50k, which gives the widest swing (0.35 -> 0.68).
// Noise: Gaussian, noiseAdc RMS (the Pico's ADC wanders a few LSB), then 12-bit steps.

import { RngState, gaussian, seedRng } from './prng';
import { ADC_BITS, clampAdc, quantiseAdc } from './adc';

export interface FlexParams {
  flatOhm: number;
  bentOhm: number;
  fixedOhm: number;
  /** Where the flex sensor sits in the divider: `low` = pin to ground, `high` = supply to pin. */
  sensorSide: 'low' | 'high';
  noiseAdc: number;
  adcBits: number;
  seed: number;
}

export interface FlexInputs {
  /** Finger bend 0 (straight) .. 1 (fully bent), clamped. */
  bend: number;
}

export interface FlexState {
  readonly params: FlexParams;
  readonly rng: RngState;
  readonly sensorOhm: number;
  readonly valueAdc: number;
}

export function flexParams(overrides: Partial<FlexParams> = {}): FlexParams {
  return {
    flatOhm: 25_000,
    bentOhm: 100_000,
    fixedOhm: 47_000,
    sensorSide: 'low',
    noiseAdc: 0.002,
    adcBits: ADC_BITS,
    seed: 1,
    ...overrides,
  };
}

/** The noise-free divider output for a bend. */
export function flexIdealAdc(bend: number, params: FlexParams): number {
  const sensorOhm = flexSensorOhm(bend, params);
  const low = params.sensorSide === 'low' ? sensorOhm : params.fixedOhm;
  return low / (sensorOhm + params.fixedOhm);
}

export function flexSensorOhm(bend: number, params: FlexParams): number {
  return params.flatOhm + clampAdc(bend) * (params.bentOhm - params.flatOhm);
}

export function createFlex(params: FlexParams): FlexState {
  return { params, rng: seedRng(params.seed), sensorOhm: params.flatOhm, valueAdc: flexIdealAdc(0, params) };
}

export function stepFlex(state: FlexState, inputs: FlexInputs, _dtS: number): FlexState {
  const p = state.params;
  const [noise, rng] = gaussian(state.rng);
  const valueAdc = quantiseAdc(flexIdealAdc(inputs.bend, p) + noise * p.noiseAdc, p.adcBits);
  return { params: p, rng, sensorOhm: flexSensorOhm(inputs.bend, p), valueAdc };
}
