import { describe, expect, it } from 'vitest';
import { median, percentile, percentiles, spread } from './stats';

describe('percentile', () => {
  it('interpolates between ranks like numpy', () => {
    const v = [10, 20, 30, 40];
    expect(percentile(v, 0)).toBe(10);
    expect(percentile(v, 100)).toBe(40);
    expect(percentile(v, 50)).toBe(25);
    expect(percentile(v, 90)).toBeCloseTo(37, 10); // rank 2.7 -> 30 + 0.7 * 10
  });
  it('does not depend on input order', () => {
    expect(median([5, 1, 3])).toBe(3);
  });
  it('is NaN for no values', () => {
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('percentiles and spread', () => {
  it('agree with percentile() for each p, from one sort', () => {
    const v = [7, 1, 9, 3, 5, 2, 8, 4, 6, 10];
    expect(percentiles(v, [10, 50, 99])).toEqual([percentile(v, 10), percentile(v, 50), percentile(v, 99)]);
  });
  it('gives the p10/p50/p90 band of 1..11 at the ranks 1, 5 and 9', () => {
    // 11 values: rank = p/100 * 10, so p10 -> rank 1 -> 2, p50 -> 6, p90 -> 10.
    expect(spread([11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1])).toEqual({ p10: 2, p50: 6, p90: 10 });
  });
  it('collapses to the value itself for one run', () => {
    expect(spread([42])).toEqual({ p10: 42, p50: 42, p90: 42 });
  });
  it('is NaN throughout for no values', () => {
    const s = spread([]);
    expect([s.p10, s.p50, s.p90].every(Number.isNaN)).toBe(true);
  });
});
