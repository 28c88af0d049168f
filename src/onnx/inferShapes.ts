// Shape inference for the ONNX ops CNNs use: the output shape (batch kept symbolic) and element
// type of one node from its inputs' shapes, with ONNX Runtime's window sizes (shapes.ts). ONNX
// files rarely carry shapes for intermediate values; the model description (modelDescription.ts)
// runs this node by node and falls back on a file's value_info for ops it does not know.
import { elementCount } from '../domain/tensor';
import type { Dim } from './graphTypes';
import { TensorDataType } from './schema';
import type { AttributeProto, NodeProto } from './schema';
import { convOutputSize, onnxPoolOutputSize, type WindowAxis } from './shapes';

export interface Known {
  dims: Dim[];
  dataType: number;
  /** Values of small int64 constants (Reshape targets, axes). */
  values?: number[];
}

class Attributes {
  constructor(private readonly list: readonly AttributeProto[] | undefined) {}
  private find(name: string): AttributeProto | undefined {
    return this.list?.find((a) => a.name === name);
  }
  int(name: string, fallback: number): number {
    const a = this.find(name);
    return a?.i !== undefined && a.i !== null ? Number(a.i) : fallback;
  }
  ints(name: string): number[] | undefined {
    const a = this.find(name);
    return a?.ints && a.ints.length > 0 ? a.ints.map(Number) : undefined;
  }
  string(name: string): string | undefined {
    const s = this.find(name)?.s;
    return s && s.length > 0 ? new TextDecoder().decode(s) : undefined;
  }
}

function fixed(dim: Dim | undefined, what: string): number {
  if (typeof dim !== 'number') throw new Error(`${what} needs a fixed size, has ${String(dim)}`);
  return dim;
}

/** Conv and pooling: [N, C, ...spatial] -> [N, channels, ...windowed spatial]. */
function windowed(
  input: Dim[],
  channels: Dim,
  kernel: readonly number[],
  a: Attributes,
  outputSize: (axis: WindowAxis) => number,
  what: string,
): Dim[] {
  const spatial = input.slice(2).map((d, i) => fixed(d, `${what} spatial axis ${i}`));
  const strides = a.ints('strides') ?? spatial.map(() => 1);
  const dilations = a.ints('dilations') ?? spatial.map(() => 1);
  const autoPad = a.string('auto_pad') ?? 'NOTSET';
  if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
    return [input[0] as Dim, channels, ...spatial.map((s, i) => Math.ceil(s / strides[i]!))];
  }
  const pads = autoPad === 'VALID' ? spatial.flatMap(() => [0, 0]) : (a.ints('pads') ?? spatial.flatMap(() => [0, 0]));
  const rank = spatial.length;
  return [
    input[0] as Dim,
    channels,
    ...spatial.map((size, i) => {
      const axis = { size, kernel: kernel[i]!, stride: strides[i]!, padBegin: pads[i]!, padEnd: pads[i + rank]!, dilation: dilations[i]! };
      return outputSize(axis);
    }),
  ];
}

/** Numpy broadcasting; a symbolic dimension against 1 stays symbolic. */
function broadcast(shapes: Dim[][], what: string): Dim[] {
  const rank = Math.max(...shapes.map((s) => s.length));
  const out: Dim[] = [];
  for (let i = 0; i < rank; i++) {
    const dims = shapes.map((s) => s[s.length - rank + i] ?? 1).filter((d) => d !== 1);
    const first = dims[0] ?? 1;
    if (dims.some((d) => d !== first))
      throw new Error(`${what}: shapes ${shapes.map((s) => `[${s.join(', ')}]`).join(' and ')} do not broadcast`);
    out.push(first);
  }
  return out;
}

/** Reshape with ONNX semantics (0 copies the input dimension, -1 takes what is left); the batch symbol may only be copied. */
function reshape(input: Dim[], target: readonly number[], what: string): Dim[] {
  const out: Dim[] = target.map((t, i) => (t === 0 ? (input[i] as Dim) : t));
  const symbolsIn = input.filter((d) => typeof d === 'string').length;
  const symbolsOut = out.filter((d) => typeof d === 'string').length;
  if (symbolsIn !== symbolsOut)
    throw new Error(`${what}: reshaping [${input.join(', ')}] to [${target.join(', ')}] mixes the batch dimension into others`);
  const known = elementCount(out.filter((d): d is number => typeof d === 'number' && d !== -1));
  const total = elementCount(input.filter((d): d is number => typeof d === 'number'));
  return out.map((d) => (d === -1 ? total / known : d));
}

