// A small ONNX graph builder (opset 13) for Caffe-style CNNs. It tracks every tensor's shape
// so that architectures can be checked while they are built (a wrong stride fails here, not
// at session creation in the browser), and it asks a WeightSource for learned tensors so
// that the same code serves synthetic weights and, later, weights read from a .caffemodel.
import { AttributeType, TensorDataType } from './schema';
import type { AttributeProto, ModelProto, NodeProto, TensorProto, ValueInfoProto } from './schema';

export const OPSET_VERSION = 13;
// IR 8 is what opset 13-17 exporters write; onnxruntime-web 1.30 reads up to IR 11.
export const IR_VERSION = 8;

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

type Pair = number | readonly [number, number];

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

const pair = (value: Pair): readonly [number, number] => (typeof value === 'number' ? [value, value] : value);

const attr = {
  int: (name: string, i: number): AttributeProto => ({ name, type: AttributeType.INT, i }),
  ints: (name: string, ints: readonly number[]): AttributeProto => ({ name, type: AttributeType.INTS, ints: [...ints] }),
  float: (name: string, f: number): AttributeProto => ({ name, type: AttributeType.FLOAT, f }),
};

const littleEndianHost = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** ONNX raw_data is little-endian; on such hosts (all browsers in practice) this is a view, not a copy. */
export function float32Bytes(data: Float32Array): Uint8Array {
  if (littleEndianHost) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const bytes = new Uint8Array(data.length * 4);
  const view = new DataView(bytes.buffer);
  data.forEach((value, i) => view.setFloat32(i * 4, value, true));
  return bytes;
}

/** Output size of a sliding window. Ceil mode drops a last window that would start in the end padding, as Caffe and ONNX Runtime both do. */
export function windowOutputSize(size: number, kernel: number, stride: number, pad: number, dilation: number, ceil: boolean): number {
  const span = dilation * (kernel - 1) + 1;
  const steps = (size + 2 * pad - span) / stride;
  let out = (ceil ? Math.ceil(steps) : Math.floor(steps)) + 1;
  if (ceil && pad > 0 && (out - 1) * stride >= size + pad) out -= 1;
  if (out < 1) throw new Error(`window of ${span} (stride ${stride}, pad ${pad}) does not fit an input of ${size}`);
  return out;
}

const sizeOf = (dims: readonly number[]): number => dims.reduce((a, b) => a * b, 1);

function numericDim(tensor: TensorRef, axis: number): number {
  const dim = tensor.dims[axis];
  if (typeof dim !== 'number') throw new Error(`tensor '${tensor.name}' needs a fixed size on axis ${axis}, has ${String(dim)}`);
  return dim;
}

function spatial4d(tensor: TensorRef, op: string): readonly [Dim, number, number, number] {
  if (tensor.dims.length !== 4) throw new Error(`${op} needs a 4-D NCHW input; '${tensor.name}' is [${tensor.dims.join(', ')}]`);
  return [tensor.dims[0] as Dim, numericDim(tensor, 1), numericDim(tensor, 2), numericDim(tensor, 3)];
}

function valueInfo(name: string, dims: readonly Dim[]): ValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: TensorDataType.FLOAT,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

export class GraphBuilder {
  private readonly nodes: NodeProto[] = [];
  private readonly initializers: TensorProto[] = [];
  private readonly inputs: ValueInfoProto[] = [];
  private readonly outputs: ValueInfoProto[] = [];
  private readonly shapes = new Map<string, readonly Dim[]>();
  private readonly nodeNames = new Set<string>();
  private learnedParameters = 0;

  constructor(
    private readonly graphName: string,
    private readonly weightSource: WeightSource,
  ) {}

  /** Number of learned values (Conv and Gemm weights and biases) added so far. */
  get parameterCount(): number {
    return this.learnedParameters;
  }

  /** Nodes added so far; with opTypesFrom, tells what one step of a converter became. */
  get nodeCount(): number {
    return this.nodes.length;
  }

  opTypesFrom(start: number): string[] {
    return this.nodes.slice(start).map((n) => n.opType);
  }

  /** Whether a tensor (input, initializer or node output) of this name exists. */
  has(name: string): boolean {
    return this.shapes.has(name);
  }

  input(name: string, dims: readonly Dim[]): TensorRef {
    this.define(name, dims);
    this.inputs.push(valueInfo(name, dims));
    return { name, dims };
  }

