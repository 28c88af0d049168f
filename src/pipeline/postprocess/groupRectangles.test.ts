import { describe, expect, it } from 'vitest';
import { cvRound, groupRectangles, INT32_MIN, partition, similarRects, type CvRect } from './groupRectangles';

const R = (x: number, y: number, width: number, height: number): CvRect => ({ x, y, width, height });

describe('cvRound', () => {
  it('rounds half to even, like _mm_cvtsd_si32 / lrint', () => {
    expect([0.5, 1.5, 2.5, 3.5, 300.5, 301.5].map(cvRound)).toEqual([0, 2, 2, 4, 300, 302]);
    expect([-0.5, -1.5, -2.5, -3.5].map(cvRound)).toEqual([0, -2, -2, -4]);
    expect(Object.is(cvRound(-0.4), 0)).toBe(true); // an int has no -0
  });

  it('rounds non-ties to nearest', () => {
    expect([2.4999999, 2.5000001, -2.5000001, 0.49999999999999994, 7].map(cvRound)).toEqual([2, 3, -3, 0, 7]);
  });

  it('gives the x86 integer-indefinite value for NaN and out-of-range', () => {
    expect(cvRound(NaN)).toBe(INT32_MIN);
    expect(cvRound(3e9)).toBe(INT32_MIN);
    expect(cvRound(-3e9)).toBe(INT32_MIN);
    expect(cvRound(2147483647.4)).toBe(2147483647);
    expect(cvRound(2147483647.5)).toBe(INT32_MIN); // ties to 2^31 (even), out of range
    expect(cvRound(-2147483648.4)).toBe(-2147483648); // in range
  });
});

describe('similarRects', () => {
  it('uses delta = eps * (min(w) + min(h)) / 2 on x, y, x+w and y+h', () => {
    // delta = 0.02 * (340 + 300) * 0.5 = 6.4
    const same = similarRects(0.02);
    expect(same(R(300, 200, 340, 300), R(306, 200, 340, 300))).toBe(true); // |dx| = 6, |d(x+w)| = 6
    expect(same(R(300, 200, 340, 300), R(307, 200, 340, 300))).toBe(false); // 7 > 6.4
    expect(same(R(300, 200, 340, 300), R(300, 200, 346, 300))).toBe(true); // only x+w moves, by 6
    expect(same(R(300, 200, 340, 300), R(300, 200, 347, 300))).toBe(false); // x+w moves by 7 > 6.4
  });

  it('with eps = 0 only identical rects are similar', () => {
    const same = similarRects(0);
    expect(same(R(1, 2, 3, 4), R(1, 2, 3, 4))).toBe(true); // 0 <= 0
    expect(same(R(1, 2, 3, 4), R(2, 2, 3, 4))).toBe(false);
  });
});

describe('partition', () => {
  it('numbers classes by the first appearance of each class', () => {
    const { labels, nclasses } = partition(['b', 'a', 'b', 'c', 'a'], (p, q) => p === q);
    expect(nclasses).toBe(3);
    expect(labels).toEqual([0, 1, 0, 2, 1]);
  });

  it('merges chains transitively (a~b, b~c, a!~c: one class)', () => {
    const near = (p: number, q: number) => Math.abs(p - q) <= 1;
    const { labels, nclasses } = partition([0, 10, 2, 1, 11, 30], near);
    expect(nclasses).toBe(3);
    expect(labels).toEqual([0, 1, 0, 0, 1, 2]);
  });

  it('handles an empty list', () => {
    expect(partition([], () => true)).toEqual({ labels: [], nclasses: 0 });
  });
});

