// convertCaffeToOnnx without running the models (convert.ort.test.ts runs them): the summary,
// the graph's names and wiring, the options, and every error a user can meet. The real
// GoogLeNet and DetectNet prototxts are in convert.fixtures.test.ts.
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeModel } from '../onnx/schema';
import type { ModelProto } from '../onnx/schema';
import { convertCaffeToOnnx } from './convert';
import type { CaffeConversion, ConvertCaffeOptions } from './convert';
import { MINI_NET, miniCaffeModel, miniOtherParams, miniWeights } from './testing/miniNet';
import { layersForPrototxt, writeCaffeModel } from './testing/writeCaffeModel';
import type { LayerToWrite } from './testing/writeCaffeModel';

const mini = (overrides: Partial<ConvertCaffeOptions> = {}): CaffeConversion =>
  convertCaffeToOnnx({
    prototxt: MINI_NET,
    caffemodel: miniCaffeModel(5),
    name: 'mini',
    caffemodelName: 'snapshot_iter_5.caffemodel',
    ...overrides,
  });

/** MINI_NET with `text` added after the layer named `after`. */
const miniWith = (after: string, text: string): string =>
  MINI_NET.replace(new RegExp(`(layer \\{ name: "${after}"[^\\n]*\\n(?:  [^\\n]*\\n)*)`), `$1${text}\n`);

const lineOf = (text: string, needle: string): number => text.slice(0, text.indexOf(needle)).split('\n').length;

const nodesOf = (result: CaffeConversion): ModelProto['graph']['node'] => decodeModel(result.model).graph.node ?? [];

describe('convertCaffeToOnnx on a net with every supported layer type', () => {
  let result: CaffeConversion;
  beforeAll(() => {
    result = mini();
  });

  it('summarises input, outputs, parameters and what each Caffe layer became', () => {
    const { summary } = result;
    expect(summary.inputs).toEqual([{ name: 'data', dims: ['N', 4, 10, 11] }]);
    expect(summary.outputs).toEqual([
      { name: 'sig', dims: ['N', 6, 1, 1] },
      { name: 'prob', dims: ['N', 5] },
      { name: 'flat', dims: ['N', 180] },
    ]);
    const written = layersForPrototxt(MINI_NET, miniWeights(5), { otherParams: miniOtherParams(5) });
    expect(summary.parameterCount).toBe(written.reduce((s, l) => s + l.blobs.reduce((t, b) => t + b.data.length, 0), 0));
    // conv1 + bn1 (mean, variance, factor) + scale1 (scale, bias) + conv2 (no bias) + fc + fc_scale.
    expect(summary.parameterCount).toBe(6 * 2 * 9 + 6 + (6 + 6 + 1) + 2 * 6 + 6 * 6 * 3 + 432 * 5 + 5 + 5);
    expect(Object.fromEntries(summary.layers.map((l) => [l.name, l.onnx.join('+')]))).toEqual({
      conv1: 'Conv',
      bn1: 'Mul+Add',
      scale1: 'Mul+Add',
      relu1: 'LeakyRelu',
      conv2: 'Conv',
      sum: 'Mul+Mul+Add',
      prod: 'Mul',
      max: 'Greater+Where+Greater+Where',
      tanh: 'Tanh',
      pool_ave: 'AveragePool',
      pool_max: 'MaxPool',
      norm: 'Mul+Reshape+AveragePool+Reshape+Mul+Add+Pow+Div',
      global: 'AveragePool',
      sig: 'Sigmoid',
      square: 'Mul+Add+Pow',
      cat: 'Concat',
      drop: '',
      fc: 'Flatten+Gemm',
      fc_scale: 'Mul',
      prob: 'Softmax',
      flatten: 'Flatten',
      flat_relu: 'Relu',
    });
    expect(summary.layers.find((l) => l.name === 'drop')).toEqual({
      name: 'drop',
      type: 'Dropout',
      onnx: [],
      note: 'identity at inference: removed',
    });
    expect(summary.detection).toBeUndefined();
    expect(summary.unusedCaffemodelLayers).toEqual([]);
    expect(summary.caffemodelFormat).toBe('layer');
  });

  it('names tensors SSA-style: in-place writes after their layer, outputs after their Caffe blob', () => {
    const byName = new Map(nodesOf(result)?.map((n) => [n.name, n]));
    const io = (name: string) => [
      byName.get(name)?.input.filter((i) => !i.endsWith('_w') && !i.endsWith('_b') && !i.includes('_scale') && !i.includes('_shift')),
      byName.get(name)?.output,
    ];
    expect(io('conv1')).toEqual([['data'], ['conv1']]);
    expect(io('bn1')).toEqual([['bn1/scale'], ['bn1']]);
    expect(io('relu1')).toEqual([['scale1'], ['relu1']]);
    expect(io('conv2')).toEqual([['relu1'], ['conv2']]);
    // `cat` passes through the Dropout untouched.
    expect(byName.get('fc/flatten')?.input).toEqual(['cat']);
    // `flat` is an output written in place: the in-place ReLU's tensor carries the blob's name.
    expect(io('flatten')).toEqual([['pool_max'], ['flatten']]);
    expect(io('flat_relu')).toEqual([['flatten'], ['flat']]);
    // Eltwise SUM with coeffs 0.5 and -1: two Muls, then an Add named after the layer.
    expect(['sum/coeff_0', 'sum/coeff_1', 'sum'].map((n) => byName.get(n)?.opType)).toEqual(['Mul', 'Mul', 'Add']);
  });

  it('can subtract a per-channel mean in the graph, before the first layer', () => {
    const result = mini({ mean: [1, 2, 3, 4] });
    expect(result.summary.meanSubtracted).toEqual({ input: 'data', kind: 'per-channel', node: 'data/mean_subtraction' });
    const graph = decodeModel(result.model).graph;
    expect(graph.node?.[0]).toMatchObject({ name: 'data/mean_subtraction', opType: 'Add', input: ['data', 'data/mean_subtraction_shift'] });
    expect(graph.node?.find((n) => n.name === 'conv1')?.input[0]).toBe('data/mean_subtraction');
    expect(graph.initializer?.find((t) => t.name === 'data/mean_subtraction_shift')?.dims).toEqual([4, 1, 1]);
    expect(() => mini({ mean: [104, 117, 123] })).toThrow("the mean has 3 channel(s) but input 'data' has 4");
  });

  it('reports progress once per converted layer', () => {
    const calls: Array<[number, number]> = [];
    mini({ onProgress: (done, total) => calls.push([done, total]) });
    expect(calls).toHaveLength(22);
    expect(calls[0]).toEqual([1, 22]);
    expect(calls.at(-1)).toEqual([22, 22]);
  });

  it('takes a fixed batch size instead of the dynamic N', () => {
    expect(mini({ batch: 2 }).summary.inputs).toEqual([{ name: 'data', dims: [2, 4, 10, 11] }]);
  });

  it('scales by 1 - dropout_ratio for a Dropout that does not scale at training time', () => {
    const text = MINI_NET.replace('dropout_param { dropout_ratio: 0.5 }', 'dropout_param { dropout_ratio: 0.25 scale_train: false }');
    const result = mini({ prototxt: text });
    expect(result.summary.layers.find((l) => l.name === 'drop')?.onnx).toEqual(['Mul']);
  });

  it('adds no node for Split: its tops read the bottom tensor', () => {
    const text = miniWith(
      'sig',
      'layer { name: "split" type: "Split" bottom: "global" top: "g1" top: "g2" }\nlayer { name: "both" type: "Eltwise" bottom: "g1" bottom: "g2" top: "both" }',
    );
    const result = mini({ prototxt: text });
    expect(result.summary.layers.find((l) => l.name === 'split')).toMatchObject({
      onnx: [],
      note: 'no node: ONNX tensors can feed several nodes',
    });
    expect(nodesOf(result)?.find((n) => n.name === 'both')?.input).toEqual(['global', 'global']);
    expect(result.summary.outputs.map((o) => o.name)).toEqual(['sig', 'both', 'prob', 'flat']);
  });
});

