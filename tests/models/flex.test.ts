import { FlexState, createFlex, flexIdealAdc, flexParams, stepFlex } from '../../sim/models';

describe('flex sensor divider', () => {
  it('reads 25k/(25k+47k) flat and 100k/(100k+47k) bent with the sensor to ground', () => {
    const params = flexParams();
    expect(flexIdealAdc(0, params)).toBeCloseTo(25 / 72, 9);
    expect(flexIdealAdc(1, params)).toBeCloseTo(100 / 147, 9);
    expect(flexIdealAdc(2, params)).toBeCloseTo(100 / 147, 9); // bend clamped
  });

  it('rises with bend on the low side and falls on the high side', () => {
    const low = flexParams();
    const high = flexParams({ sensorSide: 'high' });
    for (let b = 0.1; b <= 1; b += 0.1) {
      expect(flexIdealAdc(b, low)).toBeGreaterThan(flexIdealAdc(b - 0.1, low));
      expect(flexIdealAdc(b, high)).toBeLessThan(flexIdealAdc(b - 0.1, high));
    }
    expect(flexIdealAdc(0, high)).toBeCloseTo(47 / 72, 9);
  });

  it('adds seeded noise of ~noiseAdc RMS, on 12-bit steps', () => {
    const sample = (seed: number) => {
      let state: FlexState = createFlex(flexParams({ seed }));
      const values: number[] = [];
      for (let k = 0; k < 5000; k++) {
        state = stepFlex(state, { bend: 0.5 }, 0.01);
        values.push(state.valueAdc);
      }
      return values;
    };
    const values = sample(1);
    expect(sample(1)).toEqual(values);
    expect(sample(2)).not.toEqual(values);
    const ideal = flexIdealAdc(0.5, flexParams());
    const rms = Math.sqrt(values.reduce((s, v) => s + (v - ideal) ** 2, 0) / values.length);
    expect(rms).toBeGreaterThan(0.0015);
    expect(rms).toBeLessThan(0.0025);
    for (const v of values) expect(Math.abs(v * 4095 - Math.round(v * 4095))).toBeLessThan(1e-6);
  });
});
