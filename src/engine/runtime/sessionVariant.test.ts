import { describe, expect, it } from 'vitest';
import { maxAbsDifference, patternInput } from './sessionVariant';

const t = (...values: number[]) => ({ data: Float32Array.from(values), dims: [values.length] });

describe('patternInput', () => {
  it('is the same every time, spread over about -50..50, not constant', () => {
    const a = patternInput(10_000);
    expect(patternInput(10_000)).toStrictEqual(a);
    expect(Math.min(...a)).toBeCloseTo(-50, 5);
    expect(Math.max(...a)).toBeCloseTo(49.9, 4);
    expect(new Set(a).size).toBe(1000);
  });
});

describe('maxAbsDifference', () => {
  it('is the largest difference over every output', () => {
    expect(maxAbsDifference({ a: t(1, 2), b: t(5) }, { a: t(1, 2.5), b: t(4) })).toBe(1);
    expect(maxAbsDifference({ a: t(1, 2) }, { a: t(1, 2) })).toBe(0);
  });
  it('is Infinity for a NaN on either side, a missing output or a different length', () => {
    expect(maxAbsDifference({ a: t(1, NaN) }, { a: t(1, 2) })).toBe(Infinity);
    expect(maxAbsDifference({ a: t(1, 2) }, { a: t(NaN, 2) })).toBe(Infinity);
    expect(maxAbsDifference({ a: t(1) }, { b: t(1) })).toBe(Infinity);
    expect(maxAbsDifference({ a: t(1) }, { a: t(1, 2) })).toBe(Infinity);
  });
});
