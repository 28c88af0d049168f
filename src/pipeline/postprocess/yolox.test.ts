import { describe, expect, it } from 'vitest';
import { decodeYolox, iou, nmsClassAware, yoloxCellCount, YOLOX_NANO_DEFAULTS, type ClassDetection, type YoloxParams } from './yolox';
import { type Box } from '../../domain/box';

const f32 = Math.fround;

/**
 * A 64x32 input with strides 8/16/32 and 2 classes: small enough to lay out by hand.
 *   stride 8:  4 rows x 8 cols -> cells  0..31  (cell = gy * 8 + gx)
 *   stride 16: 2 rows x 4 cols -> cells 32..39  (cell = 32 + gy * 4 + gx)
 *   stride 32: 1 row  x 2 cols -> cells 40..41
 * NMS threshold 1 disables suppression (an IoU is never above 1) for tests about decoding.
 */
const TINY: YoloxParams = {
  inputWidth: 64,
  inputHeight: 32,
  strides: [8, 16, 32],
  numClasses: 2,
  scoreThreshold: 0.3,
  nmsThreshold: 1,
};

/** Zero output for `params`; `set(cell, [raw_x, raw_y, raw_w, raw_h, objectness, ...classScores])`. */
function tensor(params: YoloxParams) {
  const row = 5 + params.numClasses;
  const data = new Float32Array(yoloxCellCount(params.inputWidth, params.inputHeight, params.strides) * row);
  return {
    data,
    set(cell: number, values: number[]) {
      data.set(values, cell * row);
    },
  };
}

/** A detected object at `cell` with raw xy/wh of 0: centred on the cell's origin, stride x stride. */
const unitBox = (objectness: number, ...classScores: number[]) => [0, 0, 0, 0, objectness, ...classScores];

const boxOf = (d: Box) => [d.x1, d.y1, d.x2, d.y2];
const det = (x1: number, y1: number, x2: number, y2: number, score: number, classIndex = 0): ClassDetection => ({
  x1,
  y1,
  x2,
  y2,
  score,
  classIndex,
});

/** The next float32 above `x`. */
function nextFloat32(x: number): number {
  const bits = new Int32Array(new Float32Array([x]).buffer);
  bits[0]! += 1;
  return new Float32Array(bits.buffer)[0]!;
}

describe('grid layout', () => {
  it('counts cells as the demo grid does: floor(H/s) x floor(W/s) per stride', () => {
    // 416x416: 52*52 + 26*26 + 13*13 = 2704 + 676 + 169
    expect(yoloxCellCount(416, 416, YOLOX_NANO_DEFAULTS.strides)).toBe(3549);
    expect(yoloxCellCount(64, 32, [8, 16, 32])).toBe(32 + 8 + 2);
    // Non-multiples floor like Python's //: 40/8 = 5, 70/8 = 8; 40/16 = 2, 70/16 = 4; 40/32 = 1, 70/32 = 2.
    expect(yoloxCellCount(70, 40, [8, 16, 32])).toBe(40 + 8 + 2);
  });

  it('YOLOX-Nano defaults follow onnx_inference.py (score_thr 0.3, nms_thr 0.45) at 416x416', () => {
    expect(YOLOX_NANO_DEFAULTS).toEqual({
      inputWidth: 416,
      inputHeight: 416,
      strides: [8, 16, 32],
      numClasses: 80,
      scoreThreshold: 0.3,
      nmsThreshold: 0.45,
    });
    expect(Object.isFrozen(YOLOX_NANO_DEFAULTS)).toBe(true);
    expect(decodeYolox(new Float32Array(3549 * 85), YOLOX_NANO_DEFAULTS)).toEqual([]);
  });
});