describe('groupRectangles', () => {
  it('returns the input unchanged with weight 1 when groupThreshold <= 0', () => {
    const rects = [R(1, 2, 3, 4), R(1, 2, 3, 4), R(9, 9, 9, 9)];
    expect(groupRectangles(rects, 0, 0.2)).toEqual({ rects, weights: [1, 1, 1] });
    expect(groupRectangles(rects, -1, 0.2).weights).toEqual([1, 1, 1]);
  });

  it('averages each group with ties to even', () => {
    // (300+301)/2 = 300.5 -> 300, (100+101)/2 -> 100, (340+341)/2 -> 340, (200+201)/2 -> 200
    expect(groupRectangles([R(300, 100, 340, 200), R(301, 101, 341, 201)], 1, 0.02)).toEqual({
      rects: [R(300, 100, 340, 200)],
      weights: [2],
    });
    // (301+302)/2 = 301.5 -> 302
    expect(groupRectangles([R(301, 100, 340, 200), R(302, 101, 341, 201)], 1, 0.02).rects).toEqual([R(302, 100, 340, 200)]);
  });

  it('multiplies by the float32 reciprocal of the count, as OpenCV does', () => {
    // sum x = 3 * 4194305 + 1 = 12582916; exact mean 4194305.33 would round to 4194305, but
    // 12582916 * float32(1/3) in float32 is 4194305.5 (float32's step is 0.5 here), and cvRound -> 4194306.
    const k = 4194305;
    const out = groupRectangles([R(k, 0, 10, 10), R(k, 0, 10, 10), R(k + 1, 0, 10, 10)], 1, 0.2);
    expect(out.rects).toEqual([R(4194306, 0, 10, 10)]);
    expect(Math.round(12582916 / 3)).toBe(4194305);
  });

  it('drops groups of <= groupThreshold members and keeps class order', () => {
    const a = R(300, 200, 340, 300);
    const b = R(100, 100, 150, 150);
    const c = R(500, 100, 550, 150);
    // classes in first-appearance order: b (3 members), a (2), c (4)
    const out = groupRectangles([b, a, b, c, c, a, b, c, c], 2, 0.02);
    expect(out).toEqual({ rects: [b, c], weights: [3, 4] });
  });

  it('drops a group nested in a stronger group, within dx = cvRound(w*eps), dy = cvRound(h*eps)', () => {
    const A = R(300, 200, 340, 300);
    const B = R(305, 200, 340, 300);
    const C = R(310, 200, 340, 300);
    const E = R(300, 200, 400, 300);
    // A~B~C chain into one group (mean 305, 200, 340, 300); E is not similar to them.
    // With 4 E's: n2 = 4 is not > max(3, 4), so both groups stay.
    expect(groupRectangles([A, B, C, B, E, E, E, E], 3, 0.02)).toEqual({ rects: [R(305, 200, 340, 300), E], weights: [4, 4] });
    // With 5 E's: r1 = (305,200,340,300) inside r2 = (300,200,400,300) grown by dx = cvRound(8) = 8, dy = 6:
    // 305 >= 292, 200 >= 194, 645 <= 708, 500 <= 506, and 5 > max(3, 4): the first group goes.
    expect(groupRectangles([A, B, C, B, E, E, E, E, E], 3, 0.02)).toEqual({ rects: [E], weights: [5] });
  });

  it('allows exactly dx of overhang and no more', () => {
    const E = R(300, 200, 400, 300); // dx = cvRound(400 * 0.02) = 8, so x + w may reach 300 + 400 + 8 = 708
    const inside = R(305, 200, 403, 300); // 305 + 403 = 708
    const outside = R(305, 200, 404, 300); // 709
    expect(groupRectangles([inside, inside, inside, inside, E, E, E, E, E], 3, 0.02).rects).toEqual([E]);
    expect(groupRectangles([outside, outside, outside, outside, E, E, E, E, E], 3, 0.02).rects).toEqual([outside, E]);
  });

  it('drops any nested group of fewer than 3 members (n1 < 3), even against an equal-weight group', () => {
    const inner = R(305, 200, 340, 300);
    const outer = R(300, 200, 400, 300);
    expect(groupRectangles([inner, inner, outer, outer], 1, 0.02)).toEqual({ rects: [outer], weights: [2] });
  });
});