  /** Declares a graph output; `dims`, when given, must equal the shape the builder derived. */
  output(tensor: TensorRef, dims?: readonly Dim[]): void {
    const known = this.shapes.get(tensor.name);
    if (!known) throw new Error(`output '${tensor.name}' is not produced by any node`);
    if (dims && dims.join(',') !== known.join(',')) {
      throw new Error(`output '${tensor.name}' was declared [${dims.join(', ')}] but the graph produces [${known.join(', ')}]`);
    }
    this.outputs.push(valueInfo(tensor.name, known));
  }

  initializer(name: string, dims: readonly number[], data: Float32Array): TensorRef {
    if (data.length !== sizeOf(dims)) {
      throw new Error(`initializer '${name}' has ${data.length} values; shape [${dims.join(', ')}] needs ${sizeOf(dims)}`);
    }
    this.define(name, dims);
    this.initializers.push({ name, dims: [...dims], dataType: TensorDataType.FLOAT, rawData: float32Bytes(data) });
    return { name, dims };
  }

  conv(o: ConvOptions): TensorRef {
    const [n, inChannels, height, width] = spatial4d(o.input, `Conv '${o.name}'`);
    const group = o.group ?? 1;
    const [kh, kw] = pair(o.kernel);
    const [sh, sw] = pair(o.stride ?? 1);
    const [ph, pw] = pair(o.pad ?? 0);
    const [dh, dw] = pair(o.dilation ?? 1);
    if (inChannels % group !== 0 || o.outChannels % group !== 0) {
      throw new Error(`Conv '${o.name}': group ${group} must divide ${inChannels} input and ${o.outChannels} output channels`);
    }
    const weightDims = [o.outChannels, inChannels / group, kh, kw];
    const inputs = [o.input.name, this.learned(o.name, 'Conv', weightDims, (inChannels / group) * kh * kw)];
    if (o.bias ?? true) inputs.push(this.learnedBias(o.name, 'Conv', o.outChannels));
    const outDims = [n, o.outChannels, windowOutputSize(height, kh, sh, ph, dh, false), windowOutputSize(width, kw, sw, pw, dw, false)];
    return this.node('Conv', o.name, inputs, o.output, outDims, [
      attr.ints('kernel_shape', [kh, kw]),
      attr.ints('strides', [sh, sw]),
      attr.ints('pads', [ph, pw, ph, pw]),
      attr.ints('dilations', [dh, dw]),
      attr.int('group', group),
    ]);
  }

  maxPool(o: PoolOptions): TensorRef {
    return this.pool('MaxPool', o, []);
  }

  avgPool(o: AvgPoolOptions): TensorRef {
    return this.pool('AveragePool', o, [attr.int('count_include_pad', o.countIncludePad ? 1 : 0)]);
  }

  /**
   * Caffe's across-channel LRN, y = x / (k + alpha/size * sum of x^2 over `size` channels)^beta,
   * written with ops that ONNX Runtime's WebGPU EP has (it has no LRN kernel, so an LRN node would
   * run on the CPU with two GPU<->CPU copies per layer). The channel-window sum is an AveragePool of
   * x^2 over a [N, 1, C, H*W] view with count_include_pad=1, which divides by `size` everywhere, so
   * alpha * average == alpha/size * sum exactly as Caffe and ONNX LRN define it.
   * The last node carries the layer's name; the others are `<name>/<step>`.
   */
  lrn(o: LrnOptions): TensorRef {
    const [, channels, height, width] = spatial4d(o.input, `LRN '${o.name}'`);
    if (o.size % 2 !== 1) throw new Error(`LRN '${o.name}': local_size ${o.size} must be odd`);
    const half = (o.size - 1) / 2;
    const batch = o.input.dims[0] as Dim;
    const square = this.node('Mul', `${o.name}/square`, [o.input.name, o.input.name], undefined, o.input.dims, []);
    const columns = this.int64Initializer(`${o.name}/columns_shape`, [0, 1, channels, -1]);
    const asColumns = this.node(
      'Reshape',
      `${o.name}/columns`,
      [square.name, columns],
      undefined,
      [batch, 1, channels, height * width],
      [],
    );
    const windowMean = this.node('AveragePool', `${o.name}/window`, [asColumns.name], undefined, asColumns.dims, [
      attr.ints('kernel_shape', [o.size, 1]),
      attr.ints('strides', [1, 1]),
      attr.ints('pads', [half, 0, half, 0]),
      attr.int('count_include_pad', 1),
    ]);
    const planes = this.int64Initializer(`${o.name}/planes_shape`, [0, channels, height, width]);
    const meanSquare = this.node('Reshape', `${o.name}/planes`, [windowMean.name, planes], undefined, o.input.dims, []);
    const scaled = this.node(
      'Mul',
      `${o.name}/alpha`,
      [meanSquare.name, this.initializer(`${o.name}/alpha_value`, [], new Float32Array([o.alpha])).name],
      undefined,
      o.input.dims,
      [],
    );
    const shifted = this.node(
      'Add',
      `${o.name}/k`,
      [scaled.name, this.initializer(`${o.name}/k_value`, [], new Float32Array([o.bias ?? 1])).name],
      undefined,
      o.input.dims,
      [],
    );
    const denominator = this.node(
      'Pow',
      `${o.name}/beta`,
      [shifted.name, this.initializer(`${o.name}/beta_value`, [], new Float32Array([o.beta])).name],
      undefined,
      o.input.dims,
      [],
    );
    return this.node('Div', o.name, [o.input.name, denominator.name], o.output, o.input.dims, []);
  }

