// Output sizes of sliding windows (convolution and pooling), one axis at a time.
//
// Convolution is the same everywhere: floor((in + pads - span) / stride) + 1.
// Pooling rounded up ("ceil mode") has two rules that differ on one edge, and each caller must
// say which one it means:
// - Caffe's (PoolingLayer::Reshape): ceil((in + 2*pad - k) / s) + 1, then one window fewer when
//   the layer has any padding (pad_h or pad_w) and the last window starts at or past in + pad.
//   Without padding nothing is trimmed, so a last window may start past the input: in 5, k 1,
//   s 3 gives 3 windows, the third starting at 6.
// - ONNX Runtime's (PoolAttributes::ComputeOutputSize, checked by running MaxPool nodes in
//   shapes.ort.test.ts): the same ceil, then one window fewer whenever the last one starts at or
//   past in + pad_begin, padding or not: in 5, k 1, s 3 gives 2. The end padding plays no part
//   in the trim, and ORT refuses pads that are not smaller than the kernel. (ONNX's own shape
//   inference, opset 13, does not trim; ORT's kernel does, and its output is what the app gets.)
// The Caffe converter compares the two for every pooling layer (caffe/caffeLayers.ts).

/** One axis of a sliding window. */
export interface WindowAxis {
  /** Input size along the axis. */
  readonly size: number;
  readonly kernel: number;
  readonly stride: number;
  readonly padBegin: number;
  readonly padEnd: number;
  /** 1 for an ordinary window. */
  readonly dilation?: number;
}

/** Pixels a (dilated) kernel covers. */
export function kernelSpan(kernel: number, dilation = 1): number {
  return dilation * (kernel - 1) + 1;
}

function checked(out: number, w: WindowAxis): number {
  if (out < 1) {
    throw new Error(
      `window of ${kernelSpan(w.kernel, w.dilation)} (stride ${w.stride}, pads ${w.padBegin}/${w.padEnd}) does not fit an input of ${w.size}`,
    );
  }
  return out;
}

/** Convolution, in Caffe and ONNX alike: windows that fit the padded input, rounded down. */
export function convOutputSize(w: WindowAxis): number {
  const steps = (w.size + w.padBegin + w.padEnd - kernelSpan(w.kernel, w.dilation)) / w.stride;
  return checked(Math.floor(steps) + 1, w);
}

/** ONNX pooling as ONNX Runtime computes it (ceil_mode 0 is the convolution rule). */
export function onnxPoolOutputSize(w: WindowAxis, ceilMode: boolean): number {
  if (!ceilMode) return convOutputSize(w);
  const steps = (w.size + w.padBegin + w.padEnd - kernelSpan(w.kernel, w.dilation)) / w.stride;
  let out = Math.ceil(steps) + 1;
  if ((out - 1) * w.stride >= w.size + w.padBegin) out -= 1;
  return checked(out, w);
}

/** One axis of a Caffe pooling layer: Caffe pads both ends alike and has no dilation. */
export interface CaffePoolAxis {
  readonly size: number;
  readonly kernel: number;
  readonly stride: number;
  readonly pad: number;
}

/**
 * Caffe's pooled size along one axis. `layerHasPad` is whether pad_h or pad_w is non-zero:
 * Caffe trims both axes when either is padded, so an axis without padding of its own still
 * trims when the other axis has some.
 */
export function caffePoolOutputSize(a: CaffePoolAxis, round: 'CEIL' | 'FLOOR', layerHasPad: boolean): number {
  const steps = (a.size + 2 * a.pad - a.kernel) / a.stride;
  let out = (round === 'CEIL' ? Math.ceil(steps) : Math.floor(steps)) + 1;
  if (layerHasPad && (out - 1) * a.stride >= a.size + a.pad) out -= 1;
  return checked(out, { size: a.size, kernel: a.kernel, stride: a.stride, padBegin: a.pad, padEnd: a.pad });
}

/** Caffe's pooled [height, width] for a layer's kernel, stride and pad per axis. */
export function caffePoolOutputHW(
  input: readonly [number, number],
  kernel: readonly [number, number],
  stride: readonly [number, number],
  pad: readonly [number, number],
  round: 'CEIL' | 'FLOOR',
): [number, number] {
  const layerHasPad = pad[0] !== 0 || pad[1] !== 0;
  const axis = (i: 0 | 1) => caffePoolOutputSize({ size: input[i], kernel: kernel[i], stride: stride[i], pad: pad[i] }, round, layerHasPad);
  return [axis(0), axis(1)];
}
