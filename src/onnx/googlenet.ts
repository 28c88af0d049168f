// BVLC GoogLeNet (Caffe Model Zoo `models/bvlc_googlenet/deploy.prototxt`) as ONNX.
// Node names are the Caffe layer names and learned tensors are `<layer>_w` / `<layer>_b`, so
// weights from bvlc_googlenet.caffemodel can later be dropped in by name. Caffe's in-place
// ReLUs become nodes whose output tensor is named after the ReLU layer (ONNX is SSA).
import { GraphBuilder } from './builder';
import type { TensorRef, WeightSource } from './builder';
import type { ModelProto } from './schema';
import { syntheticWeights } from './weightInit';

/** Branch widths of one inception module, in the prototxt's order. */
export interface InceptionSpec {
  readonly name: string;
  readonly c1x1: number;
  readonly c3x3Reduce: number;
  readonly c3x3: number;
  readonly c5x5Reduce: number;
  readonly c5x5: number;
  readonly poolProj: number;
}

const inception = (
  name: string,
  c1x1: number,
  c3x3Reduce: number,
  c3x3: number,
  c5x5Reduce: number,
  c5x5: number,
  poolProj: number,
): InceptionSpec => ({
  name,
  c1x1,
  c3x3Reduce,
  c3x3,
  c5x5Reduce,
  c5x5,
  poolProj,
});

export const INCEPTION_3 = [
  inception('inception_3a', 64, 96, 128, 16, 32, 32),
  inception('inception_3b', 128, 128, 192, 32, 96, 64),
] as const;
export const INCEPTION_4 = [
  inception('inception_4a', 192, 96, 208, 16, 48, 64),
  inception('inception_4b', 160, 112, 224, 24, 64, 64),
  inception('inception_4c', 128, 128, 256, 24, 64, 64),
  inception('inception_4d', 112, 144, 288, 32, 64, 64),
  inception('inception_4e', 256, 160, 320, 32, 128, 128),
] as const;
export const INCEPTION_5 = [
  inception('inception_5a', 256, 160, 320, 32, 128, 128),
  inception('inception_5b', 384, 192, 384, 48, 128, 128),
] as const;

export const GOOGLENET_INPUT = { name: 'data', dims: ['N', 3, 224, 224] } as const;
export const GOOGLENET_OUTPUT = { name: 'prob', dims: ['N', 1000] } as const;

/**
 * Extra factor on the He std of `loss3/classifier`. Plain He init gives logits with a std of
 * about 90-110 over the 1000 classes on natural photos (measured with onnxruntime-web, WASM,
 * on the dog/eagle/giraffe/person test photos, BGR minus 104/117/123): a one-hot softmax.
 * 0.03 brings that std to 2.8-3.3 for seed 1 (2.0-2.6 for seeds 7 and 42) and top-1 to
 * 7-16 %, so the top-5 list looks like a classifier's. Logits scale linearly with this factor.
 */
export const CLASSIFIER_GAIN = 0.03;

interface ConvReluSpec {
  name: string;
  relu: string;
  input: TensorRef;
  outChannels: number;
  kernel: number;
  stride?: number;
  pad?: number;
}

function convRelu(b: GraphBuilder, s: ConvReluSpec): TensorRef {
  const conv = b.conv({
    name: s.name,
    input: s.input,
    outChannels: s.outChannels,
    kernel: s.kernel,
    stride: s.stride ?? 1,
    pad: s.pad ?? 0,
  });
  return b.relu({ name: s.relu, input: conv });
}

/** Caffe rounds pooled sizes up (ceil), which ONNX only does with ceil_mode=1. */
function maxPool3x3(b: GraphBuilder, name: string, input: TensorRef, stride: number, pad: number): TensorRef {
  return b.maxPool({ name, input, kernel: 3, stride, pad, ceil: true });
}

function lrn(b: GraphBuilder, name: string, input: TensorRef): TensorRef {
  // Caffe ACROSS_CHANNELS LRN, local_size 5, alpha 1e-4, beta 0.75, k 1 (builder.lrn lowers it to ops the WebGPU EP runs).
  return b.lrn({ name, input, size: 5, alpha: 1e-4, beta: 0.75, bias: 1 });
}

