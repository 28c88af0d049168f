// One Caffe layer -> ONNX nodes on the GraphBuilder, with Caffe's semantics and defaults
// (layerParams.ts). Each converter gets its bottoms as tensors and the planned names of its
// tops, asks for its learned blobs (checked against the shapes it derives here from the
// input shapes), and returns one tensor per top. Layers that are the identity at inference
// (Dropout, Split) return their bottom tensor and add no node.
import type { TensorRef } from '../onnx/builder';
import type { PrototxtError } from './prototxt';
import { axisOf, dimsText, layerError, nchw, numericDim, oneTop, onlyInput, type LayerContext } from './layerContext';
import { convolutionSpec, innerProductSpec, lrnSpec, powerSpec } from './layerParams';
import { pooling } from './poolingLayer';
import type { CaffeLayer } from './netSpec';

/** Layer types the converter handles; the Python one only as DetectNet's `cluster` (see convert.ts). */
export const SUPPORTED_LAYER_TYPES = [
  'Input',
  'Convolution',
  'Pooling',
  'ReLU',
  'LRN',
  'Concat',
  'InnerProduct',
  'Dropout',
  'Softmax',
  'Sigmoid',
  'TanH',
  'Power',
  'Eltwise',
  'BatchNorm',
  'Scale',
  'Flatten',
  'Split',
  'Python (DetectNet ClusterDetections only)',
] as const;

function convolution(ctx: LayerContext): TensorRef[] {
  const input = nchw(ctx, onlyInput(ctx));
  const s = convolutionSpec(ctx.layer);
  const axis = ctx.layer.spec.message('convolution_param')?.int32('axis') ?? 1;
  if (axis !== 1) throw layerError(ctx.layer, `axis ${axis} is not supported (channels must be axis 1)`);
  const channels = numericDim(ctx, input, 1);
  if (channels % s.group !== 0 || s.numOutput % s.group !== 0) {
    throw layerError(ctx.layer, `group ${s.group} must divide both the ${channels} input channels and num_output ${s.numOutput}`);
  }
  const weights = [s.numOutput, channels / s.group, s.kernel[0], s.kernel[1]];
  ctx.serveToBuilder(ctx.takeBlobs(s.biasTerm ? [weights, [s.numOutput]] : [weights]));
  return [
    ctx.builder.conv({
      name: ctx.layer.name,
      input,
      outChannels: s.numOutput,
      kernel: s.kernel,
      stride: s.stride,
      pad: s.pad,
      group: s.group,
      dilation: s.dilation,
      bias: s.biasTerm,
      output: oneTop(ctx),
    }),
  ];
}

function relu(ctx: LayerContext): TensorRef[] {
  const input = onlyInput(ctx);
  const slope = ctx.layer.spec.message('relu_param')?.number('negative_slope') ?? 0;
  const o = { name: ctx.layer.name, input, output: oneTop(ctx) };
  return [slope === 0 ? ctx.builder.relu(o) : ctx.builder.leakyRelu({ ...o, alpha: slope })];
}

function lrn(ctx: LayerContext): TensorRef[] {
  const input = nchw(ctx, onlyInput(ctx));
  const s = lrnSpec(ctx.layer);
  if (s.normRegion !== 'ACROSS_CHANNELS') throw layerError(ctx.layer, `norm_region ${s.normRegion} is not supported (ACROSS_CHANNELS is)`);
  if (s.localSize % 2 !== 1) throw layerError(ctx.layer, `local_size ${s.localSize} must be odd (Caffe requires it too)`);
  return [
    ctx.builder.lrn({ name: ctx.layer.name, input, size: s.localSize, alpha: s.alpha, beta: s.beta, bias: s.k, output: oneTop(ctx) }),
  ];
}

function concat(ctx: LayerContext): TensorRef[] {
  const first = ctx.inputs[0];
  if (!first) throw layerError(ctx.layer, 'has no bottoms');
  const p = ctx.layer.spec.message('concat_param');
  const axis = axisOf(ctx, p?.int32('axis') ?? p?.uint32('concat_dim') ?? 1, first.dims.length);
  return [ctx.builder.concat(ctx.layer.name, ctx.inputs, axis, oneTop(ctx))];
}

function transpose(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c] as number;
  return out;
}

