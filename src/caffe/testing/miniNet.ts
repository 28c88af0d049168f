// Test support: a small Caffe net that uses every converted layer type and the awkward cases
// (group + dilation, _h/_w sizes, in-place BatchNorm/Scale/ReLU chains, Eltwise with coeffs,
// AVE pooling whose last window hangs over the padding, global pooling, a transposed
// InnerProduct, an output written in place), and seeded blobs for it.
import { elementCount } from '../../domain/tensor';
import type { WeightSource } from '../../onnx/builder';
import { fillGaussian, streamFor } from '../../onnx/seededRandom';
import type { LayerShapes } from './blobShapes';
import { layersForPrototxt, writeCaffeModel } from './writeCaffeModel';
import type { WriteCaffeModelOptions } from './writeCaffeModel';

export const MINI_NET = `
name: "mini"
input: "data"
input_shape { dim: 2 dim: 4 dim: 10 dim: 11 }
layer { name: "conv1" type: "Convolution" bottom: "data" top: "conv1"
  convolution_param { num_output: 6 kernel_size: 3 pad: 1 group: 2 } }
layer { name: "bn1" type: "BatchNorm" bottom: "conv1" top: "conv1" batch_norm_param { eps: 0.001 } }
layer { name: "scale1" type: "Scale" bottom: "conv1" top: "conv1" scale_param { bias_term: true } }
layer { name: "relu1" type: "ReLU" bottom: "conv1" top: "conv1" relu_param { negative_slope: 0.1 } }
layer { name: "conv2" type: "Convolution" bottom: "conv1" top: "conv2"
  convolution_param { num_output: 6 kernel_h: 3 kernel_w: 1 pad_h: 2 pad_w: 0 dilation: 2 bias_term: false } }
layer { name: "sum" type: "Eltwise" bottom: "conv1" bottom: "conv2" top: "sum" eltwise_param { operation: SUM coeff: 0.5 coeff: -1 } }
layer { name: "prod" type: "Eltwise" bottom: "sum" bottom: "conv2" top: "prod" eltwise_param { operation: PROD } }
layer { name: "max" type: "Eltwise" bottom: "sum" bottom: "prod" bottom: "conv1" top: "max" eltwise_param { operation: MAX } }
layer { name: "tanh" type: "TanH" bottom: "max" top: "max" }
layer { name: "pool_ave" type: "Pooling" bottom: "max" top: "pool_ave" pooling_param { pool: AVE kernel_size: 3 stride: 2 pad: 1 } }
layer { name: "pool_max" type: "Pooling" bottom: "max" top: "pool_max" pooling_param { pool: MAX kernel_size: 2 stride: 2 } }
layer { name: "norm" type: "LRN" bottom: "pool_max" top: "norm" lrn_param { local_size: 3 alpha: 0.01 beta: 0.75 k: 2 } }
layer { name: "global" type: "Pooling" bottom: "norm" top: "global" pooling_param { pool: AVE global_pooling: true } }
layer { name: "sig" type: "Sigmoid" bottom: "global" top: "sig" }
layer { name: "square" type: "Power" bottom: "pool_ave" top: "square" power_param { power: 2 scale: 0.5 shift: 1 } }
layer { name: "cat" type: "Concat" bottom: "pool_ave" bottom: "square" top: "cat" }
layer { name: "drop" type: "Dropout" bottom: "cat" top: "cat" dropout_param { dropout_ratio: 0.5 } }
layer { name: "fc" type: "InnerProduct" bottom: "cat" top: "fc" inner_product_param { num_output: 5 transpose: true } }
layer { name: "fc_scale" type: "Scale" bottom: "fc" top: "fc" }
layer { name: "prob" type: "Softmax" bottom: "fc" top: "prob" }
layer { name: "flatten" type: "Flatten" bottom: "pool_max" top: "flat" }
layer { name: "flat_relu" type: "ReLU" bottom: "flat" top: "flat" }
`;

export const MINI_INPUT_SHAPE = [2, 4, 10, 11] as const;

/** Gaussian weights with He scale and random (not constant) biases, keyed by layer name. */
export function miniWeights(seed: number): WeightSource {
  return {
    weights: ({ layer, dims, fanIn }) =>
      fillGaussian(new Float32Array(elementCount(dims)), streamFor(seed, `${layer}_w`), Math.sqrt(2 / fanIn)),
    bias: ({ layer, size }) => fillGaussian(new Float32Array(size), streamFor(seed, `${layer}_b`), 0.1),
  };
}

/** BatchNorm statistics (positive variances, factor 2 to exercise the division) and Scale factors. */
export function miniOtherParams(seed: number): (layer: LayerShapes) => Float32Array[] {
  return ({ layer, params }) => {
    const gaussian = (i: number, std: number, mean = 0) =>
      fillGaussian(new Float32Array(elementCount(params[i] as readonly number[])), streamFor(seed, `${layer.name}_${i}`), std, mean);
    if (layer.type === 'BatchNorm') return [gaussian(0, 0.5), gaussian(1, 0.2, 1).map(Math.abs), new Float32Array([2])];
    return params.map((_, i) => gaussian(i, 0.3, i === 0 ? 1 : 0));
  };
}

export function miniCaffeModel(seed: number, options?: WriteCaffeModelOptions): Uint8Array {
  return writeCaffeModel(layersForPrototxt(MINI_NET, miniWeights(seed), { otherParams: miniOtherParams(seed) }), options);
}
