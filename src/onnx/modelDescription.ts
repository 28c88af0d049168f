// A memory-oriented description of an ONNX model: every tensor with its shape (batch kept
// symbolic), its element size and the span of nodes during which it must exist. It is read
// from the ModelProto itself rather than from the GraphBuilder, so the same code describes the
// built-in models, Caffe imports and a user's own .onnx file. ONNX files rarely carry shapes
// for intermediate values, so the shapes are inferred here for the ops CNNs use; value_info,
// where a file has it, covers the rest.
import type { Dim } from './builder';
import { TensorDataType } from './schema';
import type { AttributeProto, ModelProto, NodeProto, TensorProto, ValueInfoProto } from './schema';

export interface TensorLife {
  name: string;
  /** Fixed sizes, and a string (the model's batch symbol, e.g. 'N') for the batch dimension. */
  dims: Dim[];
  bytesPerElement: number;
  /** Index of the node that produces it; -1 for graph inputs. */
  from: number;
  /** Index of the last node that reads it; the node count for graph outputs, which outlive the run. */
  until: number;
}

export interface ModelDescription {
  name: string;
  /** Node names in execution (graph) order; a TensorLife's from/until index this. */
  nodes: string[];
  /** Names of the graph inputs fed per run (not initializers). */
  inputs: string[];
  /** Graph inputs and every node output. */
  activations: TensorLife[];
  /** Initializers and Constant nodes: allocated once, whatever the batch. */
  weights: { name: string; bytes: number }[];
}

const ELEMENT_BYTES: Readonly<Record<number, number>> = {
  [TensorDataType.FLOAT]: 4,
  [TensorDataType.UINT8]: 1,
  [TensorDataType.INT8]: 1,
  [TensorDataType.INT32]: 4,
  [TensorDataType.INT64]: 8,
  [TensorDataType.BOOL]: 1,
  [TensorDataType.FLOAT16]: 2,
  [TensorDataType.DOUBLE]: 8,
};

function elementBytes(dataType: number | undefined, what: string): number {
  const bytes = ELEMENT_BYTES[dataType ?? TensorDataType.FLOAT];
  if (bytes === undefined) throw new Error(`${what} has ONNX data type ${dataType}, which the memory model does not size`);
  return bytes;
}

interface Known {
  dims: Dim[];
  dataType: number;
  /** Values of small int64 constants (Reshape targets, axes). */
  values?: number[];
}

const product = (dims: readonly number[]): number => dims.reduce((a, b) => a * b, 1);

function int64Values(t: TensorProto): number[] | undefined {
  if (t.dataType !== TensorDataType.INT64) return undefined;
  if (t.int64Data && t.int64Data.length > 0) return t.int64Data.map(Number);
  const raw = t.rawData;
  if (!raw || raw.byteLength > 8 * 64) return undefined;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  return Array.from({ length: raw.byteLength / 8 }, (_, i) => Number(view.getBigInt64(i * 8, true)));
}