describe('decodeYolox: one box, by hand', () => {
  it('decodes grid offset, stride, exp size and objectness x class score', () => {
    const t = tensor(TINY);
    // Cell 39 is the stride-16 level's 8th cell (39 - 32 = 7 = gy * 4 + gx): gx = 3, gy = 1.
    //   cx = (0.5 + 3) * 16 = 56          cy = (0.25 + 1) * 16 = 20
    //   w  = exp(0) * 16 = 16             h  = exp(f32(ln 2)) * 16 = 2.0000000038 * 16 -> float32 32
    //   x1 = 56 - 8 = 48, x2 = 56 + 8 = 64, y1 = 20 - 16 = 4, y2 = 20 + 16 = 36
    //   class 0: 0.8 * 0.5 = 0.4 > 0.3 kept; class 1: 0.8 * 0.1 = 0.08 dropped
    t.set(39, [0.5, 0.25, 0, Math.LN2, 0.8, 0.5, 0.1]);
    const dets = decodeYolox(t.data, TINY);
    expect(dets).toEqual([{ x1: 48, y1: 4, x2: 64, y2: 36, score: f32(f32(0.8) * 0.5), classIndex: 0 }]);
  });

  it('rounds like the float32 demo: (raw + grid) * stride once, then x +- w/2 in float32', () => {
    const t = tensor(TINY);
    t.set(0, [0.1, 0.2, 0.3, 0.4, 1, 1, 0]);
    const [d] = decodeYolox(t.data, TINY);
    const cx = f32((f32(0.1) + 0) * 8);
    const halfW = f32(f32(f32(Math.exp(f32(0.3))) * 8) / 2);
    expect(d!.x1).toBe(f32(cx - halfW));
    expect(d!.x2).toBe(f32(cx + halfW));
  });
});

describe('decodeYolox: cell order', () => {
  it('walks strides in the given order, each grid row-major (y outer, x inner)', () => {
    const t = tensor(TINY);
    // Distinct objectness so the score-sorted result has a known order.
    t.set(0, unitBox(0.99, 1, 0)); //  s8  (0, 0) -> centre (0, 0), 8x8
    t.set(1, unitBox(0.98, 1, 0)); //  s8  (1, 0) -> centre (8, 0)
    t.set(8, unitBox(0.97, 1, 0)); //  s8  (0, 1) -> centre (0, 8)
    t.set(31, unitBox(0.96, 1, 0)); // s8  (7, 3) -> centre (56, 24)
    t.set(32, unitBox(0.95, 1, 0)); // s16 (0, 0) -> centre (0, 0), 16x16
    t.set(36, unitBox(0.94, 1, 0)); // s16 (0, 1) -> centre (0, 16)
    t.set(41, unitBox(0.93, 1, 0)); // s32 (1, 0) -> centre (32, 0), 32x32
    expect(decodeYolox(t.data, TINY).map(boxOf)).toEqual([
      [-4, -4, 4, 4],
      [4, -4, 12, 4],
      [-4, 4, 4, 12],
      [52, 20, 60, 28],
      [-8, -8, 8, 8],
      [-8, 8, 8, 24],
      [16, -16, 48, 16],
    ]);
  });

  it('with strides [32, 16, 8] the coarse grid comes first', () => {
    const params = { ...TINY, strides: [32, 16, 8] };
    const t = tensor(params);
    t.set(1, unitBox(0.9, 1, 0)); //  s32 (1, 0) -> centre (32, 0)
    t.set(2, unitBox(0.8, 1, 0)); //  s16 (0, 0)
    t.set(10, unitBox(0.7, 1, 0)); // s8  (0, 0)
    expect(decodeYolox(t.data, params).map(boxOf)).toEqual([
      [16, -16, 48, 16],
      [-8, -8, 8, 8],
      [-4, -4, 4, 4],
    ]);
  });
});

describe('decodeYolox: score threshold', () => {
  it('keeps scores strictly above the threshold, compared in float32 as NumPy does', () => {
    const atThreshold = f32(0.3);
    // In float64 the float32 score would pass (0.30000001192... > 0.3); NumPy compares in float32.
    expect(atThreshold > 0.3).toBe(true);
    const t = tensor(TINY);
    t.set(0, unitBox(1, atThreshold, nextFloat32(atThreshold)));
    expect(decodeYolox(t.data, TINY)).toEqual([{ x1: -4, y1: -4, x2: 4, y2: 4, score: nextFloat32(atThreshold), classIndex: 1 }]);
  });

  it('uses the product, not objectness or class score alone', () => {
    const t = tensor(TINY);
    t.set(0, unitBox(0.5, 0.9, 0)); // 0.45: kept
    t.set(1, unitBox(0.9, 0.3, 0)); // 0.27: dropped although both inputs are >= 0.3
    expect(decodeYolox(t.data, TINY).map((d) => d.score)).toEqual([f32(f32(0.5) * f32(0.9))]);
  });
});

