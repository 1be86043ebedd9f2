import { fingerAngleDeg, fingerFlexion } from '../../sim/models';

describe('finger flexion from servo angle', () => {
  it('maps open..closed linearly to 0..1, clamped, either way round', () => {
    const geometry = { openAngleDeg: 20, closedAngleDeg: 160 };
    expect(fingerFlexion(20, geometry)).toBe(0);
    expect(fingerFlexion(90, geometry)).toBeCloseTo(0.5, 9);
    expect(fingerFlexion(200, geometry)).toBe(1);
    expect(fingerFlexion(0, geometry)).toBe(0);
    const reversed = { openAngleDeg: 170, closedAngleDeg: 10 };
    expect(fingerFlexion(130, reversed)).toBeCloseTo(0.25, 9);
    expect(fingerAngleDeg(0.25, reversed)).toBeCloseTo(130, 9);
    expect(fingerAngleDeg(fingerFlexion(77, geometry), geometry)).toBeCloseTo(77, 9);
  });
});