export function inceptionModule(b: GraphBuilder, s: InceptionSpec, input: TensorRef): TensorRef {
  const n = s.name;
  const branch1 = convRelu(b, { name: `${n}/1x1`, relu: `${n}/relu_1x1`, input, outChannels: s.c1x1, kernel: 1 });
  const reduce3 = convRelu(b, { name: `${n}/3x3_reduce`, relu: `${n}/relu_3x3_reduce`, input, outChannels: s.c3x3Reduce, kernel: 1 });
  const branch3 = convRelu(b, { name: `${n}/3x3`, relu: `${n}/relu_3x3`, input: reduce3, outChannels: s.c3x3, kernel: 3, pad: 1 });
  const reduce5 = convRelu(b, { name: `${n}/5x5_reduce`, relu: `${n}/relu_5x5_reduce`, input, outChannels: s.c5x5Reduce, kernel: 1 });
  const branch5 = convRelu(b, { name: `${n}/5x5`, relu: `${n}/relu_5x5`, input: reduce5, outChannels: s.c5x5, kernel: 5, pad: 2 });
  const pooled = maxPool3x3(b, `${n}/pool`, input, 1, 1);
  const branchPool = convRelu(b, {
    name: `${n}/pool_proj`,
    relu: `${n}/relu_pool_proj`,
    input: pooled,
    outChannels: s.poolProj,
    kernel: 1,
  });
  return b.concat(`${n}/output`, [branch1, branch3, branch5, branchPool], 1);
}

export interface GoogLeNetBodyOptions {
  /**
   * BVLC has `pool4/3x3_s2` between inception_4e and 5a (output stride 32); DIGITS DetectNet
   * drops it to keep a stride-16 grid.
   */
  readonly pool4: boolean;
}

/** GoogLeNet from its first convolution to `inception_5b/output` (1024 channels). */
export function googLeNetBody(b: GraphBuilder, input: TensorRef, options: GoogLeNetBodyOptions): TensorRef {
  let x = convRelu(b, { name: 'conv1/7x7_s2', relu: 'conv1/relu_7x7', input, outChannels: 64, kernel: 7, stride: 2, pad: 3 });
  x = maxPool3x3(b, 'pool1/3x3_s2', x, 2, 0);
  x = lrn(b, 'pool1/norm1', x);
  x = convRelu(b, { name: 'conv2/3x3_reduce', relu: 'conv2/relu_3x3_reduce', input: x, outChannels: 64, kernel: 1 });
  x = convRelu(b, { name: 'conv2/3x3', relu: 'conv2/relu_3x3', input: x, outChannels: 192, kernel: 3, pad: 1 });
  x = lrn(b, 'conv2/norm2', x);
  x = maxPool3x3(b, 'pool2/3x3_s2', x, 2, 0);
  for (const spec of INCEPTION_3) x = inceptionModule(b, spec, x);
  x = maxPool3x3(b, 'pool3/3x3_s2', x, 2, 0);
  for (const spec of INCEPTION_4) x = inceptionModule(b, spec, x);
  if (options.pool4) x = maxPool3x3(b, 'pool4/3x3_s2', x, 2, 0);
  for (const spec of INCEPTION_5) x = inceptionModule(b, spec, x);
  return x;
}

export interface BuiltModel {
  readonly model: ModelProto;
  /** Learned values (weights and biases of Conv and Gemm). */
  readonly parameterCount: number;
}

export function buildGoogLeNet(seed: number, producerVersion = 'dev'): BuiltModel {
  return buildGoogLeNetWith(syntheticWeights({ seed, gain: { 'loss3/classifier': CLASSIFIER_GAIN } }), {
    weights: 'synthetic',
    seed,
    producerVersion,
  });
}

export interface GoogLeNetWeightsInfo {
  weights: 'synthetic' | 'trained';
  seed?: number;
  producerVersion?: string;
}

/** The same graph with weights from anywhere: seeded synthetic ones, or BVLC's trained caffemodel read layer by layer. */
export function buildGoogLeNetWith(weights: WeightSource, info: GoogLeNetWeightsInfo): BuiltModel {
  const b = new GraphBuilder('bvlc_googlenet', weights);
  const data = b.input(GOOGLENET_INPUT.name, GOOGLENET_INPUT.dims);
  const features = googLeNetBody(b, data, { pool4: true });
  const pooled = b.avgPool({ name: 'pool5/7x7_s1', input: features, kernel: 7, stride: 1, ceil: true, countIncludePad: true });
  // pool5/drop_7x7_s1 (Dropout) is the identity at inference and is left out.
  const flat = b.flatten('loss3/classifier/flatten', pooled, 1);
  const logits = b.fc({ name: 'loss3/classifier', input: flat, outFeatures: 1000 });
  const prob = b.softmax({ name: 'prob', input: logits, axis: 1 });
  b.output(prob, GOOGLENET_OUTPUT.dims);
  const model = b.build({
    producerVersion: info.producerVersion ?? 'dev',
    docString:
      info.weights === 'synthetic'
        ? 'BVLC GoogLeNet (Caffe deploy.prototxt) with synthetic weights: timing only, predictions are meaningless.'
        : 'BVLC GoogLeNet (Caffe deploy.prototxt) with trained weights.',
    metadata: { architecture: 'bvlc_googlenet', weights: info.weights, ...(info.seed !== undefined ? { seed: String(info.seed) } : {}) },
  });
  return { model, parameterCount: b.parameterCount };
}