describe('iou (demo nms convention: +1 pixel-inclusive sizes)', () => {
  it('computes overlap with +1 widths', () => {
    // 10x10 and 10x5 boxes (with +1); intersection 10x5 = 50; union 100 + 50 - 50 = 100.
    expect(iou(det(0, 0, 9, 9, 1), det(0, 0, 9, 4, 1))).toBe(0.5);
    // Boxes sharing the edge x = 10 overlap by one "pixel" column: 1 * 11 / (121 + 121 - 11).
    expect(iou(det(0, 0, 10, 10, 1), det(10, 0, 20, 10, 1))).toBe(f32(11 / 231));
    // Adjacent pixel ranges 0..9 and 10..19 do not overlap: max(0, 9 - 10 + 1) = 0.
    expect(iou(det(0, 0, 9, 9, 1), det(10, 0, 19, 9, 1))).toBe(0);
    // A zero-size box is one pixel, so it is not NaN against itself.
    expect(iou(det(5, 5, 5, 5, 1), det(5, 5, 5, 5, 1))).toBe(1);
    expect(iou(det(0, 0, 9, 9, 1), det(0, 5, 9, 14, 1))).toBe(f32(50 / 150));
  });
});

describe('nmsClassAware', () => {
  const a = det(0, 0, 9, 9, 0.9);
  const half = det(0, 0, 9, 4, 0.8); // IoU with a: exactly 0.5

  it('keeps a box whose IoU equals the threshold and suppresses above it', () => {
    expect(nmsClassAware([a, half], 0.5)).toEqual([a, half]);
    expect(nmsClassAware([a, half], 0.45)).toEqual([a]);
  });

  it('is greedy by score: a suppressed box suppresses nothing', () => {
    const top = det(0, 0, 9, 9, 0.9);
    const mid = det(4, 0, 13, 9, 0.8); // IoU with top 60/140 = 0.43
    const low = det(8, 0, 17, 9, 0.7); // IoU with top 20/180 = 0.11, with mid 0.43
    expect(nmsClassAware([low, mid, top], 0.3)).toEqual([top, low]);
  });

  it('suppresses only within a class', () => {
    const person = det(0, 0, 9, 9, 0.9, 0);
    const car = det(0, 0, 9, 9, 0.6, 2);
    const person2 = det(1, 1, 9, 9, 0.7, 0);
    expect(nmsClassAware([car, person2, person], 0.45)).toEqual([person, car]);
  });

  it('returns all classes by score, highest first', () => {
    const dets = [det(0, 0, 1, 1, 0.4, 1), det(50, 50, 60, 60, 0.9, 0), det(20, 20, 30, 30, 0.6, 1)];
    expect(nmsClassAware(dets, 0.45).map((d) => d.score)).toEqual([0.9, 0.6, 0.4]);
  });

  it('breaks score ties toward the later box (argsort()[::-1] of a stable sort)', () => {
    const first = det(0, 0, 9, 9, 0.5);
    const second = det(0, 0, 9, 9, 0.5);
    const [kept, ...rest] = nmsClassAware([first, second], 0.45);
    expect(kept).toBe(second);
    expect(rest).toEqual([]);
  });

  it('agrees with a literal port of the demo loop on random boxes', () => {
    let seed = 7;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
    /** demo_utils.nms: order = argsort desc; keep order[0]; order = rest where ovr <= thr. */
    const demoNms = (dets: ClassDetection[], thr: number) => {
      let order = dets.map((_, i) => i).sort((p, q) => dets[q]!.score - dets[p]!.score || q - p);
      const keep: ClassDetection[] = [];
      while (order.length > 0) {
        const best = dets[order[0]!]!;
        keep.push(best);
        order = order.slice(1).filter((j) => iou(best, dets[j]!) <= f32(thr));
      }
      return keep;
    };
    for (let trial = 0; trial < 50; trial++) {
      const dets = Array.from({ length: 60 }, () => {
        const x = random() * 100;
        const y = random() * 100;
        return det(f32(x), f32(y), f32(x + 5 + random() * 40), f32(y + 5 + random() * 40), f32(random()), 0);
      });
      for (const thr of [0.3, 0.45, 0.7]) expect(nmsClassAware(dets, thr)).toEqual(demoNms(dets, thr));
    }
  });
});

