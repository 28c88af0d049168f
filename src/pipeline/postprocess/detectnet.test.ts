import { describe, expect, it } from 'vitest';
import { clusterDetections, DIGITS_CLUSTER_DEFAULTS, toFloat16, type ClusterParams } from './detectnet';
import { boxesOf, LN2_F16, LN4_F16, LN5_F16, makeMaps, nextDownFloat32, P640, scoresOf, type Box } from './testing/detectnetMaps';

describe('clusterDetections', () => {
  it('one object: four proposals become their mean, score ln 4 (full precision by default, float16 on request)', () => {
    const m = makeMaps(40, 40);
    // Proposals (absolute x1, y1, x2, y2), read in row-major order:
    m.propose(19, 13, [300, 200, 340, 300]);
    m.propose(20, 13, [302, 201, 341, 302]);
    m.propose(19, 14, [301, 199, 339, 301]);
    m.propose(20, 14, [303, 202, 342, 299]);
    m.propose(5, 5, [10, 10, 200, 200], 0.59); // below threshold: ignored
    // Similar pairwise: the smallest delta is 0.02 * (339 + 299) / 2 = 6.38, and the largest differences are
    // 3 (x1), 3 (y1), 5 (x1 + x2: 640 vs 645), 3 (y1 + y2).
    // Mean, sum * float32(1/4), ties to even: x1 1206/4 = 301.5 -> 302, y1 802/4 = 200.5 -> 200,
    // x2 1362/4 = 340.5 -> 340, y2 1202/4 = 300.5 -> 300. Height 100 >= 22. 4 members > 3.
    const out = clusterDetections(m.coverage, m.bboxes, m.grid, P640);
    expect(out).toEqual([{ x1: 302, y1: 200, x2: 340, y2: 300, score: Math.log(4) }]);
    const f16 = clusterDetections(m.coverage, m.bboxes, m.grid, P640, { float16Output: true });
    expect(f16).toEqual([{ x1: 302, y1: 200, x2: 340, y2: 300, score: LN4_F16 }]);
  });

  it('two objects: output in order of each group’s first proposal (row-major), not by score', () => {
    const m = makeMaps(40, 40);
    const P: Box = [80, 320, 120, 400]; // lower left, 5 proposals
    const Q: Box = [480, 80, 520, 160]; // upper right, 4 proposals
    for (const [x, y] of [
      [5, 20],
      [6, 20],
      [5, 21],
      [6, 21],
      [7, 21],
    ] as const)
      m.propose(x, y, P);
    for (const [x, y] of [
      [30, 5],
      [31, 5],
      [30, 6],
      [31, 6],
    ] as const)
      m.propose(x, y, Q);
    // Q's first cell (30, 5) comes before P's first cell (5, 20) in row-major order.
    const out = clusterDetections(m.coverage, m.bboxes, m.grid, P640);
    expect(boxesOf(out)).toEqual([Q, P]);
    expect(scoresOf(out)).toEqual([Math.log(4), Math.log(5)]);
    expect(scoresOf(clusterDetections(m.coverage, m.bboxes, m.grid, P640, { float16Output: true }))).toEqual([LN4_F16, LN5_F16]);
  });

  it('overlapping proposals: chains merge, overlapping but dissimilar boxes stay apart', () => {
    const m = makeMaps(40, 40);
    // Group 1 (row 10): A ~ B ~ C chain (x1 300, 305, 310; delta = 0.02 * (340 + 300) / 2 = 6.4),
    // though A and C differ by 10. Mean x1 = (300 + 305 + 310 + 305) / 4 = 305.
    m.propose(10, 10, [300, 200, 340, 300]);
    m.propose(11, 10, [305, 200, 340, 300]);
    m.propose(12, 10, [310, 200, 340, 300]);
    m.propose(13, 10, [305, 200, 340, 300]);
    // Group 2 (row 11): overlaps group 1's area, but x1 + x2 = 700 vs 640..650 is far beyond delta.
    for (let x = 10; x < 14; x++) m.propose(x, 11, [300, 200, 400, 300]);
    // Nested test: r1 = (305, 200, 340, 300) is inside r2 = (300, 200, 400, 300) grown by dx = 8, dy = 6,
    // but n2 = 4 is not > max(3, n1 = 4), so group 1 survives.
    const out = clusterDetections(m.coverage, m.bboxes, m.grid, P640);
    expect(boxesOf(out)).toEqual([
      [305, 200, 340, 300],
      [300, 200, 400, 300],
    ]);
    expect(scoresOf(out)).toEqual([Math.log(4), Math.log(4)]);
  });

  it('nested-rectangle suppression: a group inside a stronger group is dropped', () => {
    const m = makeMaps(40, 40);
    m.propose(10, 10, [300, 200, 340, 300]);
    m.propose(11, 10, [305, 200, 340, 300]);
    m.propose(12, 10, [310, 200, 340, 300]);
    m.propose(13, 10, [305, 200, 340, 300]);
    for (let x = 10; x < 15; x++) m.propose(x, 11, [300, 200, 400, 300]);
    // Same as above with a fifth outer proposal: n2 = 5 > max(3, 4), and
    // 305 >= 300 - 8, 200 >= 200 - 6, 305 + 340 <= 300 + 400 + 8, 200 + 300 <= 200 + 300 + 6.
    const out = clusterDetections(m.coverage, m.bboxes, m.grid, P640);
    expect(out).toEqual([{ x1: 300, y1: 200, x2: 400, y2: 300, score: Math.log(5) }]);
  });

  it('reproduces the corner-as-size quirk: similarity grows with distance from the origin', () => {
    // Two proposals 5 px apart in x1 and x2, rectThreshold 1 (groups need 2 members).
    const params = { ...P640, rectThreshold: 1 };
    // Near the origin: delta = 0.02 * (50 + 50) / 2 = 1 < 5 -> two groups of one -> both dropped.
    const near = makeMaps(40, 40);
    near.propose(1, 1, [10, 10, 50, 50]);
    near.propose(2, 1, [15, 10, 55, 50]);
    expect(clusterDetections(near.coverage, near.bboxes, near.grid, params)).toEqual([]);
    // Far from it, the same shapes: delta = 0.02 * (640 + 640) / 2 = 12.8 >= 10 -> one group of two.
    // Mean: x1 (600 + 605) / 2 = 602.5 -> 602, x2 (640 + 645) / 2 = 642.5 -> 642.
    const far = makeMaps(40, 40);
    far.propose(37, 37, [600, 600, 640, 640]);
    far.propose(38, 37, [605, 600, 645, 640]);
    expect(clusterDetections(far.coverage, far.bboxes, far.grid, params)).toEqual([
      { x1: 602, y1: 600, x2: 642, y2: 640, score: Math.log(2) },
    ]);
  });

  describe('edges', () => {
    const single = { ...P640, rectThreshold: 0, minHeight: 0 }; // no grouping: each proposal comes back, score ln 1 = 0

    it('coverage exactly equal to the threshold counts; one float32 step below does not', () => {
      const m = makeMaps(40, 40);
      m.propose(0, 0, [1, 1, 30, 30], 0.6); // stored as float32(0.6)
      m.propose(1, 0, [2, 2, 30, 30], nextDownFloat32(0.6));
      expect(boxesOf(clusterDetections(m.coverage, m.bboxes, m.grid, single))).toEqual([[1, 1, 30, 30]]);
    });

    it('compares in float32, as NumPy does for a float32 array and a Python float', () => {
      // float32(0.7) = 0.699999988... < 0.7, yet it passes a 0.7 threshold, because the threshold is cast to float32.
      const m = makeMaps(40, 40);
      m.propose(0, 0, [1, 1, 30, 30], 0.7);
      expect(m.coverage[0]!).toBeLessThan(0.7);
      expect(clusterDetections(m.coverage, m.bboxes, m.grid, { ...single, coverageThreshold: 0.7 })).toHaveLength(1);
    });

    it('a group of exactly rectThreshold members is dropped, rectThreshold + 1 is kept', () => {
      const m = makeMaps(40, 40);
      for (let x = 0; x < 3; x++) m.propose(x, 10, [100, 100, 140, 200]);
      expect(clusterDetections(m.coverage, m.bboxes, m.grid, P640)).toEqual([]); // 3 <= 3
      m.propose(3, 10, [100, 100, 140, 200]);
      expect(clusterDetections(m.coverage, m.bboxes, m.grid, P640)).toEqual([{ x1: 100, y1: 100, x2: 140, y2: 200, score: Math.log(4) }]);
    });

    it('height exactly minHeight is kept, one less is dropped; checked on the group box after grouping', () => {
      // y2 = 121, 123, 121, 123 (heights 21, 23, 21, 23): mean y2 = 488 / 4 = 122, height 22.
      const m = makeMaps(40, 40);
      [121, 123, 121, 123].forEach((y2, x) => m.propose(x, 10, [300, 100, 340, y2]));
      expect(boxesOf(clusterDetections(m.coverage, m.bboxes, m.grid, P640))).toEqual([[300, 100, 340, 122]]);
      expect(clusterDetections(m.coverage, m.bboxes, m.grid, { ...P640, minHeight: 23 })).toEqual([]);
      const short = makeMaps(40, 40);
      for (let x = 0; x < 4; x++) short.propose(x, 10, [300, 100, 340, 121]); // height 21
      expect(clusterDetections(short.coverage, short.bboxes, short.grid, P640)).toEqual([]);
    });

    it('rectThreshold 0: OpenCV returns proposals ungrouped, each with weight 1', () => {
      const m = makeMaps(40, 40);
      m.propose(3, 2, [40, 30, 80, 90]);
      m.propose(4, 2, [40, 30, 80, 90]);
      expect(clusterDetections(m.coverage, m.bboxes, m.grid, { ...P640, rectThreshold: 0 })).toEqual([
        { x1: 40, y1: 30, x2: 80, y2: 90, score: 0 },
        { x1: 40, y1: 30, x2: 80, y2: 90, score: 0 },
      ]);
    });

    it('no proposals, or all-zero proposals (`if not propose_boxes.any()`), give no boxes', () => {
      const m = makeMaps(40, 40);
      expect(clusterDetections(m.coverage, m.bboxes, m.grid, single)).toEqual([]);
      m.propose(0, 0, [0, 0, 0, 0]); // cell (0, 0), origin (0, 0), all-zero offsets
      expect(clusterDetections(m.coverage, m.bboxes, m.grid, single)).toEqual([]);
      m.propose(1, 0, [16, 0, 40, 30]); // one non-zero value anywhere and both come back
      expect(boxesOf(clusterDetections(m.coverage, m.bboxes, m.grid, single))).toEqual([
        [0, 0, 0, 0],
        [16, 0, 40, 30],
      ]);
    });
  });

  it('caps the list at 50 boxes, counting only boxes that pass minHeight, in order', () => {
    const m = makeMaps(40, 40);
    const params = { ...P640, rectThreshold: 0 };
    for (let x = 0; x < 5; x++) m.propose(x, 0, [x, 0, x + 10, 10]); // height 10 < 22: dropped
    const tall: Box[] = [];
    for (let k = 0; k < 55; k++) {
      const x = k % 40;
      const y = 1 + Math.floor(k / 40); // row 1 (40 cells), then row 2
      const box: Box = [k, 100, k + 30, 150];
      m.propose(x, y, box);
      tall.push(box);
    }
    const out = clusterDetections(m.coverage, m.bboxes, m.grid, params);
    expect(out).toHaveLength(50);
    expect(boxesOf(out)).toEqual(tall.slice(0, 50));
    expect(clusterDetections(m.coverage, m.bboxes, m.grid, { ...params, maxBoxes: 7 })).toHaveLength(7);
  });

  it('turns proposals into ints by truncation toward zero by default, or with cvRound (ties to even) when asked', () => {
    const m = makeMaps(40, 40);
    m.propose(0, 0, [2.5, 3.5, 40.5, -1.5]); // offsets from origin (0, 0)
    m.propose(1, 0, [16.5, 1.25, 57.75, 41.5]); // origin (16, 0)
    const params = { ...P640, rectThreshold: 0, minHeight: -100 };
    // Default, truncation toward zero (Math.trunc, not floor):
    //   2.5 -> 2, 3.5 -> 3, 40.5 -> 40, -1.5 -> -1 (floor would give -2);
    //   16.5 -> 16, 1.25 -> 1, 57.75 -> 57, 41.5 -> 41.
    const truncated = [
      [2, 3, 40, -1],
      [16, 1, 57, 41],
    ];
    expect(boxesOf(clusterDetections(m.coverage, m.bboxes, m.grid, params))).toEqual(truncated);
    expect(boxesOf(clusterDetections(m.coverage, m.bboxes, m.grid, params, { proposalToInt: 'truncate' }))).toEqual(truncated);
    // 'round', cvRound (nearest, ties to even):
    //   2.5 -> 2, 3.5 -> 4, 40.5 -> 40, -1.5 -> -2;  16.5 -> 16, 1.25 -> 1, 57.75 -> 58, 41.5 -> 42.
    expect(boxesOf(clusterDetections(m.coverage, m.bboxes, m.grid, params, { proposalToInt: 'round' }))).toEqual([
      [2, 4, 40, -2],
      [16, 1, 58, 42],
    ]);
  });

  it('converts proposals to ints before grouping: the group mean is of the converted proposals', () => {
    const m = makeMaps(40, 40);
    // Fractional versions of the 'one object' proposals (all fractions exact in float32):
    m.propose(19, 13, [300.75, 200.5, 340.5, 300.25]);
    m.propose(20, 13, [302.5, 201.75, 341.5, 302.5]);
    m.propose(19, 14, [301.25, 199.5, 339.75, 301.5]);
    m.propose(20, 14, [303.5, 202.25, 342.25, 299.75]);
    // Default, truncated: (300, 200, 340, 300), (302, 201, 341, 302), (301, 199, 339, 301), (303, 202, 342, 299),
    // i.e. the 'one object' test's integers. delta = 0.02 * (339 + 299) / 2 = 6.38, all similar, one group of 4.
    // Mean, sum * float32(1/4) then cvRound: x1 1206/4 = 301.5 -> 302, y1 802/4 = 200.5 -> 200,
    // x2 1362/4 = 340.5 -> 340, y2 1202/4 = 300.5 -> 300.
    expect(clusterDetections(m.coverage, m.bboxes, m.grid, P640)).toEqual([{ x1: 302, y1: 200, x2: 340, y2: 300, score: Math.log(4) }]);
    // 'round' (ties to even): (301, 200, 340, 300), (302, 202, 342, 302), (301, 200, 340, 302), (304, 202, 342, 300).
    // delta = 0.02 * (340 + 300) / 2 = 6.4; largest differences 3 (x1), 2 (y1), 5 (x1 + x2: 641 vs 646),
    // 4 (y1 + y2: 500 vs 504): one group of 4. Mean: x1 1208/4 = 302, y1 804/4 = 201, x2 1364/4 = 341, y2 1204/4 = 301.
    expect(clusterDetections(m.coverage, m.bboxes, m.grid, P640, { proposalToInt: 'round' })).toEqual([
      { x1: 302, y1: 201, x2: 341, y2: 301, score: Math.log(4) },
    ]);
  });

  it('cell origin: x * cell_width and y * cell_height, with Python 2 floor division', () => {
    // 120x64, stride 16: grid_sz_x = 120 // 16 = 7, cell_width = 120 // 7 = 17; grid_sz_y = 4, cell_height = 16.
    // Raw offsets written by hand (no helper), grid 7 wide, 4 high, plane = 28.
    const coverage = new Float32Array(28);
    const bboxes = new Float32Array(4 * 28);
    const put = (i: number, offsets: Box) => {
      coverage[i] = 1;
      offsets.forEach((v, c) => (bboxes[c * 28 + i] = v));
    };
    put(1 * 7 + 2, [1, 2, 30, 40]); // cell (x 2, y 1), origin (2 * 17, 1 * 16) = (34, 16) -> (35, 18, 64, 56)
    put(3 * 7 + 6, [0, 0, 10, 30]); // cell (x 6, y 3), origin (102, 48) -> (102, 48, 112, 78)
    const params: ClusterParams = { ...DIGITS_CLUSTER_DEFAULTS, imageWidth: 120, imageHeight: 64, stride: 16, rectThreshold: 0 };
    expect(boxesOf(clusterDetections(coverage, bboxes, { width: 7, height: 4 }, params))).toEqual([
      [35, 18, 64, 56],
      [102, 48, 112, 78],
    ]);
  });

  it('reads only rows below min(H, grid_sz_y, grid_sz_x), as net_cvg[0][0:grid_sz_y][0:grid_sz_x] does', () => {
    // Portrait 32x64, stride 16: grid 2 wide, 4 high. Both slices cut rows, so rows 2 and 3 are never read.
    const m = makeMaps(2, 4);
    m.propose(0, 1, [0, 16, 30, 60]);
    m.propose(1, 3, [16, 48, 30, 90]);
    const params: ClusterParams = { ...DIGITS_CLUSTER_DEFAULTS, imageWidth: 32, imageHeight: 64, stride: 16, rectThreshold: 0 };
    expect(boxesOf(clusterDetections(m.coverage, m.bboxes, m.grid, params))).toEqual([[0, 16, 30, 60]]);
  });

  it('returns full-precision outputs by default; float16Output: true rounds them through float16 like DIGITS', () => {
    const m = makeMaps(40, 40);
    m.propose(0, 0, [2049, 0, 2051, 3001]);
    const params = { ...P640, rectThreshold: 0 };
    expect(boxesOf(clusterDetections(m.coverage, m.bboxes, m.grid, params))).toEqual([[2049, 0, 2051, 3001]]);
    expect(boxesOf(clusterDetections(m.coverage, m.bboxes, m.grid, params, { float16Output: false }))).toEqual([[2049, 0, 2051, 3001]]);
    // float16 steps by 2 from 2048 to 4096 (ties to even: 2049 -> 2048, 2051 -> 2052, 3001 -> 3000).
    expect(boxesOf(clusterDetections(m.coverage, m.bboxes, m.grid, params, { float16Output: true }))).toEqual([[2048, 0, 2052, 3000]]);
  });

  it('rejects inconsistent inputs', () => {
    const m = makeMaps(4, 4);
    const p: ClusterParams = { ...DIGITS_CLUSTER_DEFAULTS, imageWidth: 64, imageHeight: 64, stride: 16 };
    expect(() => clusterDetections(new Float32Array(15), m.bboxes, m.grid, p)).toThrow(/coverage has 15 values/);
    expect(() => clusterDetections(m.coverage, new Float32Array(16), m.grid, p)).toThrow(/bboxes has 16 values/);
    expect(() => clusterDetections(m.coverage, m.bboxes, m.grid, { ...p, imageWidth: 8 })).toThrow(/smaller than one stride/);
    expect(() => clusterDetections(m.coverage, m.bboxes, m.grid, { ...p, stride: 0 })).toThrow(/stride/);
    expect(() => clusterDetections(m.coverage, m.bboxes, m.grid, { ...p, rectThreshold: 2.5 })).toThrow(/rectThreshold/);
  });
});

describe('toFloat16', () => {
  it('rounds to the nearest float16, ties to even', () => {
    expect([1, 2048, 2049, 2050, 2051, 65504, 65519, 65520].map(toFloat16)).toEqual([1, 2048, 2048, 2050, 2052, 65504, 65504, Infinity]);
    expect(toFloat16(Math.log(4))).toBe(LN4_F16);
    expect(toFloat16(-Math.log(2))).toBe(-LN2_F16);
    expect(toFloat16(2 ** -25)).toBe(0); // half the smallest subnormal: ties to even (0)
    expect(toFloat16(3 * 2 ** -26)).toBe(2 ** -24);
    expect(Number.isNaN(toFloat16(NaN))).toBe(true);
  });
});
