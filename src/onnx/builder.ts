// A small ONNX graph builder (opset 13) for Caffe-style CNNs. It tracks every tensor's shape
// so that architectures can be checked while they are built (a wrong stride fails here, not
// at session creation in the browser), and it asks a WeightSource for learned tensors so
// that the same code serves synthetic weights and, later, weights read from a .caffemodel.
import { elementCount } from '../domain/tensor';
import { numericDim, pair, spatial4d } from './graphTypes';
import type {
  AvgPoolOptions,
  ConvOptions,
  Dim,
  EltwiseOptions,
  FcOptions,
  GraphOps,
  LeakyReluOptions,
  LrnOptions,
  ModelInfo,
  PadOptions,
  PoolOptions,
  PowerOptions,
  ScaleShiftOptions,
  TensorRef,
  UnaryOptions,
  WeightSource,
} from './graphTypes';
import * as lowered from './lowerings';
import { attribute as attr, floatValueInfo, TensorDataType } from './schema';
import type { AttributeProto, ModelProto, NodeProto, TensorProto, ValueInfoProto } from './schema';
import { convOutputSize, onnxPoolOutputSize } from './shapes';
import { float32Bytes } from './float32Bytes';

export type * from './graphTypes';

export const OPSET_VERSION = 13;
// IR 8 is what opset 13-17 exporters write; onnxruntime-web 1.30 reads up to IR 11.
export const IR_VERSION = 8;

export class GraphBuilder implements GraphOps {
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
    this.inputs.push(floatValueInfo(name, dims));
    return { name, dims };
  }

  /** Declares a graph output; `dims`, when given, must equal the shape the builder derived. */
  output(tensor: TensorRef, dims?: readonly Dim[]): void {
    const known = this.shapes.get(tensor.name);
    if (!known) throw new Error(`output '${tensor.name}' is not produced by any node`);
    if (dims && dims.join(',') !== known.join(',')) {
      throw new Error(`output '${tensor.name}' was declared [${dims.join(', ')}] but the graph produces [${known.join(', ')}]`);
    }
    this.outputs.push(floatValueInfo(tensor.name, known));
  }

  initializer(name: string, dims: readonly number[], data: Float32Array): TensorRef {
    if (data.length !== elementCount(dims)) {
      throw new Error(`initializer '${name}' has ${data.length} values; shape [${dims.join(', ')}] needs ${elementCount(dims)}`);
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
    const outDims = [
      n,
      o.outChannels,
      convOutputSize({ size: height, kernel: kh, stride: sh, padBegin: ph, padEnd: ph, dilation: dh }),
      convOutputSize({ size: width, kernel: kw, stride: sw, padBegin: pw, padEnd: pw, dilation: dw }),
    ];
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

  /** Caffe's across-channel LRN in ops the WebGPU EP has (lowerings.ts). */
  lrn(o: LrnOptions): TensorRef {
    return lowered.lrn(this, o);
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
    const names = inputs.map((t) => t.name);
    return this.node('Concat', name, names, output, dims, [attr.int('axis', axis)]);
  }

  flatten(name: string, input: TensorRef, axis = 1, output?: string): TensorRef {
    const head = input.dims.slice(0, axis);
    const tail = input.dims.slice(axis).map((_, i) => numericDim(input, axis + i));
    const lead: Dim = head.length === 1 ? (head[0] as Dim) : elementCount(head.map((_, i) => numericDim(input, i)));
    return this.node('Flatten', name, [input.name], output, [lead, elementCount(tail)], [attr.int('axis', axis)]);
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

  /** Caffe Eltwise (SUM with coeffs, PROD, MAX) as a chain of binary ops (lowerings.ts). */
  eltwise(o: EltwiseOptions): TensorRef {
    return lowered.eltwise(this, o);
  }

  /** y = x * scale + shift with constants over some axes: Caffe Scale and folded BatchNorm (lowerings.ts). */
  scaleShift(o: ScaleShiftOptions): TensorRef {
    return lowered.scaleShift(this, o);
  }

  sigmoid(o: UnaryOptions): TensorRef {
    return this.node('Sigmoid', o.name, [o.input.name], o.output, o.input.dims, []);
  }

  softmax(o: UnaryOptions & { axis?: number }): TensorRef {
    return this.node('Softmax', o.name, [o.input.name], o.output, o.input.dims, [attr.int('axis', o.axis ?? 1)]);
  }

  /** Caffe Power, y = (shift + scale * x) ^ power, in the fewest nodes (lowerings.ts). */
  power(o: PowerOptions): TensorRef {
    return lowered.power(this, o);
  }

  /** Constant padding after the end of each axis (lowerings.ts). */
  pad(o: PadOptions): TensorRef {
    return lowered.pad(this, o);
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
    // The size ONNX Runtime gives; a Caffe importer must check it against Caffe's (shapes.ts).
    const outDims = [
      n,
      channels,
      onnxPoolOutputSize({ size: height, kernel: kh, stride: sh, padBegin: ph, padEnd: ph }, o.ceil),
      onnxPoolOutputSize({ size: width, kernel: kw, stride: sw, padBegin: pw, padEnd: pw }, o.ceil),
    ];
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

  int64Initializer(name: string, values: readonly number[]): string {
    this.define(name, [values.length]);
    const data = new BigInt64Array(values.map((v) => BigInt(v)));
    this.initializers.push({ name, dims: [values.length], dataType: TensorDataType.INT64, rawData: new Uint8Array(data.buffer) });
    return name;
  }

  /** Adds a node whose single output has `dims` (the caller's shape rule); inputs must exist already. */
  node(
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