function valueInfoShape(info: ValueInfoProto): Known | undefined {
  const tensorType = info.type?.tensorType;
  const dims = tensorType?.shape?.dim;
  if (!tensorType || !dims) return undefined;
  const shape: Dim[] = [];
  for (const d of dims) {
    if (d.dimValue !== undefined && d.dimValue !== null && Number(d.dimValue) > 0) shape.push(Number(d.dimValue));
    else if (d.dimParam) shape.push(d.dimParam);
    else return undefined;
  }
  return { dims: shape, dataType: tensorType.elemType ?? TensorDataType.FLOAT };
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

/** Sliding-window output size with ONNX/ORT ceil-mode semantics (a window starting in the end padding is dropped). */
function windowSize(
  size: number,
  kernel: number,
  stride: number,
  padBegin: number,
  padEnd: number,
  dilation: number,
  ceil: boolean,
): number {
  const span = dilation * (kernel - 1) + 1;
  const steps = (size + padBegin + padEnd - span) / stride;
  let out = (ceil ? Math.ceil(steps) : Math.floor(steps)) + 1;
  if (ceil && (out - 1) * stride >= size + padBegin) out -= 1;
  return out;
}

/** Conv and pooling: [N, C, ...spatial] -> [N, channels, ...windowed spatial]. */
function windowed(input: Dim[], channels: Dim, kernel: readonly number[], a: Attributes, ceil: boolean, what: string): Dim[] {
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
    ...spatial.map((s, i) => windowSize(s, kernel[i]!, strides[i]!, pads[i]!, pads[i + rank]!, dilations[i]!, ceil)),
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
  const known = product(out.filter((d): d is number => typeof d === 'number' && d !== -1));
  const total = product(input.filter((d): d is number => typeof d === 'number'));
  return out.map((d) => (d === -1 ? total / known : d));
}

/** Output shapes of one node, or undefined for an op this estimator does not know. */
function inferNode(node: NodeProto, inputs: (Known | undefined)[]): Dim[] | undefined {
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
      return windowed(x, w[0] as Dim, kernel, a, false, what);
    }
    case 'MaxPool':
    case 'AveragePool': {
      const kernel = a.ints('kernel_shape');
      if (!kernel) throw new Error(`${what} has no kernel_shape`);
      return windowed(x, x[1] as Dim, kernel, a, a.int('ceil_mode', 0) === 1, what);
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
      const lead: Dim = head.length === 1 ? (head[0] as Dim) : product(head.map((d, i) => fixed(d, `${what} axis ${i}`)));
      return [lead, product(x.slice(axis).map((d, i) => fixed(d, `${what} axis ${axis + i}`)))];
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

function outputType(node: NodeProto, inputs: (Known | undefined)[]): number {
  if (['Greater', 'Less', 'Equal'].includes(node.opType)) return TensorDataType.BOOL;
  if (node.opType === 'Cast') return new Attributes(node.attribute).int('to', TensorDataType.FLOAT);
  if (node.opType === 'Where') return inputs[1]?.dataType ?? TensorDataType.FLOAT;
  return inputs[0]?.dataType ?? TensorDataType.FLOAT;
}

/** Describes a model for memory estimates; throws, naming the node, where a shape cannot be worked out. */
export function describeModel(model: ModelProto): ModelDescription {
  const graph = model.graph;
  const nodes = graph.node ?? [];
  const known = new Map<string, Known>();
  const weights: { name: string; bytes: number }[] = [];

  for (const t of graph.initializer ?? []) {
    const name = t.name ?? '';
    const dims = (t.dims ?? []).map(Number);
    known.set(name, { dims, dataType: t.dataType ?? TensorDataType.FLOAT, values: int64Values(t) });
    weights.push({ name, bytes: product(dims) * elementBytes(t.dataType, `initializer '${name}'`) });
  }
  const declared = new Map<string, Known>();
  for (const info of [...(graph.valueInfo ?? []), ...(graph.output ?? [])]) {
    const shape = valueInfoShape(info);
    if (shape) declared.set(info.name, shape);
  }

  const lives = new Map<string, TensorLife>();
  const inputs: string[] = [];
  for (const info of graph.input ?? []) {
    if (known.has(info.name)) continue; // an initializer listed as an input (IR < 4)
    const shape = valueInfoShape(info);
    if (!shape) throw new Error(`graph input '${info.name}' has no complete shape`);
    known.set(info.name, shape);
    inputs.push(info.name);
    lives.set(info.name, {
      name: info.name,
      dims: shape.dims,
      bytesPerElement: elementBytes(shape.dataType, `input '${info.name}'`),
      from: -1,
      until: -1,
    });
  }

  nodes.forEach((node, index) => {
    const nodeInputs = node.input.map((name) => (name === '' ? undefined : known.get(name)));
    for (const name of node.input) {
      const life = lives.get(name);
      if (life) life.until = index;
    }
    if (node.opType === 'Constant') {
      const t = node.attribute?.find((attr) => attr.name === 'value')?.t;
      const name = node.output[0] ?? '';
      if (!t) throw new Error(`Constant node '${node.name ?? name}' has no tensor value`);
      const dims = (t.dims ?? []).map(Number);
      known.set(name, { dims, dataType: t.dataType ?? TensorDataType.FLOAT, values: int64Values(t) });
      weights.push({ name, bytes: product(dims) * elementBytes(t.dataType, `constant '${name}'`) });
      return;
    }
    const inferred = inferNode(node, nodeInputs);
    node.output.forEach((name, k) => {
      if (name === '') return;
      // Only the first output of the ops above is inferred (MaxPool's optional indices are not used by CNN exports).
      const shape: Known | undefined =
        k === 0 && inferred ? { dims: inferred, dataType: outputType(node, nodeInputs) } : declared.get(name);
      if (!shape) {
        throw new Error(
          `cannot size '${name}': node '${node.name ?? name}' (${node.opType}) is not an op the memory model knows, and the file has no value_info for it`,
        );
      }
      known.set(name, shape);
      lives.set(name, {
        name,
        dims: shape.dims,
        bytesPerElement: elementBytes(shape.dataType, `tensor '${name}'`),
        from: index,
        until: index,
      });
    });
  });

  for (const out of graph.output ?? []) {
    const life = lives.get(out.name);
    if (life) life.until = nodes.length;
  }
  return {
    name: graph.name ?? 'model',
    nodes: nodes.map((n, i) => n.name || n.output[0] || `#${i}`),
    inputs,
    activations: [...lives.values()],
    weights,
  };
}
