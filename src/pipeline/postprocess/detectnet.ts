/**
 * DetectNet post-processing with NVIDIA DIGITS' semantics: the `ClusterDetections` Caffe Python layer
 * (`caffe.layers.detectnet.clustering`, file python/caffe/layers/detectnet/clustering.py in NVIDIA/caffe,
 * functions `gridbox_to_boxes`, `vote_boxes` and `cluster`), which calls OpenCV's `cv2.groupRectangles`
 * through the Python 2 OpenCV binding. The OpenCV half is in ./groupRectangles.ts.
 *
 * What DIGITS does for one image and one class, step by step, and where each quirk comes from:
 *
 * 1. Grid and cell size (`gridbox_to_boxes`). The layer runs on Python 2 (it uses `xrange`), so with
 *    int parameters `/` is floor division:
 *        grid_sz_x = int(im_sz_x / stride);  grid_sz_y = int(im_sz_y / stride)
 *        cell_width = im_sz_x / grid_sz_x;   cell_height = im_sz_y / grid_sz_y     (ints, floored)
 *    The grid size comes from param_str, not from the tensor. A cell's pixel origin is
 *    (x * cell_width, y * cell_height): x (column) uses the width, y (row) uses the height.
 *
 * 2. Which cells are read: `cvg_val = net_cvg[0][0:grid_sz_y][0:grid_sz_x]`. Both slices index the
 *    first (row) axis of the [H, W] coverage map, so only rows below min(H, grid_sz_y, grid_sz_x) are
 *    read, and every column is. For landscape and square inputs (640x640, 1248x384) this changes
 *    nothing; for portrait inputs DIGITS ignores the bottom rows. We reproduce it.
 *
 * 3. Threshold: `mask = (cvg_val >= gridbox_cvg_threshold)`, so a cell exactly at the threshold counts.
 *    NumPy compares a float32 array with a Python float scalar in float32 (value-based casting in
 *    NumPy 1.x, "weak" Python scalars in NumPy 2), so the threshold is rounded to float32 first.
 *
 * 4. Proposals: `coord = np.where(mask == 1)` lists cells in row-major order (y, then x). For each,
 *        [x1, y1, x2, y2] = [bbox0 + mx, bbox1 + my, bbox2 + mx, bbox3 + my]
 *    from the bbox tensor [4, H, W] at the same (y, x). float32 + int64 gives float64 in NumPy, so the
 *    sums are exact doubles (as in JS).
 *
 * 5. `if not propose_boxes.any(): return []`: if there are no proposals, or every coordinate of every
 *    proposal is exactly 0, there are no detections.
 *
 * 6. `cv.groupRectangles(np.array(propose_boxes).tolist(), gridbox_rect_thresh, gridbox_rect_eps)`.
 *    - The [x1, y1, x2, y2] lists are handed over where OpenCV expects Rect(x, y, width, height), so
 *      OpenCV treats x2 as a width and y2 as a height, in the similarity test, the mean and the nested
 *      test alike. We reproduce that: a proposal becomes Rect{x: x1, y: y1, width: x2, height: y2}.
 *    - Float -> int: the binding converts a list of lists with `pyopencvVecConverter<Rect>::to`
 *      (modules/python/src2/cv2.cpp, the same in 2.4.x and 3.x): for a Python float it does
 *      `data[j] = saturate_cast<int>(v)`, and `saturate_cast<int>(double)` is `cvRound`: round to
 *      nearest, ties to even. It does NOT truncate: the single-Rect converter `PyArg_ParseTuple("iiii")`,
 *      which would, is only used for tuples, and a list of lists goes through the vector converter.
 *      Truncation (Python's int()) is the default, as the reading this app was specified against;
 *      `proposalToInt: 'round'` gives the binding's reading described here (see ClusterOptions).
 *    - Grouping, averaging (sum * float32(1/n), cvRound) and dropping groups of <= rectThreshold members
 *      or nested inside a stronger group: see groupRectangles.ts. With rectThreshold <= 0, OpenCV
 *      returns the proposals ungrouped, each with weight 1.
 *    - Output order is OpenCV's class order: the order in which each group's first proposal appears
 *      in the row-major proposal list.
 *
 * 7. For each returned rect, in order: kept if `rect[3] - rect[1] >= min_height` (i.e. mean y2 - mean y1,
 *    checked after grouping, on the integer group box), score = `math.log(weight)`, natural log of the
 *    number of proposals in the group.
 *
 * 8. `cluster()` stores the list with `np.asarray(boxes_cur_image, dtype=np.float16)` into a
 *    [batch, max_boxes, 5] blob of zeros (max_boxes = 50 unless param_str's 9th field says otherwise).
 *    So every value DIGITS outputs went through float16: scores like ln(4) = 1.3862943... come out as
 *    1.38671875, and coordinates above 2048 are rounded to float16's step. The default returns
 *    score = ln(members) at full precision; `float16Output: true` reproduces the rounding. DIGITS
 *    raises a NumPy broadcast error when more than max_boxes boxes survive; we keep the first
 *    max_boxes instead.
 *
 * Multi-class: DIGITS calls `cluster` once per class with coverage channel i and the SAME bbox tensor
 * (only its channels 0..3 are read), so call clusterDetections once per class with the same bboxes.
 */