describe('convertCaffeToOnnx errors: each names the cause', () => {
  const convert = (overrides: Partial<ConvertCaffeOptions>) => () => mini(overrides);

  it('a prototxt syntax error, with line and column', () => {
    const text = MINI_NET.replace('top: "sum"', 'top "sum"');
    const line = lineOf(text, 'top "sum"');
    const column = (text.split('\n')[line - 1] ?? '').indexOf('top "sum"') + 'top '.length + 1;
    expect(convert({ prototxt: text })).toThrow(
      `deploy.prototxt line ${line}, column ${column}: expected ':' or '{' after 'top' but found "sum"`,
    );
  });

  it('an unsupported layer type: names the layer, its type and what is supported', () => {
    const text = miniWith('prob', 'layer { name: "crop" type: "Crop" bottom: "prob" top: "crop" }');
    expect(convert({ prototxt: text })).toThrow(
      `deploy.prototxt line ${lineOf(text, 'layer { name: "crop"')}, column 1: layer 'crop' (Crop): this layer type is not supported. Supported layer types: Input, Convolution, Pooling, ReLU, LRN, Concat, InnerProduct, Dropout, Softmax, Sigmoid, TanH, Power, Eltwise, BatchNorm, Scale, Flatten, Split, Python (DetectNet ClusterDetections only)`,
    );
  });

  it('a training layer: points at the deploy prototxt', () => {
    const text = miniWith('prob', 'layer { name: "loss" type: "SoftmaxWithLoss" bottom: "fc" bottom: "label" top: "loss" }');
    expect(convert({ prototxt: text })).toThrow(
      /layer 'loss' \(SoftmaxWithLoss\): this layer type is not supported \(it is a training\/validation layer: import the job's deploy\.prototxt\)\. Supported layer types: /,
    );
  });

  it("a Python layer other than DetectNet's clustering", () => {
    const text = miniWith(
      'prob',
      'layer { name: "py" type: "Python" bottom: "prob" top: "py" python_param { module: \'mymod\' layer: \'MyLayer\' } }',
    );
    expect(convert({ prototxt: text })).toThrow(
      /layer 'py' \(Python\): this layer type \(Python mymod\.MyLayer\) is not supported\. Supported layer types: /,
    );
  });

  it('a caffemodel from another network: names the first layer without weights and what the file has', () => {
    const other: LayerToWrite[] = [
      { name: 'ip1', type: 'InnerProduct', blobs: [{ shape: [10, 784], data: new Float32Array(7840) }] },
      { name: 'ip2', type: 'InnerProduct', blobs: [{ shape: [10, 10], data: new Float32Array(100) }] },
    ];
    expect(convert({ caffemodel: writeCaffeModel(other) })).toThrow(
      "snapshot_iter_5.caffemodel has no weights for layer 'conv1' (Convolution), which the prototxt needs (weights [6, 2, 3, 3] and bias [6]); its learned layers are 'ip1', 'ip2'. Is the caffemodel from another network?",
    );
  });

  it('a blob of another shape: names the layer and both shapes', () => {
    const layers = layersForPrototxt(MINI_NET, miniWeights(5), { otherParams: miniOtherParams(5) }).map((l) =>
      l.name === 'conv2' ? { ...l, blobs: [{ shape: [6, 6, 5, 1], data: new Float32Array(180) }] } : l,
    );
    expect(convert({ caffemodel: writeCaffeModel(layers) })).toThrow(
      "layer 'conv2' (Convolution): blob 0 (weights) is [6, 6, 5, 1] in snapshot_iter_5.caffemodel, but the prototxt implies [6, 6, 3, 1]. Is the caffemodel from another network, or was num_output changed?",
    );
  });

  it('a missing bias blob (bias_term differs)', () => {
    const layers = layersForPrototxt(MINI_NET, miniWeights(5), { otherParams: miniOtherParams(5) }).map((l) =>
      l.name === 'conv1' ? { ...l, blobs: l.blobs.slice(0, 1) } : l,
    );
    expect(convert({ caffemodel: writeCaffeModel(layers) })).toThrow(
      "layer 'conv1' (Convolution): snapshot_iter_5.caffemodel has 1 blob(s) (weights [6, 2, 3, 3]) but the prototxt implies 2 (weights [6, 2, 3, 3] and bias [6]). Check bias_term and that the caffemodel belongs to this prototxt.",
    );
  });

  it("an input size that changes the InnerProduct's input: the weights no longer fit", () => {
    expect(convert({ inputSize: { height: 12, width: 12 } })).toThrow(
      "layer 'fc' (InnerProduct): blob 0 (weights) is [432, 5] in snapshot_iter_5.caffemodel, but the prototxt implies [588, 5].",
    );
  });

  it('a truncated caffemodel and random bytes', () => {
    const bytes = miniCaffeModel(5);
    expect(convert({ caffemodel: bytes.subarray(0, bytes.length - 100) })).toThrow(
      /^not a Caffe model: snapshot_iter_5\.caffemodel is truncated: /,
    );
    expect(convert({ caffemodel: new Uint8Array(1000).fill(0xff) })).toThrow(
      /^not a Caffe model: snapshot_iter_5\.caffemodel does not decode as a Caffe NetParameter/,
    );
  });

  it('BatchNorm that would use batch statistics at inference', () => {
    const text = MINI_NET.replace('batch_norm_param { eps: 0.001 }', 'batch_norm_param { eps: 0.001 use_global_stats: false }');
    expect(convert({ prototxt: text })).toThrow(
      /layer 'bn1' \(BatchNorm\): use_global_stats: false normalizes each batch with its own statistics/,
    );
  });

  it('a prototxt without an input, and a bottom nothing produces', () => {
    expect(convert({ prototxt: MINI_NET.replace(/input: "data"\ninput_shape \{[^}]*\}/, '') })).toThrow(
      'deploy.prototxt declares no network input: add an Input layer (or input: with input_shape / input_dim)',
    );
    expect(convert({ prototxt: MINI_NET.replace('bottom: "conv1" top: "conv2"', 'bottom: "nope" top: "conv2"') })).toThrow(
      /layer 'conv2' \(Convolution\): bottom 'nope' is not produced by any earlier layer of the deploy network/,
    );
  });

  it('a DetectNet cluster layer with a bad param_str', () => {
    const text = miniWith(
      'prob',
      "layer { type: 'Python' name: 'cluster' bottom: 'prob' bottom: 'flat' top: 'bbox-list' python_param { module: 'caffe.layers.detectnet.clustering' layer: 'ClusterDetections' param_str: '640, 640, 16' } }",
    );
    expect(convert({ prototxt: text })).toThrow(
      /layer 'cluster' \(Python\): param_str '640, 640, 16' has 3 field\(s\); ClusterDetections needs at least 7/,
    );
  });
});
