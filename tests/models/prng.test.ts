import { gaussian, nextRng, seedRng, uniformOf } from '../../sim/models';

describe('mulberry32 PRNG', () => {
  it('is reproducible per seed and differs between seeds', () => {
    const draw = (seed: number) => {
      let s = seedRng(seed);
      return Array.from({ length: 5 }, () => {
        s = nextRng(s);
        return uniformOf(s);
      });
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('gives uniform [0,1) and standard normal values', () => {
    let s = seedRng(7);
    let sum = 0;
    let sumSq = 0;
    let min = 1;
    let max = 0;
    const n = 50_000;
    for (let i = 0; i < n; i++) {
      s = nextRng(s);
      const u = uniformOf(s);
      min = Math.min(min, u);
      max = Math.max(max, u);
      sum += u;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(sum / n).toBeCloseTo(0.5, 2);
    sum = 0;
    for (let i = 0; i < n; i++) {
      const [g, next] = gaussian(s);
      s = next;
      sum += g;
      sumSq += g * g;
    }
    expect(sum / n).toBeCloseTo(0, 1);
    expect(Math.sqrt(sumSq / n)).toBeCloseTo(1, 1);
  });
});
