// DetectNet output maps built from absolute boxes, and DIGITS' reference numbers, for the
// clustering tests.
import { type Detection } from '../../../domain/box';
import { DIGITS_CLUSTER_DEFAULTS, type ClusterParams } from '../detectnet';

export type Box = [number, number, number, number];

/**
 * A W x H coverage map and [4, H, W] bbox map. `propose(x, y, box)` sets cell (x, y)'s coverage and
 * stores the absolute box as offsets from the cell's pixel origin (x * cellW, y * cellH), which is what
 * DetectNet's bbox regressor outputs and what DIGITS adds the origin back to.
 */
export function makeMaps(W: number, H: number, cellW = 16, cellH = 16) {
  const coverage = new Float32Array(W * H);
  const bboxes = new Float32Array(4 * W * H);
  const plane = W * H;
  return {
    coverage,
    bboxes,
    grid: { width: W, height: H },
    propose(x: number, y: number, box: Box, cvg = 1) {
      const i = y * W + x;
      coverage[i] = cvg;
      bboxes[i] = box[0] - x * cellW;
      bboxes[plane + i] = box[1] - y * cellH;
      bboxes[2 * plane + i] = box[2] - x * cellW;
      bboxes[3 * plane + i] = box[3] - y * cellH;
    },
  };
}

export const boxesOf = (ds: Detection[]) => ds.map((d) => [d.x1, d.y1, d.x2, d.y2]);
export const scoresOf = (ds: Detection[]) => ds.map((d) => d.score);

/** DIGITS' example DetectNet layer: 640x640 input, stride 16 -> a 40x40 grid of 16-px cells, DIGITS defaults. */
export const P640: ClusterParams = { imageWidth: 640, imageHeight: 640, stride: 16, ...DIGITS_CLUSTER_DEFAULTS };

// float16(ln n), which is what DIGITS' bbox-list holds (np.asarray(..., dtype=np.float16)) and what
// clusterDetections returns with { float16Output: true }. The default is the full-precision Math.log(n).
export const LN2_F16 = 0.693359375; // ln 2 = 0.693147..., step 2^-11 in [0.5, 1): 1419.57 -> 1420 * 2^-11
export const LN4_F16 = 1.38671875; // ln 4 = 1.386294..., step 2^-10 in [1, 2): 1419.57 -> 1420 * 2^-10
export const LN5_F16 = 1.609375; // ln 5 = 1.609438..., 1648.06 -> 1648 * 2^-10

export function nextDownFloat32(v: number): number {
  const view = new DataView(new ArrayBuffer(4));
  view.setFloat32(0, v);
  view.setUint32(0, view.getUint32(0) - 1); // positive floats: one ulp down
  return view.getFloat32(0);
}

/** The cluster layer's param_str of DIGITS' DetectNet example (KITTI, 640x640 input) and what it reads as. */
export const DIGITS_EXAMPLE_PARAM_STR = '640, 640, 16, 0.6, 2, 0.02, 22, 1';
export const DIGITS_EXAMPLE_CLUSTER = {
  imageWidth: 640,
  imageHeight: 640,
  stride: 16,
  coverageThreshold: 0.6,
  rectThreshold: 2,
  rectEps: 0.02,
  minHeight: 22,
  numClasses: 1,
  maxBoxes: 50,
};
