import { elementCount } from '../../domain/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { GraphBuilder } from '../../onnx/builder';
import type { WeightSource } from '../../onnx/builder';
import { buildDetectNet } from '../../onnx/detectnet';
import { buildGoogLeNet, GOOGLENET_OUTPUT } from '../../onnx/googlenet';
import { DETECTNET_OUTPUTS } from '../../onnx/detectnet';
import { decodeModel, encodeModel } from '../../onnx/schema';
import { checkBatch, estimateMemory, maxBatchThatFits, WASM_MEMORY_LIMITS, webGpuMemoryLimits } from './memoryModel';
import { describeModel } from '../../onnx/modelDescription';
import type { ModelDescription } from '../../onnx/modelDescription';

const MiB = 2 ** 20;
/** WebGPU's default limits: what a device gets unless it asks for more. */
const DEFAULT_WEBGPU = webGpuMemoryLimits({ maxBufferSize: 256 * MiB, maxStorageBufferBindingSize: 128 * MiB });

// Each LRN is lowered to Mul, Reshape, AveragePool, Reshape, Mul, Add, Pow, Div with three
// float scalars (alpha, k, beta: 3 * 4 B) and two int64[4] reshape targets (2 * 32 B): 76 B.
const LRN_CONSTANT_BYTES = 3 * 4 + 2 * 4 * 8;

let googlenet: ModelDescription;
let detectnet: ModelDescription;

beforeAll(() => {
  googlenet = describeModel(buildGoogLeNet(1).model);
  detectnet = describeModel(buildDetectNet(1).model);
});

const dimsOf = (model: ModelDescription, name: string) => model.activations.find((t) => t.name === name)?.dims;

describe('describeModel on the built-in models', () => {
  it('infers the same output shapes the builder declared', () => {
    expect(dimsOf(googlenet, GOOGLENET_OUTPUT.name)).toEqual(GOOGLENET_OUTPUT.dims);
    expect(dimsOf(detectnet, 'coverage')).toEqual(DETECTNET_OUTPUTS.coverage.dims);
    expect(dimsOf(detectnet, 'bboxes')).toEqual(DETECTNET_OUTPUTS.bboxes.dims);
  });

  it('reads a model file decoded from bytes the same as the in-memory model', () => {
    // The worker has the .onnx bytes, not the builder: reshape targets come back as raw int64 bytes.
    expect(describeModel(decodeModel(encodeModel(buildGoogLeNet(1).model)))).toEqual(googlenet);
  });

  it('follows Caffe ceil-mode pooling and the LRN lowering through the graph', () => {
    expect(dimsOf(googlenet, 'conv1/7x7_s2')).toEqual(['N', 64, 112, 112]);
    expect(dimsOf(googlenet, 'pool1/3x3_s2')).toEqual(['N', 64, 56, 56]); // ceil((112 - 3) / 2) + 1 = 56
    expect(dimsOf(googlenet, 'conv2/norm2/columns')).toEqual(['N', 1, 192, 56 * 56]);
    expect(dimsOf(googlenet, 'inception_5b/output')).toEqual(['N', 1024, 7, 7]);
    expect(dimsOf(detectnet, 'inception_5b/output')).toEqual(['N', 1024, 32, 64]);
  });
});

describe('GoogLeNet memory (224x224, float32)', () => {
  it('sizes input, largest activation and weights as computed by hand', () => {
    const e = estimateMemory(googlenet, 1);
    // data [N, 3, 224, 224]: 3 * 224 * 224 = 150,528 values * 4 B = 602,112 B per image.
    expect(e.inputBytes).toBe(602_112);
    // conv1/7x7_s2 [N, 64, 112, 112]: 802,816 values * 4 B = 3,211,264 B, the largest tensor
    // (conv2/3x3 [N, 192, 56, 56] is 602,112 values); its ReLU output ties and comes later.
    expect(e.largestActivation).toEqual({ name: 'conv1/7x7_s2', bytes: 3_211_264 });
    // 6,998,552 learned values (BVLC GoogLeNet) * 4 B, plus the two LRNs' constants.
    expect(e.weightBytes).toBe(6_998_552 * 4 + 2 * LRN_CONSTANT_BYTES);
    // loss3/classifier [1000, 1024] * 4 B is the largest single weight.
    expect(e.largestWeight).toEqual({ name: 'loss3/classifier_w', bytes: 4_096_000 });
  });

  it('puts the activation peak inside conv2/norm2, where three [N,192,56,56] tensors are alive', () => {
    // At conv2/norm2/columns: the ReLU output (kept for the final Div), its square and the
    // reshaped square: 3 * 602,112 values * 4 B = 7,225,344 B per image, more than conv1 plus
    // its ReLU (2 * 3,211,264 = 6,422,528 B).
    const e = estimateMemory(googlenet, 1);
    expect(e.peakActivationBytes).toBe(7_225_344);
    expect(e.peakAt).toBe('conv2/norm2/columns');
    expect(e.totalBytes).toBe(e.weightBytes + 7_225_344);
  });

  it('scales activations with the batch and keeps weights fixed', () => {
    const e = estimateMemory(googlenet, 16);
    expect(e.inputBytes).toBe(16 * 602_112);
    expect(e.largestActivation.bytes).toBe(16 * 3_211_264); // 51,380,224 B = 49 MiB
    expect(e.peakActivationBytes).toBe(16 * 7_225_344);
    expect(e.weightBytes).toBe(estimateMemory(googlenet, 1).weightBytes);
  });
});

