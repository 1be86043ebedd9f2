import {
  BatteryState,
  LIPO_CELL_OCV_TABLE,
  batteryParams,
  cellOpenCircuitV,
  createBattery,
  senseAdcToPackV,
  stepBattery,
} from '../../sim/models';

describe('LiPo open-circuit voltage', () => {
  it('runs from 4.2 V full to 3.0 V empty per cell, never rising as charge falls', () => {
    expect(cellOpenCircuitV(1)).toBeCloseTo(4.2, 9);
    expect(cellOpenCircuitV(0)).toBeCloseTo(3.0, 9);
    expect(cellOpenCircuitV(0.5)).toBeCloseTo(3.84, 9);
    expect(cellOpenCircuitV(1.5)).toBeCloseTo(4.2, 9);
    for (let i = 1; i < LIPO_CELL_OCV_TABLE.length; i++) {
      expect(LIPO_CELL_OCV_TABLE[i][1]).toBeGreaterThan(LIPO_CELL_OCV_TABLE[i - 1][1]);
    }
    expect(cellOpenCircuitV(0.25)).toBeCloseTo((3.73 + 3.77) / 2, 9);
  });
});

describe('battery', () => {
  it('reads a full 1S pack through a 1/2 divider as 4.2 * 0.5 / 3.3', () => {
    const state = createBattery(batteryParams({ cells: 1 }));
    expect(state.terminalV).toBeCloseTo(4.2, 9);
    expect(state.senseAdc).toBeCloseTo((4.2 * 0.5) / 3.3, 9);
    expect(senseAdcToPackV(state.senseAdc, state.params)).toBeCloseTo(4.2, 9);
  });

  it('sags by I * R under load and recovers when the load goes', () => {
    const params = batteryParams({ cells: 2, internalResistanceOhmPerCell: 0.05 });
    let state = stepBattery(createBattery(params), { currentA: 2 }, 0.01);
    expect(state.openCircuitV - state.terminalV).toBeCloseTo(2 * 2 * 0.05, 9);
    expect(state.senseAdc).toBeLessThan(((8.4 - 0.2) / 3 / 3.3) + 1e-9);
    state = stepBattery(state, { currentA: 0 }, 0.01);
    expect(state.terminalV).toBeCloseTo(state.openCircuitV, 9);
  });

  it('discharges by current x time: 1 A for 30 min takes half of 1000 mAh', () => {
    let state: BatteryState = createBattery(batteryParams({ capacityMah: 1000 }));
    for (let k = 0; k < 1800; k++) state = stepBattery(state, { currentA: 1 }, 1);
    expect(state.usedMah).toBeCloseTo(500, 6);
    expect(state.chargeFraction).toBeCloseTo(0.5, 6);
    expect(state.openCircuitV).toBeCloseTo(3.84, 6);
  });

  it('stops at empty', () => {
    let state = createBattery(batteryParams({ capacityMah: 100, initialChargeFraction: 0.01 }));
    for (let k = 0; k < 100; k++) state = stepBattery(state, { currentA: 1 }, 10);
    expect(state.chargeFraction).toBe(0);
    expect(state.openCircuitV).toBeCloseTo(3.0, 9);
  });

  it('defaults a 2S divider to 1/3 and clamps the sense pin at the 3.3 V rail', () => {
    const twoCell = createBattery(batteryParams({ cells: 2 }));
    expect(twoCell.params.dividerRatio).toBeCloseTo(1 / 3, 9);
    expect(twoCell.terminalV).toBeCloseTo(8.4, 9);
    expect(twoCell.senseAdc).toBeCloseTo(8.4 / 3 / 3.3, 9);
    const noDivider = createBattery(batteryParams({ cells: 2, dividerRatio: 1 }));
    expect(noDivider.senseAdc).toBe(1);
  });
});