function innerProduct(ctx: LayerContext): TensorRef[] {
  const input = onlyInput(ctx);
  const s = innerProductSpec(ctx.layer);
  const axis = axisOf(ctx, s.axis, input.dims.length);
  if (axis !== 1) throw layerError(ctx.layer, `axis ${s.axis} is not supported (1 is: one row of features per image)`);
  // Caffe flattens everything after `axis` implicitly; Gemm needs the 2-D view.
  const flat = input.dims.length === 2 ? input : ctx.builder.flatten(`${ctx.layer.name}/flatten`, input, 1);
  const features = numericDim(ctx, flat, 1);
  const weights = s.transpose ? [features, s.numOutput] : [s.numOutput, features];
  const blobs = ctx.takeBlobs(s.biasTerm ? [weights, [s.numOutput]] : [weights]);
  // transpose: true stores [K, N]; Gemm with transB wants Caffe's usual [N, K].
  if (s.transpose) blobs[0] = transpose(blobs[0] as Float32Array, features, s.numOutput);
  ctx.serveToBuilder(blobs);
  return [ctx.builder.fc({ name: ctx.layer.name, input: flat, outFeatures: s.numOutput, bias: s.biasTerm, output: oneTop(ctx) })];
}

/** Dropout scales at training time (scale_train, the default), so it is the identity at inference. */
function dropoutScale(layer: CaffeLayer): number {
  const p = layer.spec.message('dropout_param');
  if (p?.bool('scale_train', true) ?? true) return 1;
  return 1 - (p?.number('dropout_ratio') ?? 0.5);
}

function dropout(ctx: LayerContext): TensorRef[] {
  const input = onlyInput(ctx);
  const scale = dropoutScale(ctx.layer);
  if (scale === 1) return [input];
  return [ctx.builder.power({ name: ctx.layer.name, input, scale, output: oneTop(ctx) })];
}

function softmax(ctx: LayerContext): TensorRef[] {
  const input = onlyInput(ctx);
  const axis = axisOf(ctx, ctx.layer.spec.message('softmax_param')?.int32('axis') ?? 1, input.dims.length);
  return [ctx.builder.softmax({ name: ctx.layer.name, input, axis, output: oneTop(ctx) })];
}

function power(ctx: LayerContext): TensorRef[] {
  const s = powerSpec(ctx.layer);
  return [
    ctx.builder.power({ name: ctx.layer.name, input: onlyInput(ctx), power: s.power, scale: s.scale, shift: s.shift, output: oneTop(ctx) }),
  ];
}

const ELTWISE_OPS = ['PROD', 'SUM', 'MAX'] as const;

function eltwise(ctx: LayerContext): TensorRef[] {
  const p = ctx.layer.spec.message('eltwise_param');
  const written = p?.enumValue('operation') ?? 'SUM';
  const operation = typeof written === 'number' ? ELTWISE_OPS[written] : ELTWISE_OPS.find((op) => op === written);
  if (!operation) throw layerError(ctx.layer, `operation must be one of ${ELTWISE_OPS.join(', ')}, found '${written}'`);
  const coeffs = p?.numbers('coeff') ?? [];
  if (coeffs.length > 0 && operation !== 'SUM') throw layerError(ctx.layer, 'coeff is only allowed with operation SUM');
  if (coeffs.length > 0 && coeffs.length !== ctx.inputs.length)
    throw layerError(ctx.layer, `has ${ctx.inputs.length} bottoms and ${coeffs.length} coeff values; give one per bottom`);
  if (ctx.inputs.length < 2) throw layerError(ctx.layer, `needs at least two bottoms, has ${ctx.inputs.length}`);
  const first = ctx.inputs[0] as TensorRef;
  for (const t of ctx.inputs) {
    if (t.dims.join(',') !== first.dims.join(','))
      throw layerError(ctx.layer, `bottoms must have one shape; '${t.name}' is ${dimsText(t)}, '${first.name}' is ${dimsText(first)}`);
  }
  return [ctx.builder.eltwise({ name: ctx.layer.name, inputs: ctx.inputs, operation, coeffs, output: oneTop(ctx) })];
}

/**
 * Inference-time BatchNorm (use_global_stats): y = (x - mean / f) / sqrt(var / f + eps), with
 * f the stored moving-average factor (0 means "no statistics": Caffe then uses 0 for both).
 * Folded here, in double precision, into one scale and one shift per channel.
 */
function batchNorm(ctx: LayerContext): TensorRef[] {
  const input = onlyInput(ctx);
  if (input.dims.length < 2) throw layerError(ctx.layer, `needs an input with a channel axis, got ${dimsText(input)}`);
  const p = ctx.layer.spec.message('batch_norm_param');
  if (p?.bool('use_global_stats') === false) {
    throw layerError(
      ctx.layer,
      'use_global_stats: false normalizes each batch with its own statistics, which a deployed network cannot do; remove it or set it to true',
    );
  }
  const eps = p?.number('eps') ?? 1e-5;
  const channels = numericDim(ctx, input, 1);
  const [mean, variance, factorBlob] = ctx.takeBlobs([[channels], [channels], [1]]) as [Float32Array, Float32Array, Float32Array];
  const stored = factorBlob[0] as number;
  const factor = stored === 0 ? 0 : 1 / stored;
  const scale = new Float32Array(channels);
  const shift = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    const s = 1 / Math.sqrt((variance[c] as number) * factor + eps);
    scale[c] = s;
    shift[c] = -(mean[c] as number) * factor * s;
  }
  return [ctx.builder.scaleShift({ name: ctx.layer.name, input, axis: 1, paramDims: [channels], scale, shift, output: oneTop(ctx) })];
}

