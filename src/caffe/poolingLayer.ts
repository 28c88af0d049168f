// Caffe Pooling -> ONNX MaxPool / AveragePool, checking for every layer that ONNX Runtime's
// window count (ceil_mode) gives Caffe's (onnx/shapes.ts names both rules) and bridging the
// one case where they differ.
import type { PoolOptions, TensorRef } from '../onnx/builder';
import { caffePoolOutputHW, onnxPoolOutputSize } from '../onnx/shapes';
import { layerError, nchw, numericDim, oneTop, onlyInput, type LayerContext } from './layerContext';
import { poolingSpec, type HW } from './layerParams';

/** Caffe's float max: its MAX pooling starts every window from -FLT_MAX. */
const FLT_MAX = 3.4028234663852886e38;

export function pooling(ctx: LayerContext): TensorRef[] {
  const input = nchw(ctx, onlyInput(ctx));
  const s = poolingSpec(ctx.layer);
  if (s.method === 'STOCHASTIC') throw layerError(ctx.layer, 'STOCHASTIC pooling is not supported (MAX and AVE are)');
  const whole = [numericDim(ctx, input, 2), numericDim(ctx, input, 3)] as const;
  const kernel = s.kernel ?? whole;
  const stride = s.globalPooling ? ([1, 1] as const) : s.stride;
  const pad = s.globalPooling ? ([0, 0] as const) : s.pad;
  if (pad[0] >= kernel[0] || pad[1] >= kernel[1])
    throw layerError(
      ctx.layer,
      `pad [${pad.join(', ')}] must be smaller than kernel [${kernel.join(', ')}] (Caffe and ONNX Runtime both require it)`,
    );
  // Caffe rounds pooled sizes up unless round_mode is FLOOR; ONNX does with ceil_mode 1.
  const ceil = s.roundMode === 'CEIL';
  const window = { name: ctx.layer.name, input, kernel, stride, pad, ceil, output: oneTop(ctx) };
  const caffe = caffePoolOutputHW(whole, kernel, stride, pad, s.roundMode);
  const onnx = ([0, 1] as const).map((i) =>
    onnxPoolOutputSize({ size: whole[i], kernel: kernel[i], stride: stride[i], padBegin: pad[i], padEnd: pad[i] }, ceil),
  );
  if (onnx[0] !== caffe[0] || onnx[1] !== caffe[1]) return [caffeLastWindows(ctx, s.method, window, caffe, onnx)];
  // Caffe's AVE divides by the window size including zero padding (clipped at the padded edge).
  return [s.method === 'MAX' ? ctx.builder.maxPool(window) : ctx.builder.avgPool({ ...window, countIncludePad: true })];
}

/**
 * Where the rules part (shapes.ts): a layer without padding whose last window starts past the
 * input, which Caffe keeps and ONNX Runtime drops. ORT accepts no padding as large as the
 * kernel, so a `pads` attribute cannot bring that window back; a Pad node can. For MAX the pad
 * value is Caffe's own start value, -FLT_MAX, so every window gives Caffe's number (an empty
 * one -FLT_MAX, as in Caffe). Caffe's AVE divides such a window by zero or a negative count,
 * which no ONNX op reproduces: refused.
 */
function caffeLastWindows(
  ctx: LayerContext,
  method: 'MAX' | 'AVE',
  window: PoolOptions & { kernel: HW; stride: HW; pad: HW },
  caffe: readonly [number, number],
  onnx: readonly number[],
): TensorRef {
  const sizes = `Caffe makes ${caffe.join('x')} windows and ONNX Runtime's ceil_mode ${onnx.join('x')}`;
  const input = window.input;
  const [height, width] = [input.dims[2] as number, input.dims[3] as number];
  if (method !== 'MAX' || window.pad[0] !== 0 || window.pad[1] !== 0) {
    throw layerError(
      ctx.layer,
      `${sizes} on its ${height}x${width} input: Caffe keeps a last window that starts past the input, ` +
        `and its ${method} pooling divides that window by zero or a negative count, which ONNX cannot reproduce. ` +
        'Set round_mode: FLOOR or a stride that ends inside the input',
    );
  }
  const end = [
    0,
    0,
    (caffe[0] - 1) * window.stride[0] + window.kernel[0] - height,
    (caffe[1] - 1) * window.stride[1] + window.kernel[1] - width,
  ];
  const padded = ctx.builder.pad({ name: `${ctx.layer.name}/pad_end`, input, end: end.map((e) => Math.max(0, e)), value: -FLT_MAX });
  const pooled = ctx.builder.maxPool({ ...window, input: padded, ceil: false });
  if (pooled.dims[2] !== caffe[0] || pooled.dims[3] !== caffe[1])
    throw layerError(ctx.layer, `${sizes}; padding the end did not give Caffe's size (got ${pooled.dims.slice(2).join('x')})`);
  return pooled;
}