import type { Detection } from '../../domain/box';
import { cvRound, groupRectangles, INT32_MIN, type CvRect } from './groupRectangles';

export interface ClusterParams {
  imageWidth: number;
  imageHeight: number;
  stride: number;
  coverageThreshold: number;
  rectThreshold: number;
  rectEps: number;
  minHeight: number;
  /** Cap on boxes per image (DIGITS' bbox-list is [N, max_boxes, 5]); 50 when left out. */
  maxBoxes?: number;
}

export interface ClusterOptions {
  /**
   * How proposal coordinates become OpenCV ints before grouping.
   * 'truncate' (default): toward zero, like Python's int().
   * 'round': what the cv2 binding's vector converter does in the source we read, cvRound = nearest, ties to even.
   */
  proposalToInt?: 'round' | 'truncate';
  /**
   * Round every output value through float16, as DIGITS' `np.asarray(..., dtype=np.float16)` does.
   * Default false: the score is ln(members) at full precision, the value before that rounding.
   */
  float16Output?: boolean;
}

/** DIGITS' MAX_BOXES: the second dimension of the bbox-list blob. */
export const DIGITS_MAX_BOXES = 50;

/**
 * The values of DIGITS' KITTI DetectNet example (param_str '1248, 352, 16, 0.6, 3, 0.02, 22, 1', as quoted by users
 * adapting it; the 640x640 variant of that prototxt uses '640, 640, 16, 0.6, 2, 0.02, 22, 1', i.e. rect threshold 2).
 */
export const DIGITS_CLUSTER_DEFAULTS: Readonly<Omit<ClusterParams, 'imageWidth' | 'imageHeight' | 'stride'>> = Object.freeze({
  coverageThreshold: 0.6,
  rectThreshold: 3,
  rectEps: 0.02,
  minHeight: 22,
});

/**
 * Rounds a double to the nearest float16 value (ties to even), the way NumPy's double -> half cast
 * (`npy_double_to_half`) does. Values beyond float16's range become +/-Infinity.
 */
export function toFloat16(value: number): number {
  if (!Number.isFinite(value) || value === 0) return value;
  const a = Math.abs(value);
  if (a >= 65520) return value > 0 ? Infinity : -Infinity; // 65504 is the largest half; 65520 is the tie, which goes up
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  const quantum = 2 ** (Math.max(e, -14) - 10); // 10 fraction bits; subnormals below 2^-14 share 2^-24
  const n = a / quantum; // exact: scaling by a power of two
  let r = Math.round(n);
  if (r - n === 0.5 && r % 2 !== 0) r -= 1;
  const out = r * quantum;
  return value < 0 ? -out : out;
}

function truncToInt(v: number): number {
  if (!Number.isFinite(v)) return INT32_MIN;
  const t = Math.trunc(v);
  return t > 2147483647 || t < INT32_MIN ? INT32_MIN : t === 0 ? 0 : t;
}

function requireInteger(name: string, v: number, min: number): void {
  if (!Number.isInteger(v) || v < min) throw new RangeError(`${name} must be an integer >= ${min}, got ${v}`);
}

