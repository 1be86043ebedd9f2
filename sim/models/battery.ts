// A LiPo pack (1S or 2S) feeding the hand, and the sense pin that watches it through a divider.
//
// Open-circuit voltage follows the state of charge through a per-cell table (4.20 V full ...
// 3.00 V empty, with the usual LiPo plateau around 3.7-3.9 V); the terminal voltage sags with
// the load: V = Voc - I * R (R = cells * per-cell internal resistance). Charge drops by I * dt.
// Relaxation (the slow recovery after a load) is not modelled: the sag vanishes with the load.

import { ADC_REF_V, voltageToAdc } from './adc';

/** [state of charge 0..1, open-circuit volts per cell], a typical small LiPo at low rate. */
export const LIPO_CELL_OCV_TABLE: ReadonlyArray<readonly [number, number]> = [
  [0.0, 3.0],
  [0.05, 3.45],
  [0.1, 3.68],
  [0.2, 3.73],
  [0.3, 3.77],
  [0.4, 3.8],
  [0.5, 3.84],
  [0.6, 3.87],
  [0.7, 3.95],
  [0.8, 4.02],
  [0.9, 4.11],
  [1.0, 4.2],
];

export interface BatteryParams {
  cells: number;
  capacityMah: number;
  /** Per cell; small hobby LiPos are ~30-100 mOhm when fresh. */
  internalResistanceOhmPerCell: number;
  /** Sense-pin voltage / pack voltage. Defaults keep a full pack under 3.3 V: 1/2 for 1S, 1/3 for 2S. */
  dividerRatio: number;
  adcRefV: number;
  initialChargeFraction: number;
}

export interface BatteryInputs {
  /** Total current drawn from the pack (servos plus electronics). */
  currentA: number;
}

export interface BatteryState {
  readonly params: BatteryParams;
  /** State of charge 0..1. */
  readonly chargeFraction: number;
  readonly usedMah: number;
  readonly openCircuitV: number;
  readonly terminalV: number;
  readonly currentA: number;
  /** The sense pin's reading 0..1 of adcRefV, clamped. */
  readonly senseAdc: number;
}

export function batteryParams(overrides: Partial<BatteryParams> = {}): BatteryParams {
  const cells = overrides.cells ?? 1;
  return {
    cells,
    capacityMah: 1000,
    internalResistanceOhmPerCell: 0.06,
    dividerRatio: cells <= 1 ? 1 / 2 : 1 / 3,
    adcRefV: ADC_REF_V,
    initialChargeFraction: 1,
    ...overrides,
  };
}

/** Open-circuit volts of one cell at a state of charge (clamped to 0..1), by linear interpolation. */
export function cellOpenCircuitV(chargeFraction: number): number {
  const soc = Math.min(1, Math.max(0, chargeFraction));
  const table = LIPO_CELL_OCV_TABLE;
  for (let i = 1; i < table.length; i++) {
    const [soc1, v1] = table[i];
    if (soc <= soc1) {
      const [soc0, v0] = table[i - 1];
      return v0 + ((soc - soc0) / (soc1 - soc0)) * (v1 - v0);
    }
  }
  return table[table.length - 1][1];
}

function withVoltages(params: BatteryParams, chargeFraction: number, usedMah: number, currentA: number): BatteryState {
  const openCircuitV = params.cells * cellOpenCircuitV(chargeFraction);
  const terminalV = Math.max(0, openCircuitV - currentA * params.cells * params.internalResistanceOhmPerCell);
  return {
    params,
    chargeFraction,
    usedMah,
    openCircuitV,
    terminalV,
    currentA,
    senseAdc: voltageToAdc(terminalV * params.dividerRatio, params.adcRefV),
  };
}

export function createBattery(params: BatteryParams): BatteryState {
  return withVoltages(params, params.initialChargeFraction, 0, 0);
}

export function stepBattery(state: BatteryState, inputs: BatteryInputs, dtS: number): BatteryState {
  const p = state.params;
  const drawnMah = (inputs.currentA * Math.max(0, dtS) * 1000) / 3600;
  const chargeFraction = Math.max(0, state.chargeFraction - drawnMah / p.capacityMah);
  return withVoltages(p, chargeFraction, state.usedMah + drawnMah, inputs.currentA);
}

/** Pack voltage back from a sense-pin reading (what the firmware will compute). */
export function senseAdcToPackV(senseAdc: number, params: BatteryParams): number {
  return (senseAdc * params.adcRefV) / params.dividerRatio;
}
