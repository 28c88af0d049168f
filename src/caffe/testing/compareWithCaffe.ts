// Test support: checks a (decoded) ONNX model against the Caffe layers it claims to
// implement, layer by layer: same node names, same wiring, same hyper-parameters, same
// learned-blob shapes. Returns human-readable mismatches instead of throwing, so a test
// shows every difference at once.
import { elementCount } from '../../domain/tensor';
import { inferBlobShapes, parameterCount } from './blobShapes';
import type { LayerShapes } from './blobShapes';
import { convolutionSpec, innerProductSpec, lrnSpec, poolingSpec, powerSpec } from '../layerParams';
import type { CaffeLayer, InputBlob } from '../netSpec';
import type { AttributeProto, ModelProto, NodeProto, TensorProto } from '../../onnx/schema';

export interface CaffeComparison {
  readonly problems: string[];
  /** How many layers of each Caffe type were checked. */
  readonly checked: Readonly<Record<string, number>>;
  /** Sum of the learned blob sizes Caffe would allocate. */
  readonly caffeParameters: number;
  /** Sum of the sizes of the Conv/Gemm weight and bias initializers. */
  readonly onnxParameters: number;
  readonly shapes: readonly LayerShapes[];
}

const OP_FOR_TYPE: Readonly<Record<string, readonly string[]>> = {
  Convolution: ['Conv'],
  Pooling: ['MaxPool', 'AveragePool'],
  // LRN is lowered to WebGPU-friendly ops (builder.lrn); the last one, a Div, carries the layer's name.
  LRN: ['Div'],
  ReLU: ['Relu'],
  Sigmoid: ['Sigmoid'],
  Softmax: ['Softmax'],
  Concat: ['Concat'],
  InnerProduct: ['Gemm'],
  Power: ['Add', 'Mul', 'Pow', 'Identity'],
};

function attribute(node: NodeProto, name: string): AttributeProto | undefined {
  return node.attribute?.find((a) => a.name === name);
}

const ints = (node: NodeProto, name: string): number[] | undefined => attribute(node, name)?.ints;
const int = (node: NodeProto, name: string): number | undefined => attribute(node, name)?.i;
const same = (a: readonly unknown[] | undefined, b: readonly unknown[]): boolean => a !== undefined && a.join(',') === b.join(',');
const closeTo = (a: number | undefined, b: number): boolean => a !== undefined && Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));

function scalarValue(tensor: TensorProto | undefined): number | undefined {
  const raw = tensor?.rawData;
  if (!raw || raw.byteLength !== 4) return tensor?.floatData?.[0];
  return new DataView(raw.buffer, raw.byteOffset, 4).getFloat32(0, true);
}