  concat(name: string, inputs: readonly TensorRef[], axis = 1, output?: string): TensorRef {
    const first = inputs[0];
    if (!first) throw new Error(`Concat '${name}' needs at least one input`);
    const dims = [...first.dims];
    let total = 0;
    for (const t of inputs) {
      const rest = (d: readonly Dim[]) => d.filter((_, i) => i !== axis).join(',');
      if (t.dims.length !== dims.length || rest(t.dims) !== rest(first.dims)) {
        throw new Error(
          `Concat '${name}': '${t.name}' [${t.dims.join(', ')}] does not match '${first.name}' [${first.dims.join(', ')}] off axis ${axis}`,
        );
      }
      total += numericDim(t, axis);
    }
    dims[axis] = total;
    return this.node(
      'Concat',
      name,
      inputs.map((t) => t.name),
      output,
      dims,
      [attr.int('axis', axis)],
    );
  }

  flatten(name: string, input: TensorRef, axis = 1, output?: string): TensorRef {
    const head = input.dims.slice(0, axis);
    const tail = input.dims.slice(axis).map((_, i) => numericDim(input, axis + i));
    const lead: Dim = head.length === 1 ? (head[0] as Dim) : sizeOf(head.map((_, i) => numericDim(input, i)));
    return this.node('Flatten', name, [input.name], output, [lead, sizeOf(tail)], [attr.int('axis', axis)]);
  }

  /** Caffe InnerProduct as Gemm with weights stored [out, in] (transB), Caffe's own layout. */
  fc(o: FcOptions): TensorRef {
    if (o.input.dims.length !== 2) throw new Error(`Gemm '${o.name}' needs a 2-D input; '${o.input.name}' is [${o.input.dims.join(', ')}]`);
    const inFeatures = numericDim(o.input, 1);
    const inputs = [o.input.name, this.learned(o.name, 'Gemm', [o.outFeatures, inFeatures], inFeatures)];
    if (o.bias ?? true) inputs.push(this.learnedBias(o.name, 'Gemm', o.outFeatures));
    return this.node('Gemm', o.name, inputs, o.output, [o.input.dims[0] as Dim, o.outFeatures], [attr.int('transB', 1)]);
  }

  relu(o: UnaryOptions): TensorRef {
    return this.node('Relu', o.name, [o.input.name], o.output, o.input.dims, []);
  }

  /** Caffe ReLU with a negative_slope. */
  leakyRelu(o: LeakyReluOptions): TensorRef {
    return this.node('LeakyRelu', o.name, [o.input.name], o.output, o.input.dims, [attr.float('alpha', o.alpha)]);
  }

  tanh(o: UnaryOptions): TensorRef {
    return this.node('Tanh', o.name, [o.input.name], o.output, o.input.dims, []);
  }

  identity(o: UnaryOptions): TensorRef {
    return this.node('Identity', o.name, [o.input.name], o.output, o.input.dims, []);
  }

