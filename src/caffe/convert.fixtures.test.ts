// convertCaffeToOnnx on the real GoogLeNet and DetectNet deploy prototxts (read from the shared
// fixtures in place; skipped with a message when they are missing), with caffemodels written
// from the built-in seeded weights: names, wiring, hyper-parameters and blob shapes against
// Caffe's own shape rules, and the errors a caffemodel of another net or input size gives.
import { beforeAll, describe, expect, it } from 'vitest';
import { CLASSIFIER_GAIN } from '../onnx/googlenet';
import { decodeModel } from '../onnx/schema';
import { fixtureSuite, fixturesAvailable, readFixtureText } from '../onnx/testing/fixtures';
import { syntheticWeights } from '../onnx/weightInit';
import { DIGITS_EXAMPLE_CLUSTER, DIGITS_EXAMPLE_PARAM_STR } from '../pipeline/postprocess/testing/detectnetMaps';
import { convertCaffeToOnnx } from './convert';
import type { CaffeConversion } from './convert';
import { deployLayers, inputShapes } from './netSpec';
import { parsePrototxt } from './prototxt';
import { compareWithCaffe } from './testing/compareWithCaffe';
import { layersForPrototxt, writeCaffeModel } from './testing/writeCaffeModel';

describe.skipIf(!fixturesAvailable)(fixtureSuite('convertCaffeToOnnx on bvlc_googlenet.deploy.prototxt'), () => {
  let prototxt: string;
  let caffemodel: Uint8Array;
  let result: CaffeConversion;

  beforeAll(() => {
    prototxt = readFixtureText('caffe/bvlc_googlenet.deploy.prototxt');
    caffemodel = writeCaffeModel(layersForPrototxt(prototxt, syntheticWeights({ seed: 1, gain: { 'loss3/classifier': CLASSIFIER_GAIN } })));
    result = convertCaffeToOnnx({
      prototxt,
      caffemodel,
      name: 'bvlc_googlenet',
      prototxtName: 'deploy.prototxt',
      caffemodelName: 'bvlc_googlenet.caffemodel',
    });
  });

  it('matches every deploy layer of the prototxt (node names, wiring, hyper-parameters, blob shapes)', () => {
    const net = parsePrototxt(prototxt);
    const layers = deployLayers(net);
    const comparison = compareWithCaffe(decodeModel(result.model), layers, inputShapes(net, layers));
    expect(comparison.problems).toEqual([]);
    expect(comparison.onnxParameters).toBe(6_998_552);
  });

  it('summarises 143 layers, 6,998,552 parameters, data [N,3,224,224] -> prob [N,1000]', () => {
    const { summary } = result;
    expect(summary.layers).toHaveLength(143);
    expect(summary.parameterCount).toBe(6_998_552);
    expect(summary.inputs).toEqual([{ name: 'data', dims: ['N', 3, 224, 224] }]);
    expect(summary.outputs).toEqual([{ name: 'prob', dims: ['N', 1000] }]);
    expect(summary.layers.filter((l) => l.type === 'LRN').map((l) => l.onnx)).toEqual([
      ['Mul', 'Reshape', 'AveragePool', 'Reshape', 'Mul', 'Add', 'Pow', 'Div'],
      ['Mul', 'Reshape', 'AveragePool', 'Reshape', 'Mul', 'Add', 'Pow', 'Div'],
    ]);
  });

  it('gives the same ONNX file from a V1 caffemodel with legacy 4-D blob dims (the 2014 Model Zoo format)', () => {
    const legacy = writeCaffeModel(
      layersForPrototxt(prototxt, syntheticWeights({ seed: 1, gain: { 'loss3/classifier': CLASSIFIER_GAIN } })),
      { format: 'V1', legacyShapes: true },
    );
    const fromLegacy = convertCaffeToOnnx({
      prototxt,
      caffemodel: legacy,
      name: 'bvlc_googlenet',
      prototxtName: 'deploy.prototxt',
      caffemodelName: 'bvlc_googlenet.caffemodel',
    });
    expect(fromLegacy.summary.caffemodelFormat).toBe('V1');
    expect(Buffer.from(fromLegacy.model).equals(Buffer.from(result.model))).toBe(true);
  });

  it('lists caffemodel layers the deploy net does not use (training-only auxiliary classifiers)', () => {
    const aux = writeCaffeModel([
      ...layersForPrototxt(prototxt, syntheticWeights({ seed: 1 })),
      { name: 'loss1/fc', type: 'InnerProduct', blobs: [{ shape: [1024, 2048], data: new Float32Array(1024 * 2048) }] },
    ]);
    expect(convertCaffeToOnnx({ prototxt, caffemodel: aux, name: 'g' }).summary.unusedCaffemodelLayers).toEqual(['loss1/fc']);
  });

  it("with a tiny 2-layer net's caffemodel: names the first GoogLeNet layer it lacks, or the first shape that differs", () => {
    const tiny = (conv: string, outChannels: number) =>
      writeCaffeModel([
        {
          name: conv,
          type: 'Convolution',
          blobs: [
            { shape: [outChannels, 3, 7, 7], data: new Float32Array(outChannels * 147) },
            { shape: [outChannels], data: new Float32Array(outChannels) },
          ],
        },
        {
          name: 'ip1',
          type: 'InnerProduct',
          blobs: [
            { shape: [10, 100], data: new Float32Array(1000) },
            { shape: [10], data: new Float32Array(10) },
          ],
        },
      ]);
    const convert = (bytes: Uint8Array) => () =>
      convertCaffeToOnnx({ prototxt, caffemodel: bytes, name: 'g', caffemodelName: 'tiny.caffemodel' });
    expect(convert(tiny('conv1', 20))).toThrow(
      "tiny.caffemodel has no weights for layer 'conv1/7x7_s2' (Convolution), which the prototxt needs (weights [64, 3, 7, 7] and bias [64]); its learned layers are 'conv1', 'ip1'. Is the caffemodel from another network?",
    );
    expect(convert(tiny('conv1/7x7_s2', 32))).toThrow(
      "layer 'conv1/7x7_s2' (Convolution): blob 0 (weights) is [32, 3, 7, 7] in tiny.caffemodel, but the prototxt implies [64, 3, 7, 7]. Is the caffemodel from another network, or was num_output changed?",
    );
  });

  it('at another input size, the classifier weights no longer fit: names the layer and both shapes', () => {
    expect(() =>
      convertCaffeToOnnx({
        prototxt,
        caffemodel,
        name: 'g',
        inputSize: { height: 256, width: 256 },
        caffemodelName: 'bvlc_googlenet.caffemodel',
      }),
    ).toThrow(
      "layer 'loss3/classifier' (InnerProduct): blob 0 (weights) is [1000, 1024] in bvlc_googlenet.caffemodel, but the prototxt implies [1000, 4096].",
    );
  });
});

