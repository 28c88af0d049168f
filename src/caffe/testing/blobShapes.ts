// Caffe's own shape arithmetic (each layer's Reshape), run over a layer list: the blob
// shapes every layer produces and the shapes of its learned blobs. It is the reference the
// ONNX architectures are checked against, and what the importer needs to size weights.
import { elementCount } from '../../domain/tensor';
import { caffePoolOutputHW, convOutputSize } from '../../onnx/shapes';
import { PrototxtError } from '../prototxt';
import { convolutionSpec, innerProductSpec, poolingSpec } from '../layerParams';
import type { CaffeLayer, InputBlob } from '../netSpec';

export type Shape = readonly number[];

export interface LayerShapes {
  readonly layer: CaffeLayer;
  readonly inputs: readonly Shape[];
  readonly outputs: readonly Shape[];
  /** Learned blobs in .caffemodel order (weights, then bias). */
  readonly params: readonly Shape[];
}

/** Layers whose single top has the shape of their single bottom and that learn nothing. */
const SAME_SHAPE = new Set(['ReLU', 'Sigmoid', 'TanH', 'Dropout', 'Power', 'LRN', 'Softmax', 'AbsVal', 'BNLL', 'Exp', 'ELU', 'Threshold']);

function fail(layer: CaffeLayer, reason: string): never {
  throw new PrototxtError(layer.spec.source, layer.spec.line, layer.spec.column, `layer '${layer.name}' (${layer.type}): ${reason}`);
}

/** Learned values in the given layers: the sum of all their param blob sizes. */
export function parameterCount(layers: readonly LayerShapes[]): number {
  return layers.reduce((sum, l) => sum + l.params.reduce((s, p) => s + elementCount(p), 0), 0);
}

function axisIndex(layer: CaffeLayer, axis: number, rank: number): number {
  const index = axis < 0 ? axis + rank : axis;
  if (index < 0 || index >= rank) fail(layer, `axis ${axis} is out of range for a ${rank}-D input`);
  return index;
}

function nchw(layer: CaffeLayer, shape: Shape): readonly [number, number, number, number] {
  if (shape.length !== 4) fail(layer, `needs a 4-D input, got [${shape.join(', ')}]`);
  return shape as unknown as readonly [number, number, number, number];
}

function convolution(layer: CaffeLayer, input: Shape): Pick<LayerShapes, 'outputs' | 'params'> {
  const [n, c, h, w] = nchw(layer, input);
  const s = convolutionSpec(layer);
  if (c % s.group !== 0) fail(layer, `group ${s.group} does not divide ${c} input channels`);
  const out = (size: number, i: 0 | 1) =>
    convOutputSize({ size, kernel: s.kernel[i], stride: s.stride[i], padBegin: s.pad[i], padEnd: s.pad[i], dilation: s.dilation[i] });
  const weights = [s.numOutput, c / s.group, s.kernel[0], s.kernel[1]];
  return { outputs: [[n, s.numOutput, out(h, 0), out(w, 1)]], params: s.biasTerm ? [weights, [s.numOutput]] : [weights] };
}

function pooling(layer: CaffeLayer, input: Shape): Pick<LayerShapes, 'outputs' | 'params'> {
  const [n, c, h, w] = nchw(layer, input);
  const s = poolingSpec(layer);
  const kernel = s.kernel ?? [h, w];
  const pad = s.globalPooling ? ([0, 0] as const) : s.pad;
  const stride = s.globalPooling ? ([1, 1] as const) : s.stride;
  // PoolingLayer::Reshape, Caffe's rule (not ONNX Runtime's: see onnx/shapes.ts).
  const [oh, ow] = caffePoolOutputHW([h, w], kernel, stride, pad, s.roundMode);
  return { outputs: [[n, c, oh, ow]], params: [] };
}

function innerProduct(layer: CaffeLayer, input: Shape): Pick<LayerShapes, 'outputs' | 'params'> {
  const s = innerProductSpec(layer);
  const axis = axisIndex(layer, s.axis, input.length);
  const k = elementCount(input.slice(axis));
  const weights = s.transpose ? [k, s.numOutput] : [s.numOutput, k];
  return { outputs: [[...input.slice(0, axis), s.numOutput]], params: s.biasTerm ? [weights, [s.numOutput]] : [weights] };
}