  /**
   * Caffe Eltwise as a chain of binary ops in input order, as Caffe accumulates: SUM is
   * ((c0*x0 + c1*x1) + c2*x2)..., skipping factors of 1; PROD chains Mul. MAX is
   * Where(Greater(b, a), b, a), not ONNX Max: ONNX Runtime's WebGPU EP has no Max kernel (it
   * would run on the CPU with copies both ways), and Where keeps Caffe's "first maximum wins".
   * Intermediate nodes are `<name>/<step>`; the last node carries the layer's name.
   */
  eltwise(o: EltwiseOptions): TensorRef {
    const [first, ...rest] = o.inputs;
    if (!first || rest.length === 0) throw new Error(`Eltwise '${o.name}' needs at least two inputs`);
    for (const t of rest) {
      if (t.dims.join(',') !== first.dims.join(',')) {
        throw new Error(
          `Eltwise '${o.name}': '${t.name}' [${t.dims.join(', ')}] does not match '${first.name}' [${first.dims.join(', ')}]`,
        );
      }
    }
    const coeffs = o.coeffs ?? [];
    if (coeffs.length > 0 && (o.operation !== 'SUM' || coeffs.length !== o.inputs.length)) {
      throw new Error(`Eltwise '${o.name}': coeffs need operation SUM and one per input (${o.inputs.length}), got ${coeffs.length}`);
    }
    const scaled = o.inputs.map((t, i) => {
      const c = coeffs[i] ?? 1;
      if (c === 1) return t;
      const factor = this.initializer(`${o.name}/coeff_${i}_value`, [], new Float32Array([c]));
      return this.node('Mul', `${o.name}/coeff_${i}`, [t.name, factor.name], undefined, t.dims, []);
    });
    let acc = scaled[0] as TensorRef;
    scaled.slice(1).forEach((t, i) => {
      const last = i === scaled.length - 2;
      const name = last ? o.name : `${o.name}/${o.operation.toLowerCase()}_${i + 1}`;
      const output = last ? o.output : undefined;
      if (o.operation === 'SUM') acc = this.node('Add', name, [acc.name, t.name], output, first.dims, []);
      else if (o.operation === 'PROD') acc = this.node('Mul', name, [acc.name, t.name], output, first.dims, []);
      else {
        const greater = this.node('Greater', `${name}/greater`, [t.name, acc.name], undefined, first.dims, []);
        acc = this.node('Where', name, [greater.name, t.name, acc.name], output, first.dims, []);
      }
    });
    return acc;
  }

  /**
   * y = x * scale + shift with per-channel (or per-`paramDims`) constants: Caffe's Scale layer,
   * and BatchNorm with its statistics folded into scale and shift. The constants get trailing
   * 1s so that they broadcast against the axes after the ones they cover.
   */
  scaleShift(o: ScaleShiftOptions): TensorRef {
    const covered = o.input.dims.slice(o.axis, o.axis + o.paramDims.length);
    if (covered.length !== o.paramDims.length || covered.some((d, i) => d !== o.paramDims[i])) {
      throw new Error(
        `Scale '${o.name}': parameters [${o.paramDims.join(', ')}] do not match axes ${o.axis}.. of '${o.input.name}' [${o.input.dims.join(', ')}]`,
      );
    }
    const broadcast = [...o.paramDims, ...Array<number>(o.input.dims.length - o.axis - o.paramDims.length).fill(1)];
    const steps = [
      ...(o.scale ? [{ op: 'Mul', data: o.scale, suffix: 'scale' }] : []),
      ...(o.shift ? [{ op: 'Add', data: o.shift, suffix: 'shift' }] : []),
    ];
    if (steps.length === 0) return this.identity(o);
    let current = o.input;
    steps.forEach((step, i) => {
      const last = i === steps.length - 1;
      const constant = this.initializer(`${o.name}_${step.suffix}`, broadcast, step.data);
      const nodeName = last ? o.name : `${o.name}/${step.suffix}`;
      current = this.node(step.op, nodeName, [current.name, constant.name], last ? o.output : undefined, o.input.dims, []);
    });
    return current;
  }

  sigmoid(o: UnaryOptions): TensorRef {
    return this.node('Sigmoid', o.name, [o.input.name], o.output, o.input.dims, []);
  }

  softmax(o: UnaryOptions & { axis?: number }): TensorRef {
    return this.node('Softmax', o.name, [o.input.name], o.output, o.input.dims, [attr.int('axis', o.axis ?? 1)]);
  }