describe('DetectNet memory (1024x512, float32)', () => {
  it('sizes input, largest activation and weights as computed by hand', () => {
    const e = estimateMemory(detectnet, 1);
    // data [N, 3, 512, 1024]: 1,572,864 values * 4 B = 6,291,456 B per frame.
    expect(e.inputBytes).toBe(6_291_456);
    // conv1/7x7_s2 [N, 64, 256, 512]: 8,388,608 values * 4 B = 33,554,432 B = 32 MiB per frame.
    expect(e.largestActivation).toEqual({ name: 'conv1/7x7_s2', bytes: 33_554_432 });
    // GoogLeNet's 6,998,552 - loss3/classifier (1024 * 1000 + 1000) + cvg/classifier (1024 + 1)
    // + bbox/regressor (4 * 1024 + 4) = 5,978,677 learned values * 4 B, plus the two LRNs'
    // constants and deploy_transform's shift (-127, one float).
    expect(e.weightBytes).toBe(5_978_677 * 4 + 2 * LRN_CONSTANT_BYTES + 4);
    // inception_5b/3x3 [384, 192, 3, 3] = 663,552 values * 4 B.
    expect(e.largestWeight).toEqual({ name: 'inception_5b/3x3_w', bytes: 2_654_208 });
  });

  it('peaks in conv2/norm2: 3 * [N, 192, 128, 256] float32', () => {
    // pool1 is [N, 64, 128, 256] (ceil((256 - 3) / 2) + 1 = 128), conv2/3x3 [N, 192, 128, 256]
    // = 6,291,456 values; three alive at once * 4 B = 75,497,472 B = 72 MiB per frame.
    const e = estimateMemory(detectnet, 1);
    expect(e.peakActivationBytes).toBe(75_497_472);
    expect(e.peakAt).toBe('conv2/norm2/columns');
  });
});

describe('the largest batch a device can hold', () => {
  it('uses the smaller of maxBufferSize and maxStorageBufferBindingSize per buffer', () => {
    expect(DEFAULT_WEBGPU.perBuffer).toEqual({ bytes: 128 * MiB, limit: 'maxStorageBufferBindingSize' });
    expect(webGpuMemoryLimits({ maxBufferSize: 256 * MiB, maxStorageBufferBindingSize: 2 ** 31 }).perBuffer).toEqual({
      bytes: 256 * MiB,
      limit: 'maxBufferSize',
    });
  });

  it('DetectNet fits batch 4 in 128 MiB buffers and batch 8 in 256 MiB ones (32 MiB of conv1 per frame)', () => {
    expect(maxBatchThatFits(detectnet, DEFAULT_WEBGPU)).toBe(4); // 4 * 32 MiB = 128 MiB exactly
    const big = webGpuMemoryLimits({ maxBufferSize: 256 * MiB, maxStorageBufferBindingSize: 256 * MiB });
    expect(maxBatchThatFits(detectnet, big)).toBe(8);
  });

  it('GoogLeNet fits floor(128 MiB / 3,211,264 B) = 41 images per batch', () => {
    expect(maxBatchThatFits(googlenet, DEFAULT_WEBGPU)).toBe(41);
  });

  it('WASM is bounded by the 4 GiB of wasm32 memory for weights plus peak activations', () => {
    // DetectNet: floor((4,294,967,296 - 23,914,864) / 75,497,472) = floor(56.57) = 56.
    expect(maxBatchThatFits(detectnet, WASM_MEMORY_LIMITS)).toBe(56);
    // GoogLeNet: floor((4,294,967,296 - 27,994,360) / 7,225,344) = floor(590.55) = 590.
    expect(maxBatchThatFits(googlenet, WASM_MEMORY_LIMITS)).toBe(590);
  });

  it('explains a batch that does not fit with the sizes, the limit and the max batch', () => {
    expect(checkBatch(detectnet, DEFAULT_WEBGPU, 4).fits).toBe(true);
    const check = checkBatch(detectnet, DEFAULT_WEBGPU, 16);
    expect(check.fits).toBe(false);
    if (check.fits) return;
    expect(check.maxBatch).toBe(4);
    expect(check.reason).toBe(
      "batch 16 needs 512 MiB in one buffer ('conv1/7x7_s2'); this device allows 128 MiB per buffer (maxStorageBufferBindingSize) (max batch 4)",
    );
    const wasm = checkBatch(detectnet, WASM_MEMORY_LIMITS, 64);
    expect(wasm.fits).toBe(false);
    if (wasm.fits) return;
    expect(wasm.reason).toBe(
      "batch 64 needs about 4.5 GiB (weights 23 MiB + activations 4.5 GiB at 'conv2/norm2/columns'); WASM memory allows 4 GiB (wasm32 linear memory) (max batch 56)",
    );
  });

  it('says so when not even batch 1 fits', () => {
    const tiny = webGpuMemoryLimits({ maxBufferSize: 16 * MiB, maxStorageBufferBindingSize: 16 * MiB });
    const check = checkBatch(detectnet, tiny, 1);
    expect(check.fits).toBe(false);
    if (!check.fits) expect(check.reason).toMatch(/needs 32 MiB in one buffer .*allows 16 MiB per buffer .*not even batch 1 fits/);
  });
});

