import { describe, expect, it } from 'vitest';
import { fixtureSuite, fixturesAvailable, readFixtureText } from '../../onnx/testing/fixtures';
import { inferBlobShapes, parameterCount } from './blobShapes';
import { deployLayers, inputShapes } from '../netSpec';
import { poolingSpec } from '../layerParams';
import { parsePrototxt } from '../prototxt';

const run = (text: string) => {
  const net = parsePrototxt(text);
  return inferBlobShapes(deployLayers(net), inputShapes(net));
};

describe('inferBlobShapes (Caffe shape rules)', () => {
  const shapes = run(`
    input: "data" input_shape { dim: 2 dim: 3 dim: 11 dim: 11 }
    layer { name: "conv" type: "Convolution" bottom: "data" top: "conv"
            convolution_param { num_output: 8 kernel_h: 3 kernel_w: 5 stride: 2 pad_h: 1 pad_w: 2 } }
    layer { name: "relu" type: "ReLU" bottom: "conv" top: "conv" }
    layer { name: "grouped" type: "Convolution" bottom: "conv" top: "grouped"
            convolution_param { num_output: 4 kernel_size: 1 group: 2 bias_term: false } }
    layer { name: "pool" type: "Pooling" bottom: "conv" top: "pool" pooling_param { pool: MAX kernel_size: 1 stride: 2 pad: 1 } }
    layer { name: "floor" type: "Pooling" bottom: "conv" top: "floor" pooling_param { pool: AVE kernel_size: 3 stride: 2 round_mode: FLOOR } }
    layer { name: "cat" type: "Concat" bottom: "conv" bottom: "grouped" top: "cat" }
    layer { name: "global" type: "Pooling" bottom: "cat" top: "global" pooling_param { pool: AVE global_pooling: true } }
    layer { name: "fc" type: "InnerProduct" bottom: "cat" top: "fc" inner_product_param { num_output: 10 } }
    layer { name: "flat" type: "Flatten" bottom: "cat" top: "flat" }
  `);
  const out = (name: string) => shapes.find((s) => s.layer.name === name)?.outputs[0];

  it('computes each top like the layer Reshape methods do', () => {
    expect(out('conv')).toEqual([2, 8, 6, 6]);
    expect(out('relu')).toEqual([2, 8, 6, 6]);
    expect(out('grouped')).toEqual([2, 4, 6, 6]);
    // ceil((6 + 2 - 1) / 2) + 1 = 5, but the 5th window would start in the end padding: 4.
    expect(out('pool')).toEqual([2, 8, 4, 4]);
    expect(out('floor')).toEqual([2, 8, 2, 2]);
    expect(out('cat')).toEqual([2, 12, 6, 6]);
    expect(out('global')).toEqual([2, 12, 1, 1]);
    expect(out('fc')).toEqual([2, 10]);
    expect(out('flat')).toEqual([2, 432]);
  });

  it('gives learned blob shapes in .caffemodel order and counts them', () => {
    const params = (name: string) => shapes.find((s) => s.layer.name === name)?.params;
    expect(params('conv')).toEqual([[8, 3, 3, 5], [8]]);
    expect(params('grouped')).toEqual([[4, 4, 1, 1]]);
    expect(params('fc')).toEqual([[10, 432], [10]]);
    expect(parameterCount(shapes)).toBe(8 * 45 + 8 + 16 + 4320 + 10);
  });

  it('reads pooling defaults: MAX, stride 1, CEIL', () => {
    const layer = deployLayers(parsePrototxt('layer { name: "p" type: "Pooling" pooling_param { kernel_size: 3 } }'))[0];
    expect(poolingSpec(layer!)).toEqual({
      method: 'MAX',
      kernel: [3, 3],
      stride: [1, 1],
      pad: [0, 0],
      globalPooling: false,
      roundMode: 'CEIL',
    });
  });

  it('names the layer for an unknown type or a missing bottom', () => {
    expect(() =>
      run('input: "d" input_dim: 1 input_dim: 1 input_dim: 1 input_dim: 1\nlayer { name: "py" type: "Python" bottom: "d" top: "o" }'),
    ).toThrow("prototxt line 2, column 1: layer 'py' (Python): this layer type is not supported (yet)");
    expect(() => run('layer { name: "r" type: "ReLU" bottom: "nowhere" top: "r" }')).toThrow(
      "layer 'r' (ReLU): bottom 'nowhere' is not produced by any earlier layer",
    );
  });
});

describe.skipIf(!fixturesAvailable)(fixtureSuite('inferBlobShapes on the fixture prototxts'), () => {
  it('gives BVLC GoogLeNet 6,998,552 parameters and a [10,1000] prob', () => {
    const net = parsePrototxt(readFixtureText('caffe/bvlc_googlenet.deploy.prototxt'));
    const shapes = inferBlobShapes(deployLayers(net), inputShapes(net));
    expect(parameterCount(shapes)).toBe(6_998_552);
    expect(shapes.at(-1)?.outputs[0]).toEqual([10, 1000]);
  });
});

describe('inferBlobShapes: learned blobs of BatchNorm and Scale', () => {
  const shapes = run(`
    input: "data" input_shape { dim: 1 dim: 3 dim: 4 dim: 5 }
    layer { name: "bn" type: "BatchNorm" bottom: "data" top: "data" }
    layer { name: "sc" type: "Scale" bottom: "data" top: "data" scale_param { bias_term: true } }
    layer { name: "sc2" type: "Scale" bottom: "data" top: "sc2" scale_param { axis: 2 num_axes: -1 } }
  `);

  it('gives BatchNorm mean, variance and factor, and Scale its covered axes (plus bias)', () => {
    expect(shapes.map((s) => [s.layer.name, s.params])).toEqual([
      ['bn', [[3], [3], [1]]],
      ['sc', [[3], [3]]],
      ['sc2', [[4, 5]]],
    ]);
    expect(parameterCount(shapes)).toBe(7 + 6 + 20);
  });
});