/** Output shapes of one node, or undefined for an op this estimator does not know. */
export function inferNode(node: NodeProto, inputs: (Known | undefined)[]): Dim[] | undefined {
  const what = `node '${node.name ?? node.output[0]}' (${node.opType})`;
  const a = new Attributes(node.attribute);
  const x = inputs[0]?.dims;
  if (!x) return undefined;
  switch (node.opType) {
    case 'Relu':
    case 'LeakyRelu':
    case 'Sigmoid':
    case 'Tanh':
    case 'Identity':
    case 'Dropout':
    case 'Clip':
    case 'Softmax':
    case 'LogSoftmax':
    case 'LRN':
    case 'BatchNormalization':
    case 'InstanceNormalization':
    case 'Elu':
    case 'Selu':
    case 'HardSigmoid':
    case 'HardSwish':
    case 'Exp':
    case 'Log':
    case 'Sqrt':
    case 'Neg':
    case 'Abs':
    case 'Erf':
    case 'Cast':
    case 'Reciprocal':
    case 'Floor':
    case 'Ceil':
    case 'Round':
      return x;
    case 'Add':
    case 'Sub':
    case 'Mul':
    case 'Div':
    case 'Pow':
    case 'Greater':
    case 'Less':
    case 'Equal':
    case 'Max':
    case 'Min':
    case 'Sum':
    case 'Where':
    case 'PRelu': {
      const shapes = inputs.map((i) => i?.dims);
      if (shapes.some((s) => !s)) return undefined;
      return broadcast(shapes as Dim[][], what);
    }
    case 'Conv': {
      const w = inputs[1]?.dims;
      if (!w) return undefined;
      const kernel = a.ints('kernel_shape') ?? w.slice(2).map((d) => fixed(d, `${what} kernel`));
      return windowed(x, w[0] as Dim, kernel, a, convOutputSize, what);
    }
    case 'MaxPool':
    case 'AveragePool': {
      const kernel = a.ints('kernel_shape');
      if (!kernel) throw new Error(`${what} has no kernel_shape`);
      const ceilMode = a.int('ceil_mode', 0) === 1;
      return windowed(x, x[1] as Dim, kernel, a, (axis) => onnxPoolOutputSize(axis, ceilMode), what);
    }
    case 'GlobalAveragePool':
    case 'GlobalMaxPool':
      return [x[0] as Dim, x[1] as Dim, ...x.slice(2).map(() => 1)];
    case 'Concat': {
      const rank = x.length;
      const axis = (a.int('axis', 1) + rank) % rank;
      const out = [...x];
      out[axis] = inputs.reduce((sum, t, i) => sum + fixed(t?.dims[axis], `${what} input ${i} on axis ${axis}`), 0);
      return out;
    }
    case 'Flatten': {
      const axis = (a.int('axis', 1) + x.length) % x.length;
      const head = x.slice(0, axis);
      const lead: Dim = head.length === 1 ? (head[0] as Dim) : elementCount(head.map((d, i) => fixed(d, `${what} axis ${i}`)));
      return [lead, elementCount(x.slice(axis).map((d, i) => fixed(d, `${what} axis ${axis + i}`)))];
    }
    case 'Gemm': {
      const b = inputs[1]?.dims;
      if (!b || x.length !== 2 || b.length !== 2) return undefined;
      const m = a.int('transA', 0) ? x[1] : x[0];
      const n = a.int('transB', 0) ? b[0] : b[1];
      return [m as Dim, n as Dim];
    }
    case 'MatMul': {
      const b = inputs[1]?.dims;
      if (!b || x.length < 2 || b.length !== 2) return undefined;
      return [...x.slice(0, -1), b[1] as Dim];
    }
    case 'Reshape': {
      const target = inputs[1]?.values;
      return target ? reshape(x, target, what) : undefined;
    }
    case 'Transpose': {
      const perm = a.ints('perm') ?? x.map((_, i) => x.length - 1 - i);
      return perm.map((p) => x[p] as Dim);
    }
    default:
      return undefined;
  }
}

export function outputType(node: NodeProto, inputs: (Known | undefined)[]): number {
  if (['Greater', 'Less', 'Equal'].includes(node.opType)) return TensorDataType.BOOL;
  if (node.opType === 'Cast') return new Attributes(node.attribute).int('to', TensorDataType.FLOAT);
  if (node.opType === 'Where') return inputs[1]?.dataType ?? TensorDataType.FLOAT;
  return inputs[0]?.dataType ?? TensorDataType.FLOAT;
}
