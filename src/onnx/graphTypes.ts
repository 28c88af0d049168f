// The nouns of the ONNX graph builder: tensors as the builder tracks them, where learned
// weights come from, and the options of each op. Shared by builder.ts and the lowerings of
// Caffe layers that take several ONNX nodes (lowerings.ts), with two checks on tensor shapes.
import type { AttributeProto } from './schema';

/** A number, or a symbolic name such as 'N' for the dynamic batch dimension. */
export type Dim = number | string;

export interface TensorRef {
  readonly name: string;
  readonly dims: readonly Dim[];
}

export interface WeightRequest {
  /** The layer (node) name the tensor belongs to, e.g. `conv1/7x7_s2`. */
  readonly layer: string;
  readonly op: 'Conv' | 'Gemm';
  /** Conv: [out, in/group, kh, kw]; Gemm: [out, in]. */
  readonly dims: readonly number[];
  /** Inputs that feed one output value: in/group*kh*kw for Conv, in for Gemm. */
  readonly fanIn: number;
}

export interface WeightSource {
  weights(request: WeightRequest): Float32Array;
  bias(request: Omit<WeightRequest, 'fanIn' | 'dims'> & { readonly size: number }): Float32Array;
}

export type Pair = number | readonly [number, number];

export interface ConvOptions {
  name: string;
  input: TensorRef;
  outChannels: number;
  kernel: Pair;
  stride?: Pair;
  pad?: Pair;
  group?: number;
  dilation?: Pair;
  bias?: boolean;
  /** Output tensor name; the node name by default. */
  output?: string;
}

export interface PoolOptions {
  name: string;
  input: TensorRef;
  kernel: Pair;
  stride?: Pair;
  pad?: Pair;
  /** Caffe rounds pooled sizes up; ONNX only does so with ceil_mode=1. */
  ceil: boolean;
  output?: string;
}

export interface AvgPoolOptions extends PoolOptions {
  /** Caffe's AVE pooling divides by the window size including zero padding. */
  countIncludePad?: boolean;
}

export interface LrnOptions {
  name: string;
  input: TensorRef;
  size: number;
  alpha: number;
  beta: number;
  /** Caffe's `k`. */
  bias?: number;
  output?: string;
}

export interface FcOptions {
  name: string;
  /** Must be 2-D [N, features]; use flatten() first. */
  input: TensorRef;
  outFeatures: number;
  bias?: boolean;
  output?: string;
}

export interface PowerOptions {
  name: string;
  input: TensorRef;
  /** Caffe Power layer: y = (shift + scale * x) ^ power. */
  power?: number;
  scale?: number;
  shift?: number;
  output?: string;
}

export interface UnaryOptions {
  name: string;
  input: TensorRef;
  output?: string;
}

export interface LeakyReluOptions extends UnaryOptions {
  /** Caffe ReLU's negative_slope. */
  alpha: number;
}

export interface EltwiseOptions {
  name: string;
  /** Two or more tensors of one shape (Caffe's Eltwise does not broadcast). */
  inputs: readonly TensorRef[];
  operation: 'SUM' | 'PROD' | 'MAX';
  /** SUM only: one factor per input, as Caffe's `coeff`. */
  coeffs?: readonly number[];
  output?: string;
}

export interface ScaleShiftOptions {
  name: string;
  input: TensorRef;
  /** First input axis the parameters cover (Caffe's `axis`). */
  axis: number;
  /** Shape of `scale`/`shift`: the input's dims from `axis` on, as many as the parameters cover. */
  paramDims: readonly number[];
  scale?: Float32Array;
  shift?: Float32Array;
  output?: string;
}

export interface ModelInfo {
  producerVersion: string;
  docString?: string;
  metadata?: Readonly<Record<string, string>>;
}

export interface PadOptions {
  name: string;
  input: TensorRef;
  /** Values added after the end of each axis (none before it). */
  end: readonly number[];
  /** The value of the added elements. */
  value: number;
  output?: string;
}

/** What a lowering needs from the builder: nodes whose output shape it states, and constants. */
export interface GraphOps {
  node(
    opType: string,
    name: string,
    inputs: string[],
    output: string | undefined,
    dims: readonly Dim[],
    attribute: AttributeProto[],
  ): TensorRef;
  initializer(name: string, dims: readonly number[], data: Float32Array): TensorRef;
  int64Initializer(name: string, values: readonly number[]): string;
  identity(o: UnaryOptions): TensorRef;
}

/** A kernel, stride or pad given once for both axes or as [h, w]. */
export const pair = (value: Pair): readonly [number, number] => (typeof value === 'number' ? [value, value] : value);

export function numericDim(tensor: TensorRef, axis: number): number {
  const dim = tensor.dims[axis];
  if (typeof dim !== 'number') throw new Error(`tensor '${tensor.name}' needs a fixed size on axis ${axis}, has ${String(dim)}`);
  return dim;
}

export function spatial4d(tensor: TensorRef, op: string): readonly [Dim, number, number, number] {
  if (tensor.dims.length !== 4) throw new Error(`${op} needs a 4-D NCHW input; '${tensor.name}' is [${tensor.dims.join(', ')}]`);
  return [tensor.dims[0] as Dim, numericDim(tensor, 1), numericDim(tensor, 2), numericDim(tensor, 3)];
}
