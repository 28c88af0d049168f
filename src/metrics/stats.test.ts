import { describe, expect, it } from 'vitest';
import { median, percentile } from './stats';

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