/**
 * DIGITS' ClusterDetections for one image and one class.
 * @param coverage the class's coverage map, [gridH, gridW] row-major
 * @param bboxes the bbox regressor output, [4, gridH, gridW] row-major (x1, y1, x2, y2 offsets in pixels)
 * @param grid the tensors' spatial size
 */
export function clusterDetections(
  coverage: Float32Array,
  bboxes: Float32Array,
  grid: { width: number; height: number },
  params: ClusterParams,
  options: ClusterOptions = {},
): Detection[] {
  const { width: W, height: H } = grid;
  requireInteger('grid.width', W, 1);
  requireInteger('grid.height', H, 1);
  if (coverage.length !== W * H) throw new RangeError(`coverage has ${coverage.length} values, expected ${H}x${W} = ${W * H}`);
  if (bboxes.length !== 4 * W * H) throw new RangeError(`bboxes has ${bboxes.length} values, expected 4x${H}x${W} = ${4 * W * H}`);
  requireInteger('imageWidth', params.imageWidth, 1);
  requireInteger('imageHeight', params.imageHeight, 1);
  requireInteger('stride', params.stride, 1);
  requireInteger('rectThreshold', params.rectThreshold, -Infinity);
  const maxBoxes = params.maxBoxes ?? DIGITS_MAX_BOXES;
  requireInteger('maxBoxes', maxBoxes, 0);

  // Step 1: Python 2 floor division throughout.
  const gridSzX = Math.floor(params.imageWidth / params.stride);
  const gridSzY = Math.floor(params.imageHeight / params.stride);
  if (gridSzX < 1 || gridSzY < 1) {
    throw new RangeError(`image ${params.imageWidth}x${params.imageHeight} is smaller than one stride (${params.stride})`);
  }
  const cellWidth = Math.floor(params.imageWidth / gridSzX);
  const cellHeight = Math.floor(params.imageHeight / gridSzY);

  // Step 2: net_cvg[0][0:grid_sz_y][0:grid_sz_x] slices rows twice.
  const rows = Math.min(H, gridSzY, gridSzX);
  // Step 3: float32 comparison.
  const threshold = Math.fround(params.coverageThreshold);

  // Step 4: row-major proposals.
  const plane = W * H;
  const proposals: number[] = [];
  let anyNonZero = false;
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < W; x++) {
      const i = y * W + x;
      if (!(coverage[i]! >= threshold)) continue;
      const mx = x * cellWidth;
      const my = y * cellHeight;
      const x1 = bboxes[i]! + mx;
      const y1 = bboxes[plane + i]! + my;
      const x2 = bboxes[2 * plane + i]! + mx;
      const y2 = bboxes[3 * plane + i]! + my;
      proposals.push(x1, y1, x2, y2);
      // ndarray.any(): NaN counts as true, like any non-zero value.
      if (x1 !== 0 || y1 !== 0 || x2 !== 0 || y2 !== 0) anyNonZero = true;
    }
  }
  // Step 5.
  if (!anyNonZero) return [];

  // Step 6: corners passed as (x, y, width, height), converted to ints by the binding.
  const toInt = options.proposalToInt === 'round' ? cvRound : truncToInt;
  const rects: CvRect[] = [];
  for (let k = 0; k < proposals.length; k += 4) {
    rects.push({ x: toInt(proposals[k]!), y: toInt(proposals[k + 1]!), width: toInt(proposals[k + 2]!), height: toInt(proposals[k + 3]!) });
  }
  const grouped = groupRectangles(rects, params.rectThreshold, params.rectEps);

  // Steps 7 and 8.
  const f16 = options.float16Output ?? false;
  const out: Detection[] = [];
  for (let k = 0; k < grouped.rects.length && out.length < maxBoxes; k++) {
    const r = grouped.rects[k]!;
    // rect[3] - rect[1] on NumPy int32 values
    if (((r.height - r.y) | 0) < params.minHeight) continue;
    const score = Math.log(grouped.weights[k]!);
    const d: Detection = { x1: r.x, y1: r.y, x2: r.width, y2: r.height, score };
    out.push(f16 ? { x1: toFloat16(d.x1), y1: toFloat16(d.y1), x2: toFloat16(d.x2), y2: toFloat16(d.y2), score: toFloat16(score) } : d);
  }
  return out;
}