describe('describeModel on other graphs', () => {
  const zeros: WeightSource = {
    weights: ({ dims }) => new Float32Array(elementCount(dims)),
    bias: ({ size }) => new Float32Array(size),
  };

  it('keeps a tensor alive from its producer to its last reader, and graph outputs to the end', () => {
    // x -> a = relu(x) -> b = relu(a) -> c = a + b: a is read by the last node, so at c all of
    // a, b and c are alive: 3 * 4 * 10 B = 120 B; x dies after the first node.
    const g = new GraphBuilder('chain', zeros);
    const x = g.input('x', ['N', 10]);
    const a = g.relu({ name: 'a', input: x });
    const b = g.relu({ name: 'b', input: a });
    const c = g.eltwise({ name: 'c', inputs: [a, b], operation: 'SUM' });
    g.output(c);
    const d = describeModel(g.build({ producerVersion: 'test' }));
    expect(d.activations.map((t) => [t.name, t.from, t.until])).toEqual([
      ['x', -1, 0],
      ['a', 0, 2],
      ['b', 1, 2],
      ['c', 2, 3],
    ]);
    expect(estimateMemory(d, 1)).toMatchObject({ peakActivationBytes: 120, peakAt: 'c', inputBytes: 40 });
    expect(estimateMemory(d, 3).peakActivationBytes).toBe(360);
  });

  it('sizes the boolean Greater of an Eltwise MAX at one byte per element', () => {
    const g = new GraphBuilder('max', zeros);
    const x = g.input('x', ['N', 8]);
    const y = g.relu({ name: 'y', input: x });
    g.output(g.eltwise({ name: 'm', inputs: [x, y], operation: 'MAX' }));
    const d = describeModel(g.build({ producerVersion: 'test' }));
    expect(d.activations.find((t) => t.name === 'm/greater')).toMatchObject({ dims: ['N', 8], bytesPerElement: 1 });
  });

  it('names the node and op it cannot size, and uses value_info where the file has it', () => {
    const model = buildGoogLeNet(1).model;
    const graph = { ...model.graph, node: model.graph.node!.map((n) => (n.name === 'pool5/7x7_s1' ? { ...n, opType: 'MysteryPool' } : n)) };
    expect(() => describeModel({ ...model, graph })).toThrow(
      "cannot size 'pool5/7x7_s1': node 'pool5/7x7_s1' (MysteryPool) is not an op the memory model knows",
    );
    const valueInfo = [
      {
        name: 'pool5/7x7_s1',
        type: { tensorType: { elemType: 1, shape: { dim: [{ dimParam: 'N' }, { dimValue: 1024 }, { dimValue: 1 }, { dimValue: 1 }] } } },
      },
    ];
    const described = describeModel({ ...model, graph: { ...graph, valueInfo } });
    expect(described.activations.find((t) => t.name === 'prob')?.dims).toEqual(['N', 1000]);
  });
});