describe('decodeYolox: NMS and classes', () => {
  it('suppresses an overlapping box of the same class and keeps it for another class', () => {
    const params = { ...TINY, nmsThreshold: 0.45 };
    const t = tensor(params);
    // Cells 0 and 1 (stride 8) with width exp(ln 4) * 8 = 32: boxes [-16, -4, 16, 4] and [-8, -4, 24, 4],
    // IoU (24 + 1) * 9 / (2 * 33 * 9 - 25 * 9) = 25 / 41 = 0.61 > 0.45.
    t.set(0, [0, 0, Math.log(4), 0, 0.9, 1, 0]);
    t.set(1, [0, 0, Math.log(4), 0, 0.8, 1, 0]);
    expect(decodeYolox(t.data, params).map((d) => [d.x1, d.classIndex])).toEqual([[-16, 0]]);

    t.set(1, [0, 0, Math.log(4), 0, 0.8, 0, 1]);
    expect(decodeYolox(t.data, params).map((d) => [d.x1, d.classIndex])).toEqual([
      [-16, 0],
      [-8, 1],
    ]);
  });

  it('one cell can yield one box per class above the threshold', () => {
    const t = tensor({ ...TINY, nmsThreshold: 0.45 });
    t.set(5, unitBox(1, 0.7, 0.6));
    const dets = decodeYolox(t.data, { ...TINY, nmsThreshold: 0.45 });
    expect(dets.map((d) => [d.classIndex, d.score])).toEqual([
      [0, f32(0.7)],
      [1, f32(0.6)],
    ]);
    expect(boxOf(dets[0]!)).toEqual(boxOf(dets[1]!));
  });

  it('classFilter decodes only the listed classes', () => {
    const t = tensor(TINY);
    t.set(0, unitBox(1, 0.9, 0));
    t.set(20, unitBox(1, 0, 0.8));
    t.set(33, unitBox(1, 0.5, 0.95));
    expect(decodeYolox(t.data, { ...TINY, classFilter: [0] }).map((d) => d.score)).toEqual([f32(0.9), f32(0.5)]);
    expect(decodeYolox(t.data, { ...TINY, classFilter: [1] }).map((d) => d.score)).toEqual([f32(0.95), f32(0.8)]);
    expect(decodeYolox(t.data, { ...TINY, classFilter: [1, 0, 1] })).toHaveLength(4);
  });

  it('maxDetections keeps the highest scores', () => {
    const t = tensor(TINY);
    t.set(0, unitBox(0.5, 1, 0));
    t.set(10, unitBox(0.9, 1, 0));
    t.set(20, unitBox(0.7, 0, 1));
    expect(decodeYolox(t.data, { ...TINY, maxDetections: 2 }).map((d) => d.score)).toEqual([f32(0.9), f32(0.7)]);
    expect(decodeYolox(t.data, { ...TINY, maxDetections: 0 })).toEqual([]);
  });
});

describe('decodeYolox: validation', () => {
  it('names both lengths when the output does not match the grid', () => {
    // 42 cells x 7 = 294 expected.
    expect(() => decodeYolox(new Float32Array(293), TINY)).toThrow(/has 293 values.*42 cells x 7 = 294/);
    // A 640x640 export fed with 416x416 params: 8400 cells x 85.
    expect(() => decodeYolox(new Float32Array(8400 * 85), YOLOX_NANO_DEFAULTS)).toThrow(
      /has 714000 values; 416x416 with strides \[8, 16, 32\] and 80 classes expects 3549 cells x 85 = 301665/,
    );
  });

  it('rejects parameters that cannot describe a YOLOX head', () => {
    const data = new Float32Array(294);
    expect(() => decodeYolox(data, { ...TINY, classFilter: [2] })).toThrow(/class 2; the model has classes 0..1/);
    expect(() => decodeYolox(data, { ...TINY, strides: [] })).toThrow(/strides/);
    expect(() => decodeYolox(data, { ...TINY, strides: [0] })).toThrow(/strides/);
    expect(() => decodeYolox(data, { ...TINY, numClasses: 0 })).toThrow(/numClasses .* got 0/);
    expect(() => decodeYolox(data, { ...TINY, inputWidth: 63.5 })).toThrow(/63.5x32/);
    expect(() => decodeYolox(data, { ...TINY, maxDetections: -1 })).toThrow(/maxDetections .* got -1/);
  });
});