export interface ParsedClusterParams extends ClusterParams {
  numClasses: number;
  maxBoxes: number;
}

const FIELD_NAMES = [
  'image_size_x',
  'image_size_y',
  'stride',
  'gridbox_cvg_threshold',
  'gridbox_rect_thresh',
  'gridbox_rect_eps',
  'min_height',
  'num_classes',
  'max_boxes',
] as const;

// Python's int() and float() on a stripped string (int('2.0') and int('') raise; float('1e-2') works).
const PY_INT = /^[+-]?\d+$/;
const PY_FLOAT = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf|infinity|nan)$/i;

/**
 * Parses the ClusterDetections layer's `param_str`, the way its `setup()` does:
 * `plist = param_str.split(',')`, then int(plist[0..2]), float(plist[3]), int(plist[4]), float(plist[5]),
 * int(plist[6]), and optionally int(plist[7]) = num_classes (default 1) and int(plist[8]) = max_boxes
 * (default 50; only newer NVIDIA/caffe reads it). Whitespace around fields is allowed, as Python's
 * int()/float() strip it. Throws a RangeError naming the field for anything DIGITS would reject
 * (missing or non-numeric fields, an image smaller than one stride), and also for non-finite floats,
 * negative eps, fewer than one class and more than 9 fields (DIGITS would silently ignore extras).
 */
export function parseClusterParamStr(paramStr: string): ParsedClusterParams {
  if (typeof paramStr !== 'string') throw new TypeError(`param_str must be a string, got ${typeof paramStr}`);
  const fields = paramStr.split(',').map((f) => f.trim());
  if (fields.length < 7) {
    throw new RangeError(
      `param_str '${paramStr}' has ${fields.length} field(s); ClusterDetections needs at least 7: ${FIELD_NAMES.slice(0, 7).join(', ')} (then optional num_classes, max_boxes)`,
    );
  }
  if (fields.length > 9)
    throw new RangeError(`param_str '${paramStr}' has ${fields.length} fields; at most 9 are defined (${FIELD_NAMES.join(', ')})`);

  const int = (i: number): number => {
    const s = fields[i]!;
    if (!PY_INT.test(s)) throw new RangeError(`param_str field ${i + 1} (${FIELD_NAMES[i]}) must be an integer, got '${s}'`);
    return Number(s);
  };
  const float = (i: number): number => {
    const s = fields[i]!;
    if (!PY_FLOAT.test(s)) throw new RangeError(`param_str field ${i + 1} (${FIELD_NAMES[i]}) must be a number, got '${s}'`);
    const v = Number(s.replace(/^([+-]?)inf(inity)?$/i, '$1Infinity'));
    if (!Number.isFinite(v)) throw new RangeError(`param_str field ${i + 1} (${FIELD_NAMES[i]}) must be finite, got '${s}'`);
    return v;
  };

  const imageWidth = int(0);
  const imageHeight = int(1);
  const stride = int(2);
  const coverageThreshold = float(3);
  const rectThreshold = int(4);
  const rectEps = float(5);
  const minHeight = int(6);
  const numClasses = fields.length > 7 ? int(7) : 1;
  const maxBoxes = fields.length > 8 ? int(8) : DIGITS_MAX_BOXES;

  if (stride < 1) throw new RangeError(`param_str stride must be >= 1, got ${stride}`);
  if (imageWidth < stride || imageHeight < stride) {
    // grid_sz = int(im_sz / stride) would be 0 and DIGITS divides by it.
    throw new RangeError(`param_str image size ${imageWidth}x${imageHeight} must be at least one stride (${stride}) in each dimension`);
  }
  if (rectEps < 0) throw new RangeError(`param_str gridbox_rect_eps must be >= 0, got ${rectEps}`);
  if (numClasses < 1) throw new RangeError(`param_str num_classes must be >= 1, got ${numClasses}`);
  if (maxBoxes < 1) throw new RangeError(`param_str max_boxes must be >= 1, got ${maxBoxes}`);

  return { imageWidth, imageHeight, stride, coverageThreshold, rectThreshold, rectEps, minHeight, numClasses, maxBoxes };
}
