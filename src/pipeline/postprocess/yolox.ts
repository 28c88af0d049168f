/**
 * YOLOX post-processing for one image, as the official demo does it (Megvii-BaseDetection/YOLOX):
 * `demo_postprocess` and `multiclass_nms_class_aware` + `nms` in yolox/utils/demo_utils.py, driven
 * the way demo/ONNXRuntime/onnx_inference.py drives them.
 *
 * The exported model's output is [1, cells, 5 + numClasses]: per cell raw (x, y) offsets, raw (w, h)
 * log-sizes, then objectness and class scores that are already sigmoid-activated.
 *
 * 1. Grid (`demo_postprocess`): for each stride s, in the given order, a grid of
 *    (inputHeight // s) rows x (inputWidth // s) columns (floor division), cells in row-major order
 *    (`np.meshgrid(arange(w), arange(h))` then reshape: y outer, x inner); levels concatenated.
 *        cx = (raw_x + grid_x) * s;  cy = (raw_y + grid_y) * s;  w = exp(raw_w) * s;  h = exp(raw_h) * s
 * 2. onnx_inference.py: score[c] = objectness * class_score[c];  x1 = cx - w / 2, y1 = cy - h / 2,
 *    x2 = cx + w / 2, y2 = cy + h / 2.
 * 3. `multiclass_nms_class_aware`: for each class, candidates are cells with score[c] > score_thr
 *    (strictly greater), then greedy `nms` on them; a cell may yield boxes for several classes.
 * 4. `nms`: order by score descending (`argsort()[::-1]`); keep the first, drop every remaining box whose
 *    IoU with it is not <= nms_thr (`np.where(ovr <= nms_thr)` keeps the rest), repeat. IoU uses the
 *    old pixel-inclusive "+1" convention: area = (x2 - x1 + 1) * (y2 - y1 + 1), likewise for the
 *    intersection with max(0, ...).
 *
 * Numerics: the output tensor is float32 and NumPy keeps that dtype through these steps (Python float
 * scalars do not widen a float32 array, in NumPy 1.x value-based casting and NumPy 2 alike), so every
 * step below is rounded to float32 with Math.fround, and thresholds are compared as float32
 * (a score of float32(0.3) is NOT > 0.3 there). Two steps widen: `outputs[..., :2] + grids` adds an
 * int64 grid, so (raw + grid) * s is computed in float64 and rounded once when stored back.
 * `np.exp` on float32 is NumPy's own float32 exp; we round Math.exp to float32, which can differ
 * from it by one ulp on some inputs.
 *
 * Where we differ from the demo, on purpose:
 * - onnx_inference.py calls `multiclass_nms(..., score_thr=0.1)` whose default is class-AGNOSTIC, then
 *   draws only scores >= 0.3 (`vis(conf=0.3)`). We use the class-aware variant (our callers filter
 *   classes, e.g. person only) with one threshold. Greedy NMS only lets a box suppress lower-scored
 *   ones, so pre-filtering at 0.1 and displaying at 0.3 keeps the same boxes as filtering at 0.3,
 *   except scores exactly equal to the threshold (the demo draws them, `> scoreThreshold` does not).
 * - The demo runs NMS after dividing boxes by the letterbox ratio (original-image pixels); we run it on
 *   model-input pixels. The "+1" terms are not scale-invariant, so IoUs differ slightly when the
 *   ratio is not 1.
 * - The demo returns classes in class order; we return all boxes by score, highest first (a stable
 *   sort, so ties keep class order), optionally capped at maxDetections.
 * - Equal scores within a class: `argsort()[::-1]` puts the later index first when the sort is
 *   stable; NumPy's default sort is not guaranteed stable, so the demo's tie order is unspecified.
 *   We fix it as "later cell first".
 */

import { AppError } from '../../domain/errors';
import type { Box, Detection } from '../../domain/box';

export interface YoloxParams {
  inputWidth: number;
  inputHeight: number;
  strides: readonly number[];
  numClasses: number;
  scoreThreshold: number;
  nmsThreshold: number;
  /** Only these class indices are decoded (e.g. [0] = COCO person); all classes when left out. */
  classFilter?: readonly number[];
  /** Cap on returned boxes, applied after NMS to the score-sorted list. */
  maxDetections?: number;
}

/** A box in model-input pixels, always with its class. */
export type ClassDetection = Detection & { classIndex: number };

/**
 * YOLOX-Nano as exported by the YOLOX repo (416x416, COCO). The thresholds are onnx_inference.py's:
 * `--score_thr` default 0.3 (what it draws) and `nms_thr=0.45`. 416x416 gives 52² + 26² + 13² = 3549 cells.
 */
export const YOLOX_NANO_DEFAULTS: Readonly<YoloxParams> = Object.freeze({
  inputWidth: 416,
  inputHeight: 416,
  strides: Object.freeze([8, 16, 32]),
  numClasses: 80,
  scoreThreshold: 0.3,
  nmsThreshold: 0.45,
});

const f32 = Math.fround;

/** Number of output rows the demo's grid expects: sum over strides of floor(H/s) * floor(W/s). */
export function yoloxCellCount(inputWidth: number, inputHeight: number, strides: readonly number[]): number {
  let cells = 0;
  for (const s of strides) cells += Math.floor(inputHeight / s) * Math.floor(inputWidth / s);
  return cells;
}