describe.skipIf(!fixturesAvailable)(fixtureSuite('convertCaffeToOnnx on detectnet.prototxt at 512x1024'), () => {
  let result: CaffeConversion;

  beforeAll(() => {
    const prototxt = readFixtureText('caffe/detectnet.prototxt');
    const caffemodel = writeCaffeModel(layersForPrototxt(prototxt, syntheticWeights({ seed: 1 })));
    result = convertCaffeToOnnx({ prototxt, caffemodel, name: 'detectnet', inputSize: { height: 512, width: 1024 } });
  });

  it("outputs the cluster layer's bottoms, coverage and bboxes, on the stride-16 grid", () => {
    expect(result.summary.inputs).toEqual([{ name: 'data', dims: ['N', 3, 512, 1024] }]);
    expect(result.summary.outputs).toEqual([
      { name: 'coverage', dims: ['N', 1, 32, 64] },
      { name: 'bboxes', dims: ['N', 4, 32, 64] },
    ]);
    expect(result.summary.parameterCount).toBe(5_978_677);
  });

  it('returns the cluster param_str as written, and fitted to the converted input size', () => {
    const written = DIGITS_EXAMPLE_CLUSTER;
    expect(result.summary.detection).toEqual({
      layer: 'cluster',
      paramStr: DIGITS_EXAMPLE_PARAM_STR,
      params: written,
      forInput: { ...written, imageWidth: 1024, imageHeight: 512 },
      coverage: 'coverage',
      bboxes: 'bboxes',
    });
    expect(result.summary.layers.find((l) => l.name === 'cluster')).toEqual({
      name: 'cluster',
      type: 'Python',
      onnx: [],
      note: "DetectNet clustering: runs in the app on coverage and bboxes (param_str '640, 640, 16, 0.6, 2, 0.02, 22, 1')",
    });
    const metadata = Object.fromEntries((decodeModel(result.model).metadataProps ?? []).map((p) => [p.key, p.value]));
    expect(metadata['detectnet.param_str']).toBe('640, 640, 16, 0.6, 2, 0.02, 22, 1');
    expect(metadata['detectnet.param_str_for_input']).toBe('1024, 512, 16, 0.6, 2, 0.02, 22, 1, 50');
  });

  it('removes the Dropout and keeps deploy_transform as one Add', () => {
    const byName = new Map(result.summary.layers.map((l) => [l.name, l]));
    expect(byName.get('pool5/drop_s1')?.onnx).toEqual([]);
    expect(byName.get('deploy_transform')?.onnx).toEqual(['Add']);
  });
});
