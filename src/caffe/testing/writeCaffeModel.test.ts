import { elementCount } from '../../domain/tensor';
import { describe, expect, it } from 'vitest';
import type { WeightSource } from '../../onnx/builder';
import { fixtureSuite, fixturesAvailable, readFixtureText } from '../../onnx/testing/fixtures';
import { syntheticWeights } from '../../onnx/weightInit';
import { readCaffeModel } from '../caffemodel';
import { layersForPrototxt, writeCaffeModel } from './writeCaffeModel';

const counting: WeightSource = {
  weights: ({ dims }) => Float32Array.from({ length: elementCount(dims) }, (_, i) => i),
  bias: ({ size }) => new Float32Array(size).fill(-1),
};

describe('layersForPrototxt', () => {
  it('asks the source for [N, K] and stores a transposed InnerProduct as Caffe does, [K, N]', () => {
    const [fc] = layersForPrototxt(
      'input: "x" input_dim: 1 input_dim: 3 input_dim: 1 input_dim: 1\nlayer { name: "fc" type: "InnerProduct" bottom: "x" top: "fc" inner_product_param { num_output: 2 transpose: true } }',
      counting,
    );
    // Source rows (N=2, K=3): [0 1 2], [3 4 5]; stored K x N: [0 3], [1 4], [2 5].
    expect(fc?.blobs.map((b) => [b.shape, Array.from(b.data)])).toEqual([
      [
        [3, 2],
        [0, 3, 1, 4, 2, 5],
      ],
      [[2], [-1, -1]],
    ]);
  });

  it('needs otherParams for BatchNorm and Scale', () => {
    expect(() =>
      layersForPrototxt(
        'input: "x" input_dim: 1 input_dim: 3 input_dim: 2 input_dim: 2\nlayer { name: "bn" type: "BatchNorm" bottom: "x" top: "x" }',
        counting,
      ),
    ).toThrow("layer 'bn' (BatchNorm) learns 3 blob(s); pass otherParams to make them");
  });
});

describe('writeCaffeModel', () => {
  it('refuses a blob whose values do not fill its shape, and a type V1 has no number for', () => {
    expect(() => writeCaffeModel([{ name: 'c', type: 'Convolution', blobs: [{ shape: [2, 2], data: new Float32Array(3) }] }])).toThrow(
      'blob of shape [2, 2] needs 4 values, has 3',
    );
    expect(() => writeCaffeModel([{ name: 'bn', type: 'BatchNorm', blobs: [] }], { format: 'V1' })).toThrow(
      "layer 'bn': type BatchNorm has no V1 enum value",
    );
  });
});

describe.skipIf(!fixturesAvailable)(fixtureSuite('layersForPrototxt on bvlc_googlenet.deploy.prototxt'), () => {
  it('writes the 57 convolutions and the classifier with exactly the built-in seeded weights', () => {
    const source = syntheticWeights({ seed: 1 });
    const layers = layersForPrototxt(readFixtureText('caffe/bvlc_googlenet.deploy.prototxt'), source);
    expect(layers).toHaveLength(58);
    const model = readCaffeModel(writeCaffeModel(layers));
    expect(model.valueCount).toBe(6_998_552);
    const conv1 = model.layers.get('conv1/7x7_s2');
    expect(conv1?.blobs.map((b) => b.shape)).toEqual([[64, 3, 7, 7], [64]]);
    expect(conv1?.blobs[0]?.data).toEqual(source.weights({ layer: 'conv1/7x7_s2', op: 'Conv', dims: [64, 3, 7, 7], fanIn: 147 }));
    expect(model.layers.get('loss3/classifier')?.blobs.map((b) => b.shape)).toEqual([[1000, 1024], [1000]]);
  });
});