function concat(layer: CaffeLayer, inputs: readonly Shape[]): Shape {
  const p = layer.spec.message('concat_param');
  const axis = axisIndex(layer, p?.number('axis') ?? p?.number('concat_dim') ?? 1, (inputs[0] as Shape).length);
  const first = inputs[0] as Shape;
  for (const shape of inputs) {
    const same = shape.length === first.length && shape.every((d, i) => i === axis || d === first[i]);
    if (!same) fail(layer, `inputs [${shape.join(', ')}] and [${first.join(', ')}] differ off axis ${axis}`);
  }
  return first.map((d, i) => (i === axis ? inputs.reduce((sum, s) => sum + (s[i] as number), 0) : d));
}

function flatten(layer: CaffeLayer, input: Shape): Shape {
  const p = layer.spec.message('flatten_param');
  const start = axisIndex(layer, p?.number('axis') ?? 1, input.length);
  const end = axisIndex(layer, p?.number('end_axis') ?? -1, input.length);
  return [...input.slice(0, start), elementCount(input.slice(start, end + 1)), ...input.slice(end + 1)];
}

function nchwChannels(layer: CaffeLayer, shape: Shape): number {
  if (shape.length < 2) fail(layer, `needs an input with a channel axis, got [${shape.join(', ')}]`);
  return shape[1] as number;
}

/** ScaleLayer::LayerSetUp with one bottom: the learned scale covers num_axes axes from `axis` (-1: all the rest). */
function scaleParams(layer: CaffeLayer, input: Shape): Shape[] {
  const p = layer.spec.message('scale_param');
  const axis = axisIndex(layer, p?.number('axis') ?? 1, input.length);
  const numAxes = p?.number('num_axes') ?? 1;
  if (numAxes < -1 || axis + numAxes > input.length)
    fail(layer, `num_axes ${numAxes} from axis ${axis} does not fit a ${input.length}-D input`);
  const shape = input.slice(axis, numAxes === -1 ? undefined : axis + numAxes);
  return p?.bool('bias_term', false) ? [shape, shape] : [shape];
}

function shapesOf(layer: CaffeLayer, inputs: readonly Shape[]): Pick<LayerShapes, 'outputs' | 'params'> {
  const first = inputs[0];
  if (first === undefined) return fail(layer, 'has no bottom blob');
  const same = { outputs: layer.tops.map(() => first), params: [] };
  if (SAME_SHAPE.has(layer.type)) return same;
  switch (layer.type) {
    case 'Convolution':
      return convolution(layer, first);
    case 'Pooling':
      return pooling(layer, first);
    case 'InnerProduct':
      return innerProduct(layer, first);
    case 'Concat':
      return { outputs: [concat(layer, inputs)], params: [] };
    case 'Flatten':
      return { outputs: [flatten(layer, first)], params: [] };
    case 'BatchNorm':
      // mean, variance, moving-average factor (BatchNormLayer::LayerSetUp).
      return { outputs: [first], params: [[nchwChannels(layer, first)], [nchwChannels(layer, first)], [1]] };
    case 'Scale':
      return { outputs: [first], params: inputs.length > 1 ? [] : scaleParams(layer, first) };
    case 'Eltwise':
    case 'Split':
      return same;
    default:
      return fail(layer, 'this layer type is not supported (yet)');
  }
}

/** Runs Caffe's shape rules over `layers` in order, starting from `inputs` (e.g. inputShapes()). */
export function inferBlobShapes(layers: readonly CaffeLayer[], inputs: readonly InputBlob[]): LayerShapes[] {
  const blobs = new Map<string, Shape>(inputs.map((b) => [b.name, b.dims]));
  const result: LayerShapes[] = [];
  for (const layer of layers) {
    if (layer.type === 'Input') continue;
    const inShapes = layer.bottoms.map((name) => blobs.get(name) ?? fail(layer, `bottom '${name}' is not produced by any earlier layer`));
    const { outputs, params } = shapesOf(layer, inShapes);
    // In-place layers (top == bottom) simply overwrite the blob's entry.
    layer.tops.forEach((top, i) => blobs.set(top, outputs[i] ?? fail(layer, `has no shape rule for top ${i} '${top}'`)));
    result.push({ layer, inputs: inShapes, outputs, params });
  }
  return result;
}