function scale(ctx: LayerContext): TensorRef[] {
  if (ctx.inputs.length !== 1)
    throw layerError(ctx.layer, 'a second bottom (the scale taken from another blob) is not supported; only learned scales are');
  const input = onlyInput(ctx);
  const p = ctx.layer.spec.message('scale_param');
  const axis = axisOf(ctx, p?.int32('axis') ?? 1, input.dims.length);
  const numAxes = p?.int32('num_axes') ?? 1;
  const end = numAxes === -1 ? input.dims.length : axis + numAxes;
  if (numAxes < -1 || end > input.dims.length)
    throw layerError(ctx.layer, `num_axes ${numAxes} from axis ${axis} does not fit its input ${dimsText(input)}`);
  const paramDims = input.dims.slice(axis, end).map((_, i) => numericDim(ctx, input, axis + i));
  const biasTerm = p?.bool('bias_term', false) ?? false;
  const [factors, bias] = ctx.takeBlobs(biasTerm ? [paramDims, paramDims] : [paramDims]);
  return [ctx.builder.scaleShift({ name: ctx.layer.name, input, axis, paramDims, scale: factors, shift: bias, output: oneTop(ctx) })];
}

function flatten(ctx: LayerContext): TensorRef[] {
  const input = onlyInput(ctx);
  const p = ctx.layer.spec.message('flatten_param');
  const axis = axisOf(ctx, p?.int32('axis') ?? 1, input.dims.length);
  const end = axisOf(ctx, p?.int32('end_axis') ?? -1, input.dims.length);
  if (end !== input.dims.length - 1) throw layerError(ctx.layer, 'only end_axis: -1 (flatten to the last axis) is supported');
  return [ctx.builder.flatten(ctx.layer.name, input, axis, oneTop(ctx))];
}

const CONVERTERS: Readonly<Record<string, (ctx: LayerContext) => TensorRef[]>> = {
  Convolution: convolution,
  Pooling: pooling,
  ReLU: relu,
  LRN: lrn,
  Concat: concat,
  InnerProduct: innerProduct,
  Dropout: dropout,
  Softmax: softmax,
  Sigmoid: (ctx) => [ctx.builder.sigmoid({ name: ctx.layer.name, input: onlyInput(ctx), output: oneTop(ctx) })],
  TanH: (ctx) => [ctx.builder.tanh({ name: ctx.layer.name, input: onlyInput(ctx), output: oneTop(ctx) })],
  Power: power,
  Eltwise: eltwise,
  BatchNorm: batchNorm,
  Scale: scale,
  Flatten: flatten,
  // Caffe inserts Split to copy a blob to several consumers; ONNX tensors can be read many times.
  Split: (ctx) => ctx.outputs.map(() => onlyInput(ctx)),
};

export function isConvertible(type: string): boolean {
  return type in CONVERTERS;
}

/** Whether the layer adds ONNX nodes (false: its tops are its bottom, as for Dropout and Split). */
export function addsNodes(layer: CaffeLayer): boolean {
  if (layer.type === 'Split') return false;
  if (layer.type === 'Dropout') return dropoutScale(layer) !== 1;
  return true;
}

/** Training-only layers mean the user picked train_val.prototxt (or an unfiltered one) instead of the deploy file. */
function trainingHint(type: string): string {
  return /Data$|Loss$|^Accuracy$/.test(type) ? " (it is a training/validation layer: import the job's deploy.prototxt)" : '';
}

export function unsupportedLayer(layer: CaffeLayer, detail = ''): PrototxtError {
  return layerError(
    layer,
    `this layer type${detail} is not supported${trainingHint(layer.type)}. Supported layer types: ${SUPPORTED_LAYER_TYPES.join(', ')}`,
  );
}

export function convertLayer(ctx: LayerContext): TensorRef[] {
  const converter = CONVERTERS[ctx.layer.type];
  if (!converter) throw unsupportedLayer(ctx.layer);
  const tops = converter(ctx);
  if (tops.length !== ctx.layer.tops.length)
    throw layerError(ctx.layer, `has ${ctx.layer.tops.length} tops; this layer type makes ${tops.length}`);
  return tops;
}