  /** Caffe Power as the fewest ONNX nodes: Mul, Add, Pow, skipping identities. */
  power(o: PowerOptions): TensorRef {
    const steps: Array<{ op: 'Mul' | 'Add' | 'Pow'; value: number; suffix: string }> = [];
    if ((o.scale ?? 1) !== 1) steps.push({ op: 'Mul', value: o.scale ?? 1, suffix: 'scale' });
    if ((o.shift ?? 0) !== 0) steps.push({ op: 'Add', value: o.shift ?? 0, suffix: 'shift' });
    if ((o.power ?? 1) !== 1) steps.push({ op: 'Pow', value: o.power ?? 1, suffix: 'power' });
    if (steps.length === 0) return this.node('Identity', o.name, [o.input.name], o.output, o.input.dims, []);
    let current = o.input;
    steps.forEach((step, i) => {
      const last = i === steps.length - 1;
      const constant = this.initializer(`${o.name}_${step.suffix}`, [], new Float32Array([step.value]));
      const nodeName = steps.length === 1 ? o.name : `${o.name}/${step.suffix}`;
      current = this.node(step.op, nodeName, [current.name, constant.name], last ? o.output : undefined, o.input.dims, []);
    });
    return current;
  }

  build(info: ModelInfo): ModelProto {
    if (this.outputs.length === 0) throw new Error(`graph '${this.graphName}' has no outputs`);
    return {
      irVersion: IR_VERSION,
      opsetImport: [{ domain: '', version: OPSET_VERSION }],
      producerName: 'cnn-deploy-lab',
      producerVersion: info.producerVersion,
      docString: info.docString ?? '',
      graph: {
        name: this.graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
      metadataProps: Object.entries(info.metadata ?? {}).map(([key, value]) => ({ key, value })),
    };
  }

  private pool(op: 'MaxPool' | 'AveragePool', o: PoolOptions, extra: AttributeProto[]): TensorRef {
    const [n, channels, height, width] = spatial4d(o.input, `${op} '${o.name}'`);
    const [kh, kw] = pair(o.kernel);
    const [sh, sw] = pair(o.stride ?? 1);
    const [ph, pw] = pair(o.pad ?? 0);
    const outDims = [n, channels, windowOutputSize(height, kh, sh, ph, 1, o.ceil), windowOutputSize(width, kw, sw, pw, 1, o.ceil)];
    return this.node(op, o.name, [o.input.name], o.output, outDims, [
      attr.ints('kernel_shape', [kh, kw]),
      attr.ints('strides', [sh, sw]),
      attr.ints('pads', [ph, pw, ph, pw]),
      attr.int('ceil_mode', o.ceil ? 1 : 0),
      ...extra,
    ]);
  }

  private learned(layer: string, op: 'Conv' | 'Gemm', dims: number[], fanIn: number): string {
    const data = this.weightSource.weights({ layer, op, dims, fanIn });
    this.learnedParameters += data.length;
    return this.initializer(`${layer}_w`, dims, data).name;
  }

  private learnedBias(layer: string, op: 'Conv' | 'Gemm', size: number): string {
    const data = this.weightSource.bias({ layer, op, size });
    this.learnedParameters += data.length;
    return this.initializer(`${layer}_b`, [size], data).name;
  }

  private int64Initializer(name: string, values: readonly number[]): string {
    this.define(name, [values.length]);
    const data = new BigInt64Array(values.map((v) => BigInt(v)));
    this.initializers.push({ name, dims: [values.length], dataType: TensorDataType.INT64, rawData: new Uint8Array(data.buffer) });
    return name;
  }

  private node(
    opType: string,
    name: string,
    inputs: string[],
    output: string | undefined,
    dims: readonly Dim[],
    attribute: AttributeProto[],
  ): TensorRef {
    for (const input of inputs) {
      if (!this.shapes.has(input)) throw new Error(`node '${name}' reads '${input}', which nothing defines yet`);
    }
    if (this.nodeNames.has(name)) throw new Error(`node name '${name}' is used twice`);
    this.nodeNames.add(name);
    const outName = output ?? name;
    this.define(outName, dims);
    this.nodes.push({ name, opType, input: inputs, output: [outName], attribute });
    return { name: outName, dims };
  }

  private define(name: string, dims: readonly Dim[]): void {
    // ONNX graphs are single-assignment; Caffe's in-place layers must get fresh names.
    if (this.shapes.has(name)) throw new Error(`tensor '${name}' is defined twice`);
    this.shapes.set(name, dims);
  }
}
