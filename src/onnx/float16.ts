// A float32 ONNX model as a float16 one that still takes and gives float32: weights and every
// float tensor between nodes in half precision (half the weight bytes and, on GPUs with
// `shader-f16`, half-precision arithmetic), a Cast after each float input and before each float
// output, so callers feed and read the same tensors as before (onnxconverter-common's
// keep_io_types). Pure: the model in, a new model out.
import { AttributeType, TensorDataType } from './schema';
import type { AttributeProto, ModelProto, NodeProto, TensorProto, ValueInfoProto } from './schema';

const FLOAT16_MAX = 65504;

/** IEEE 754 binary16 bits of a number, rounded to nearest even; beyond ±65504 becomes ±Infinity, as a cast does. */
export function float16Bits(value: number): number {
  const f32 = new Float32Array([value]);
  const bits = new Uint32Array(f32.buffer)[0]!;
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0); // Infinity, NaN
  const e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00; // too large: Infinity
  if (e <= 0) {
    // Subnormal half (or zero): shift the implicit-1 mantissa into place, rounding to nearest even.
    if (e < -10) return sign;
    const m = mantissa | 0x800000;
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    const rest = m & ((1 << shift) - 1);
    let result = m >>> shift;
    if (rest > half || (rest === half && result & 1)) result++;
    return sign | result;
  }
  let result = (e << 10) | (mantissa >>> 13);
  const rest = mantissa & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && result & 1)) result++; // may carry into the exponent: still correct
  return sign | result;
}

/** The number a binary16 bit pattern stands for. */
export function float16Value(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa ? Number.NaN : sign * Infinity;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

function floatsOf(tensor: TensorProto): Float32Array {
  if (tensor.rawData && tensor.rawData.byteLength > 0) {
    const raw = tensor.rawData;
    // Copied to an aligned buffer: raw bytes decoded from a file may start at any offset.
    return new Float32Array(raw.slice().buffer, 0, raw.byteLength / 4);
  }
  return Float32Array.from(tensor.floatData ?? []);
}

function toFloat16Tensor(tensor: TensorProto): TensorProto {
  if (tensor.dataType !== TensorDataType.FLOAT) return tensor;
  const floats = floatsOf(tensor);
  const half = new Uint16Array(floats.length);
  for (let i = 0; i < floats.length; i++) half[i] = float16Bits(floats[i]!);
  const { floatData: _dropped, ...rest } = tensor;
  return { ...rest, dataType: TensorDataType.FLOAT16, rawData: new Uint8Array(half.buffer) };
}

function toFloat16Info(info: ValueInfoProto): ValueInfoProto {
  const tensorType = info.type?.tensorType;
  if (tensorType?.elemType !== TensorDataType.FLOAT) return info;
  return { ...info, type: { ...info.type, tensorType: { ...tensorType, elemType: TensorDataType.FLOAT16 } } };
}

function toFloat16Attribute(a: AttributeProto): AttributeProto {
  if (a.type === AttributeType.TENSOR && a.t) return { ...a, t: toFloat16Tensor(a.t) };
  return a;
}

/** Inputs that an operator requires in float32 whatever its data type (Resize's roi and scales). */
const FLOAT32_INPUTS: Record<string, readonly number[]> = { Resize: [1, 2], Upsample: [1] };

/** A Cast to float32 inside the graph casts to float16 now: float16 is the graph's float type. */
function retargetCast(node: NodeProto): NodeProto {
  if (node.opType !== 'Cast') return node;
  return {
    ...node,
    attribute: (node.attribute ?? []).map((a) =>
      a.name === 'to' && a.i === TensorDataType.FLOAT ? { ...a, i: TensorDataType.FLOAT16 } : a,
    ),
  };
}

const cast = (input: string, output: string, to: number): NodeProto => ({
  input: [input],
  output: [output],
  name: `${output}/cast`,
  opType: 'Cast',
  attribute: [{ name: 'to', type: AttributeType.INT, i: to }],
});

export interface Float16Conversion {
  model: ModelProto;
  /** Weights whose magnitude exceeds float16's largest finite value (65504): they became ±Infinity. */
  overflowed: string[];
}

/**
 * The model in float16, inputs and outputs still float32. Refuses nothing: a weight beyond
 * float16's range is reported in `overflowed` (the caller decides whether that model is usable).
 */
export function toFloat16(model: ModelProto): Float16Conversion {
  const graph = model.graph;
  const nodes = graph.node ?? [];
  const keepFloat32 = new Set<string>();
  for (const node of nodes) for (const i of FLOAT32_INPUTS[node.opType] ?? []) if (node.input[i]) keepFloat32.add(node.input[i]!);

  const overflowed: string[] = [];
  const initializer = (graph.initializer ?? []).map((t) => {
    if (keepFloat32.has(t.name ?? '') || t.dataType !== TensorDataType.FLOAT) return t;
    if (floatsOf(t).some((v) => Math.abs(v) > FLOAT16_MAX)) overflowed.push(t.name ?? '(unnamed)');
    return toFloat16Tensor(t);
  });

  const initializerNames = new Set((graph.initializer ?? []).map((t) => t.name));
  const floatInputs = (graph.input ?? []).filter(
    (i) => !initializerNames.has(i.name) && i.type?.tensorType?.elemType === TensorDataType.FLOAT,
  );
  const floatOutputs = (graph.output ?? []).filter((o) => o.type?.tensorType?.elemType === TensorDataType.FLOAT);
  // Inside the graph a float input is read through its float16 copy, and a float output is first written as one.
  const renamed = new Map<string, string>([
    ...floatInputs.map((i): [string, string] => [i.name, `${i.name}_fp16`]),
    ...floatOutputs.map((o): [string, string] => [o.name, `${o.name}_fp16`]),
  ]);
  const rename = (name: string) => (keepFloat32.has(name) ? name : (renamed.get(name) ?? name));
  const body = nodes.map((node) =>
    retargetCast({
      ...node,
      input: node.input.map(rename),
      output: node.output.map((name) => renamed.get(name) ?? name),
      ...(node.attribute ? { attribute: node.attribute.map(toFloat16Attribute) } : {}),
    }),
  );

  return {
    model: {
      ...model,
      graph: {
        ...graph,
        initializer,
        // Initializers listed as inputs (older IR) change type with their data; real inputs stay float32.
        input: (graph.input ?? []).map((i) => (initializerNames.has(i.name) && !keepFloat32.has(i.name) ? toFloat16Info(i) : i)),
        node: [
          ...floatInputs.map((i) => cast(i.name, renamed.get(i.name)!, TensorDataType.FLOAT16)),
          ...body,
          ...floatOutputs.map((o) => cast(renamed.get(o.name)!, o.name, TensorDataType.FLOAT)),
        ],
        valueInfo: (graph.valueInfo ?? []).map((v) =>
          keepFloat32.has(v.name) ? v : toFloat16Info({ ...v, name: renamed.get(v.name) ?? v.name }),
        ),
      },
    },
    overflowed,
  };
}