export function compareWithCaffe(model: ModelProto, layers: readonly CaffeLayer[], inputs: readonly InputBlob[]): CaffeComparison {
  const problems: string[] = [];
  const checked: Record<string, number> = {};
  const graph = model.graph;
  const nodes = new Map((graph.node ?? []).map((n) => [n.name ?? '', n]));
  const initializers = new Map((graph.initializer ?? []).map((t) => [t.name ?? '', t]));
  const producer = new Map((graph.node ?? []).flatMap((n) => n.output.map((o) => [o, n] as const)));
  const blobToTensor = new Map<string, string>();
  const matched = new Set<NodeProto>();
  const shapes = inferBlobShapes(layers, inputs);
  const shapesByLayer = new Map(shapes.map((s) => [s.layer.name, s]));

  for (const input of inputs) {
    if (!graph.input?.some((i) => i.name === input.name)) problems.push(`Caffe input '${input.name}' is not an ONNX graph input`);
    blobToTensor.set(input.name, input.name);
  }

  // The builder may put a Flatten in front of Gemm (Caffe's InnerProduct flattens implicitly).
  const throughFlatten = (tensor: string): string => {
    const p = producer.get(tensor);
    if (p?.opType !== 'Flatten') return tensor;
    matched.add(p);
    return throughFlatten(p.input[0] ?? '');
  };

  for (const layer of layers) {
    const where = `layer '${layer.name}' (${layer.type})`;
    if (layer.type === 'Input') continue;
    if (layer.type === 'Dropout') {
      // Identity at inference: no node, its top is its bottom.
      if (nodes.has(layer.name)) problems.push(`${where} should be left out at inference, found a node`);
      blobToTensor.set(layer.tops[0] ?? '', blobToTensor.get(layer.bottoms[0] ?? '') ?? '');
      continue;
    }
    const node = nodes.get(layer.name);
    const ops = OP_FOR_TYPE[layer.type];
    if (!ops) {
      problems.push(`${where}: the comparison does not know this type`);
      continue;
    }
    if (!node) {
      problems.push(`${where}: no ONNX node named '${layer.name}'`);
      continue;
    }
    matched.add(node);
    checked[layer.type] = (checked[layer.type] ?? 0) + 1;
    if (!ops.includes(node.opType)) problems.push(`${where}: ONNX op is ${node.opType}, expected ${ops.join(' or ')}`);

    // An LRN's Div also reads its own denominator; only its first input is the Caffe bottom.
    const dataInputs = (layer.type === 'LRN' ? node.input.slice(0, 1) : node.input.filter((name) => !initializers.has(name))).map(
      throughFlatten,
    );
    const expectedInputs = layer.bottoms.map((b) => blobToTensor.get(b) ?? `(unknown blob ${b})`);
    if (!same(dataInputs, expectedInputs))
      problems.push(`${where}: reads [${dataInputs.join(', ')}], Caffe bottoms map to [${expectedInputs.join(', ')}]`);
    layer.tops.forEach((top, i) => blobToTensor.set(top, node.output[i] ?? ''));

    const params = shapesByLayer.get(layer.name)?.params ?? [];
    const learned = node.input.slice(1).map((name) => initializers.get(name)?.dims ?? []);
    if (
      (layer.type === 'Convolution' || layer.type === 'InnerProduct') &&
      !same(
        learned.map((d) => d.join('x')),
        params.map((d) => d.join('x')),
      )
    ) {
      problems.push(
        `${where}: learned tensors [${learned.map((d) => d.join('x')).join(', ')}], Caffe blobs [${params.map((d) => d.join('x')).join(', ')}]`,
      );
    }

    switch (layer.type) {
      case 'Convolution': {
        const s = convolutionSpec(layer);
        if (!same(ints(node, 'kernel_shape'), s.kernel))
          problems.push(`${where}: kernel_shape ${ints(node, 'kernel_shape')} != ${s.kernel}`);
        if (!same(ints(node, 'strides') ?? [1, 1], s.stride)) problems.push(`${where}: strides ${ints(node, 'strides')} != ${s.stride}`);
        if (!same(ints(node, 'pads') ?? [0, 0, 0, 0], [...s.pad, ...s.pad]))
          problems.push(`${where}: pads ${ints(node, 'pads')} != ${s.pad} on both sides`);
        if (!same(ints(node, 'dilations') ?? [1, 1], s.dilation))
          problems.push(`${where}: dilations ${ints(node, 'dilations')} != ${s.dilation}`);
        if ((int(node, 'group') ?? 1) !== s.group) problems.push(`${where}: group ${int(node, 'group')} != ${s.group}`);
        if (initializers.get(node.input[1] ?? '')?.dims?.[0] !== s.numOutput)
          problems.push(`${where}: output channels differ from num_output ${s.numOutput}`);
        break;
      }
      case 'Pooling': {
        const s = poolingSpec(layer);
        const op = s.method === 'MAX' ? 'MaxPool' : s.method === 'AVE' ? 'AveragePool' : 'none (STOCHASTIC)';
        if (node.opType !== op) problems.push(`${where}: ${node.opType} for Caffe pool ${s.method}`);
        if (!s.kernel || !same(ints(node, 'kernel_shape'), s.kernel))
          problems.push(`${where}: kernel_shape ${ints(node, 'kernel_shape')} != ${s.kernel}`);
        if (!same(ints(node, 'strides') ?? [1, 1], s.stride)) problems.push(`${where}: strides ${ints(node, 'strides')} != ${s.stride}`);
        if (!same(ints(node, 'pads') ?? [0, 0, 0, 0], [...s.pad, ...s.pad]))
          problems.push(`${where}: pads ${ints(node, 'pads')} != ${s.pad} on both sides`);
        if ((int(node, 'ceil_mode') ?? 0) !== (s.roundMode === 'CEIL' ? 1 : 0))
          problems.push(`${where}: ceil_mode ${int(node, 'ceil_mode')} for Caffe round_mode ${s.roundMode}`);
        if (s.method === 'AVE' && int(node, 'count_include_pad') !== 1)
          problems.push(`${where}: Caffe AVE pooling counts padding; count_include_pad must be 1`);
        break;
      }
      case 'LRN': {
        const s = lrnSpec(layer);
        const step = (name: string): NodeProto | undefined => {
          const sub = nodes.get(`${layer.name}/${name}`);
          if (sub) matched.add(sub);
          else problems.push(`${where}: lowered LRN has no node '${layer.name}/${name}'`);
          return sub;
        };
        const [square, , window, , alpha, k, beta] = ['square', 'columns', 'window', 'planes', 'alpha', 'k', 'beta'].map(step);
        const constantOf = (n: NodeProto | undefined) => scalarValue(initializers.get(n?.input[1] ?? ''));
        if (s.normRegion !== 'ACROSS_CHANNELS') problems.push(`${where}: only ACROSS_CHANNELS LRN is lowered`);
        if (square && !same(square.input, [node.input[0], node.input[0]])) problems.push(`${where}: square does not read the LRN input`);
        if (window && !same(ints(window, 'kernel_shape'), [s.localSize, 1]))
          problems.push(`${where}: channel window ${ints(window, 'kernel_shape')} != local_size ${s.localSize}`);
        const half = (s.localSize - 1) / 2;
        if (window && (!same(ints(window, 'pads'), [half, 0, half, 0]) || int(window, 'count_include_pad') !== 1))
          problems.push(`${where}: channel window must pad ${half} and count padding`);
        if (!closeTo(constantOf(alpha), s.alpha)) problems.push(`${where}: alpha ${constantOf(alpha)} != ${s.alpha}`);
        if (!closeTo(constantOf(k), s.k)) problems.push(`${where}: k ${constantOf(k)} != ${s.k}`);
        if (!closeTo(constantOf(beta), s.beta)) problems.push(`${where}: beta ${constantOf(beta)} != ${s.beta}`);
        if (beta && node.input[1] !== beta.output[0])
          problems.push(`${where}: the Div does not divide by the (k + alpha * mean)^beta term`);
        break;
      }
      case 'InnerProduct': {
        const s = innerProductSpec(layer);
        if (initializers.get(node.input[1] ?? '')?.dims?.[0] !== s.numOutput)
          problems.push(`${where}: Gemm output size differs from num_output ${s.numOutput}`);
        if (int(node, 'transB') !== 1) problems.push(`${where}: Gemm must use transB=1 for Caffe's [out, in] weights`);
        break;
      }
      case 'Power': {
        const s = powerSpec(layer);
        const constant = scalarValue(initializers.get(node.input[1] ?? ''));
        const matches =
          s.scale === 1 && s.power === 1 && (s.shift === 0 ? node.opType === 'Identity' : node.opType === 'Add' && constant === s.shift);
        if (!matches)
          problems.push(`${where}: ${node.opType} ${constant} does not implement power ${s.power}, scale ${s.scale}, shift ${s.shift}`);
        break;
      }
      case 'Concat': {
        const axis = layer.spec.message('concat_param')?.number('axis') ?? 1;
        if (int(node, 'axis') !== axis) problems.push(`${where}: axis ${int(node, 'axis')} != ${axis}`);
        break;
      }
      case 'Softmax': {
        const axis = layer.spec.message('softmax_param')?.number('axis') ?? 1;
        if (int(node, 'axis') !== axis) problems.push(`${where}: axis ${int(node, 'axis')} != ${axis}`);
        break;
      }
      default:
        break;
    }
  }

  for (const node of graph.node ?? []) {
    if (!matched.has(node)) problems.push(`ONNX node '${node.name}' (${node.opType}) has no Caffe layer`);
  }

  const learnedNames = new Set(
    (graph.node ?? []).filter((n) => n.opType === 'Conv' || n.opType === 'Gemm').flatMap((n) => n.input.slice(1)),
  );
  const onnxParameters = [...learnedNames].reduce((sum, name) => sum + elementCount(initializers.get(name)?.dims ?? []), 0);
  return { problems, checked, caffeParameters: parameterCount(shapes), onnxParameters, shapes };
}