/** IoU as the demo's `nms` computes it: "+1" pixel-inclusive sizes, float32 arithmetic. */
export function iou(a: Box, b: Box): number {
  const areaA = f32(f32(f32(a.x2 - a.x1) + 1) * f32(f32(a.y2 - a.y1) + 1));
  const areaB = f32(f32(f32(b.x2 - b.x1) + 1) * f32(f32(b.y2 - b.y1) + 1));
  const w = Math.max(0, f32(f32(Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1)) + 1));
  const h = Math.max(0, f32(f32(Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1)) + 1));
  const inter = f32(w * h);
  return f32(inter / f32(f32(areaA + areaB) - inter));
}

/** Greedy NMS per class (the demo's `nms` run class by class); result sorted by score, highest first. */
export function nmsClassAware(dets: ClassDetection[], iouThreshold: number): ClassDetection[] {
  const threshold = f32(iouThreshold);
  const byClass = new Map<number, number[]>();
  dets.forEach((d, i) => {
    const list = byClass.get(d.classIndex);
    if (list) list.push(i);
    else byClass.set(d.classIndex, [i]);
  });

  const kept: ClassDetection[] = [];
  for (const classIndex of [...byClass.keys()].sort((p, q) => p - q)) {
    const order = byClass.get(classIndex)!;
    order.sort((p, q) => dets[q]!.score - dets[p]!.score || q - p);
    const suppressed = new Uint8Array(order.length);
    for (let i = 0; i < order.length; i++) {
      if (suppressed[i]) continue;
      const best = dets[order[i]!]!;
      kept.push(best);
      for (let j = i + 1; j < order.length; j++) {
        // `!(<=)` rather than `>` so that a NaN IoU suppresses, as `np.where(ovr <= thr)` does.
        if (!suppressed[j] && !(iou(best, dets[order[j]!]!) <= threshold)) suppressed[j] = 1;
      }
    }
  }
  return kept.sort((p, q) => q.score - p.score);
}

function validateParams(params: YoloxParams): void {
  const { inputWidth, inputHeight, strides, numClasses, classFilter, maxDetections } = params;
  const positiveInt = (v: number) => Number.isInteger(v) && v > 0;
  if (!positiveInt(inputWidth) || !positiveInt(inputHeight)) {
    throw new AppError('BAD_REQUEST', `YOLOX input size must be positive integers, got ${inputWidth}x${inputHeight}`);
  }
  if (strides.length === 0 || !strides.every(positiveInt)) {
    throw new AppError('BAD_REQUEST', `YOLOX strides must be positive integers, got [${strides.join(', ')}]`);
  }
  if (!positiveInt(numClasses)) {
    throw new AppError('BAD_REQUEST', `YOLOX numClasses must be a positive integer, got ${numClasses}`);
  }
  const bad = classFilter?.find((c) => !Number.isInteger(c) || c < 0 || c >= numClasses);
  if (bad !== undefined) {
    throw new AppError('BAD_REQUEST', `YOLOX class filter has class ${bad}; the model has classes 0..${numClasses - 1}`);
  }
  if (maxDetections !== undefined && !(Number.isInteger(maxDetections) && maxDetections >= 0)) {
    throw new AppError('BAD_REQUEST', `YOLOX maxDetections must be an integer >= 0, got ${maxDetections}`);
  }
}

/**
 * Decodes one image's output ([cells, 5 + numClasses], row-major; pass `output.subarray(...)` for one
 * image of a batch) into boxes in model-input pixels after class-aware NMS, highest score first.
 */
export function decodeYolox(output: Float32Array, params: YoloxParams): ClassDetection[] {
  validateParams(params);
  const { inputWidth, inputHeight, strides, numClasses } = params;
  const row = 5 + numClasses;
  const cells = yoloxCellCount(inputWidth, inputHeight, strides);
  if (output.length !== cells * row) {
    throw new AppError(
      'MODEL_INVALID',
      `YOLOX output has ${output.length} values; ${inputWidth}x${inputHeight} with strides [${strides.join(', ')}] ` +
        `and ${numClasses} classes expects ${cells} cells x ${row} = ${cells * row}`,
    );
  }

  const scoreThreshold = f32(params.scoreThreshold);
  // Sorted and unique: the demo visits classes in index order, and a repeated class would be decoded twice.
  const classes = params.classFilter
    ? [...new Set(params.classFilter)].sort((p, q) => p - q)
    : Array.from({ length: numClasses }, (_, c) => c);
  const candidates: ClassDetection[] = [];
  let cell = 0;
  for (const s of strides) {
    const gridH = Math.floor(inputHeight / s);
    const gridW = Math.floor(inputWidth / s);
    for (let gy = 0; gy < gridH; gy++) {
      for (let gx = 0; gx < gridW; gx++, cell++) {
        const o = cell * row;
        const objectness = output[o + 4]!;
        let box: Box | undefined;
        for (const c of classes) {
          const score = f32(objectness * output[o + 5 + c]!);
          if (!(score > scoreThreshold)) continue;
          box ??= cellBox(output, o, gx, gy, s);
          candidates.push({ ...box, score, classIndex: c });
        }
      }
    }
  }

  const kept = nmsClassAware(candidates, params.nmsThreshold);
  return params.maxDetections === undefined ? kept : kept.slice(0, params.maxDetections);
}

/** Steps 1-2 for one cell; only called for cells that have a candidate, most cells never do. */
function cellBox(output: Float32Array, o: number, gx: number, gy: number, s: number): Box {
  const cx = f32((output[o]! + gx) * s);
  const cy = f32((output[o + 1]! + gy) * s);
  const halfW = f32(f32(f32(Math.exp(output[o + 2]!)) * s) / 2);
  const halfH = f32(f32(f32(Math.exp(output[o + 3]!)) * s) / 2);
  return { x1: f32(cx - halfW), y1: f32(cy - halfH), x2: f32(cx + halfW), y2: f32(cy + halfH) };
}
