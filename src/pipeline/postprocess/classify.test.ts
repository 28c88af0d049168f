import { describe, expect, it } from 'vitest';
import { maxAbsDiff, softmax, splitRows, topK } from './classify';

describe('softmax', () => {
  it('matches the hand-computed distribution', () => {
    const p = softmax(new Float32Array([0, Math.log(2), Math.log(5)]));
    // e^x = 1, 2, 5 -> 1/8, 2/8, 5/8
    expect(p[0]).toBeCloseTo(0.125, 6);
    expect(p[1]).toBeCloseTo(0.25, 6);
    expect(p[2]).toBeCloseTo(0.625, 6);
  });

  it('stays finite for huge logits', () => {
    const p = softmax(new Float32Array([1000, 1000, -1000]));
    expect(Array.from(p).map((v) => Number(v.toFixed(6)))).toEqual([0.5, 0.5, 0]);
  });

  it('is invariant to a shift', () => {
    const a = softmax(new Float32Array([1, 2, 3]));
    const b = softmax(new Float32Array([101, 102, 103]));
    expect(maxAbsDiff(a, b)).toBeLessThan(1e-6);
  });
});

describe('topK', () => {
  it('returns the k best, highest first', () => {
    const scores = new Float32Array([0.1, 0.5, 0.05, 0.3, 0.05]);
    expect(topK(scores, 3).map((s) => s.index)).toEqual([1, 3, 0]);
  });

  it('breaks ties by lower index', () => {
    expect(topK(new Float32Array([0.2, 0.4, 0.4, 0.2]), 3).map((s) => s.index)).toEqual([1, 2, 0]);
  });

  it('returns everything when k exceeds the length', () => {
    expect(topK(new Float32Array([0.3, 0.7]), 5).map((s) => s.index)).toEqual([1, 0]);
  });
});

describe('splitRows', () => {
  it('splits a batch output into per-image views', () => {
    const rows = splitRows(new Float32Array([1, 2, 3, 4, 5, 6]), 2);
    expect(rows.map((r) => Array.from(r))).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
  });
  it('refuses a length that is not a multiple of the rows', () => {
    expect(() => splitRows(new Float32Array(5), 2)).toThrow(/5 values into 2 rows/);
  });
});
