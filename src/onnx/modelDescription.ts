// A memory-oriented description of an ONNX model: every tensor with its shape (batch kept
// symbolic), its element size and the span of nodes during which it must exist. It is read
// from the ModelProto itself rather than from the GraphBuilder, so the same code describes the
// built-in models, Caffe imports and a user's own .onnx file. ONNX files rarely carry shapes
// for intermediate values, so the shapes are inferred (inferShapes.ts) for the ops CNNs use; value_info,
// where a file has it, covers the rest.
import { elementCount } from '../domain/tensor';
import type { Dim } from './graphTypes';
import { TensorDataType } from './schema';
import type { ModelProto, TensorProto, ValueInfoProto } from './schema';
import { inferNode, outputType, type Known } from './inferShapes';

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
    weights.push({ name, bytes: elementCount(dims) * elementBytes(t.dataType, `initializer '${name}'`) });
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
      weights.push({ name, bytes: elementCount(dims) * elementBytes(t.dataType, `constant '${name}'`) });
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
