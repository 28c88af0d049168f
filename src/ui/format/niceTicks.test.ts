import { describe, expect, it } from 'vitest';
import { logTicks, niceStep, niceTicks, niceTicksFromZero } from './niceTicks';

const isOneTwoFive = (raw: number) => {
  const step = Number(raw.toPrecision(6)); // differences of printed ticks carry float noise
  const mantissa = step / 10 ** Math.floor(Math.log10(step));
  return [1, 2, 5].some((m) => Math.abs(mantissa - m) < 1e-9);
};

describe('niceStep', () => {
  it('rounds the raw step up to 1, 2 or 5 times a power of ten', () => {
    expect(niceStep(3600, 5)).toBe(1000); // raw 720
    expect(niceStep(100, 5)).toBe(20);
    expect(niceStep(0.9, 5)).toBeCloseTo(0.2, 12);
    expect(niceStep(23, 5)).toBe(5);
  });
});

describe('niceTicks', () => {
  it('gives even 1-2-5 steps, not 0, 900, 1800, 3600', () => {
    expect(niceTicks(0, 3600)).toEqual([0, 1000, 2000, 3000, 4000]);
    expect(niceTicks(0, 28000)).toEqual([0, 10000, 20000, 30000]);
    expect(niceTicks(0, 61.4)).toEqual([0, 20, 40, 60, 80]);
  });
  it('covers every value with steps that are 1, 2 or 5 times a power of ten', () => {
    for (const [min, max] of [
      [0, 1],
      [3, 97],
      [0.013, 0.71],
      [12.5, 12.9],
      [-40, 260],
      [1, 4096],
    ] as const) {
      const ticks = niceTicks(min, max);
      expect(ticks[0]).toBeLessThanOrEqual(min);
      expect(ticks.at(-1)).toBeGreaterThanOrEqual(max);
      expect(ticks.length).toBeGreaterThanOrEqual(3);
      expect(ticks.length).toBeLessThanOrEqual(11);
      const steps = ticks.slice(1).map((t, i) => t - ticks[i]!);
      for (const s of steps) expect(s).toBeCloseTo(steps[0]!, 9);
      expect(isOneTwoFive(steps[0]!)).toBe(true);
    }
  });
  it('prints decimal steps exactly', () => {
    expect(niceTicks(0, 0.7)).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
  });
  it('still draws an axis for one value or none', () => {
    expect(niceTicks(0, 0)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    const single = niceTicks(50, 50);
    expect(single[0]).toBeLessThanOrEqual(50);
    expect(single.at(-1)).toBeGreaterThan(50);
    expect(niceTicks(Number.NaN, 3)).toEqual([0, 1]);
  });
});

describe('niceTicksFromZero', () => {
  it('starts at zero and covers the largest value', () => {
    expect(niceTicksFromZero([61.4, 107.6, 206.8, 408])).toEqual([0, 100, 200, 300, 400, 500]);
    expect(niceTicksFromZero([])).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });
});

describe('logTicks', () => {
  it('covers the values with 1-2-5 steps while there are few, powers of ten when there would be many', () => {
    expect(logTicks([3.2, 41])).toEqual([2, 5, 10, 20, 50]);
    expect(logTicks([1.2, 180])).toEqual([1, 10, 100, 1000]);
    expect(logTicks([12, 28000])).toEqual([10, 100, 1000, 10000, 100000]);
    expect(logTicks([0.25, 0.8])).toEqual([0.2, 0.5, 1]);
  });

  it('starts and ends on a tick exactly at a value, and leaves out values a log axis cannot show', () => {
    expect(logTicks([10, 50, 0, -3, Number.NaN])).toEqual([10, 20, 50]);
  });

  it('gives one value an axis around it, and no values an axis from 1 to 10', () => {
    expect(logTicks([20])).toEqual([10, 20, 50]);
    expect(logTicks([])).toEqual([1, 10]);
  });
});
