import { beforeAll, describe, expect, it } from 'vitest';
import { parsePrototxt } from '../caffe/prototxt';
import { deployLayers, inputShapes } from '../caffe/netSpec';
import { buildGoogLeNet, GOOGLENET_OUTPUT } from './googlenet';
import { decodeModel, encodeModel } from './schema';
import type { ModelProto } from './schema';
import { compareWithCaffe } from '../caffe/testing/compareWithCaffe';
import type { CaffeComparison } from '../caffe/testing/compareWithCaffe';
import { fixtureSuite, fixturesAvailable, readFixtureText } from './testing/fixtures';

const SEED = 1;
let bytes: Uint8Array;
let decoded: ModelProto;
let builtParameters: number;

beforeAll(() => {
  const built = buildGoogLeNet(SEED);
  builtParameters = built.parameterCount;
  bytes = encodeModel(built.model);
  decoded = decodeModel(bytes);
});

describe('GoogLeNet model file', () => {
  it('declares opset 13, a dynamic batch input `data` and the `prob` output', () => {
    expect(decoded.opsetImport?.map((o) => [o.domain ?? '', o.version])).toEqual([['', 13]]);
    expect(decoded.irVersion).toBe(8);
    const dims = (v: NonNullable<ModelProto['graph']['input']>[number]) =>
      v.type?.tensorType?.shape?.dim?.map((d) => d.dimParam ?? d.dimValue);
    expect(decoded.graph.input?.map((i) => [i.name, dims(i)])).toEqual([['data', ['N', 3, 224, 224]]]);
    expect(decoded.graph.output?.map((o) => [o.name, dims(o)])).toEqual([[GOOGLENET_OUTPUT.name, ['N', 1000]]]);
    expect(decoded.graph.node?.some((n) => n.opType === 'Dropout')).toBe(false);
  });

  it('is byte-identical for the same seed and differs for another seed', () => {
    expect(Buffer.from(encodeModel(buildGoogLeNet(SEED).model)).equals(Buffer.from(bytes))).toBe(true);
    expect(Buffer.from(encodeModel(buildGoogLeNet(SEED + 1).model)).equals(Buffer.from(bytes))).toBe(false);
  });
});

describe.skipIf(!fixturesAvailable)(fixtureSuite('GoogLeNet against bvlc_googlenet.deploy.prototxt'), () => {
  let comparison: CaffeComparison;

  beforeAll(() => {
    const net = parsePrototxt(readFixtureText('caffe/bvlc_googlenet.deploy.prototxt'), 'bvlc_googlenet.deploy.prototxt');
    comparison = compareWithCaffe(decoded, deployLayers(net), inputShapes(net));
  });

  it('matches every deploy layer: names, wiring, kernels, strides, pads, ceil pooling, LRN, classifier', () => {
    expect(comparison.problems).toEqual([]);
    expect(comparison.checked).toEqual({
      Convolution: 57,
      ReLU: 57,
      Pooling: 14,
      LRN: 2,
      Concat: 9,
      InnerProduct: 1,
      Softmax: 1,
    });
  });

  it('would notice a wrong stride, a floor-rounded pool and a rewired input', () => {
    const broken = structuredClone(decoded);
    const node = (name: string) => broken.graph.node?.find((n) => n.name === name);
    const attr = (name: string, key: string) => node(name)?.attribute?.find((a) => a.name === key);
    attr('conv1/7x7_s2', 'strides')!.ints = [1, 1];
    attr('pool2/3x3_s2', 'ceil_mode')!.i = 0;
    node('inception_3b/3x3')!.input[0] = 'inception_3b/relu_1x1';
    const net = parsePrototxt(readFixtureText('caffe/bvlc_googlenet.deploy.prototxt'));
    const problems = compareWithCaffe(broken, deployLayers(net), inputShapes(net)).problems;
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/conv1\/7x7_s2.*strides 1,1 != 2,2/);
    expect(problems.join('\n')).toMatch(/pool2\/3x3_s2.*ceil_mode 0/);
    expect(problems.join('\n')).toMatch(/inception_3b\/3x3.*reads \[inception_3b\/relu_1x1\]/);
  });

  it('has exactly the parameters the prototxt implies (about 7.0 million)', () => {
    expect(comparison.onnxParameters).toBe(comparison.caffeParameters);
    expect(builtParameters).toBe(comparison.caffeParameters);
    expect(comparison.caffeParameters).toBe(6_998_552);
  });
});
