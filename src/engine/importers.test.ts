// The worker's importers, with the model library on an in-memory stand-in for the Origin
// Private File System (platform/testing/memoryOpfs.ts; Node has no OPFS): what each import
// stores, the manifest it writes, its progress, and the errors that name a user's bad file.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { libraryManifestUrl } from '../domain/library';
import type { ModelManifest } from '../domain/manifest';
import { layersForPrototxt, writeCaffeModel } from '../caffe/testing/writeCaffeModel';
import { MINI_NET, miniCaffeModel } from '../caffe/testing/miniNet';
import { GraphBuilder } from '../onnx/builder';
import { decodeModel, encodeModel } from '../onnx/schema';
import { syntheticWeights } from '../onnx/weightInit';
import { readLibraryUrl } from '../platform/library';
import { MemoryDirectory, navigatorWithOpfs } from '../platform/testing/memoryOpfs';
import { importCaffeJob, importOnnx, importTrainedGoogLeNet, inspectOnnx } from './importers';

const LABELS_URL = 'http://lab.test/models/imagenet/labels.txt';

beforeEach(() => {
  vi.stubGlobal('navigator', navigatorWithOpfs(new MemoryDirectory('')));
});
afterEach(() => {
  vi.unstubAllGlobals();
});

/** protobufjs and the writers give Uint8Array<ArrayBufferLike>; a Blob takes ArrayBuffer-backed views. */
const blobOf = (bytes: Uint8Array) => new Blob([bytes as Uint8Array<ArrayBuffer>]);

const stored = async (id: string, file: string) =>
  new TextDecoder().decode(await readLibraryUrl(libraryManifestUrl(id).replace('manifest.json', file)));

/** A 3-channel Caffe classifier small enough to convert in a test. */
const TINY_NET = `name: "tiny"
layer { name: "data" type: "Input" top: "data" input_param { shape { dim: 1 dim: 3 dim: 8 dim: 8 } } }
layer { name: "conv" type: "Convolution" bottom: "data" top: "conv" convolution_param { num_output: 4 kernel_size: 3 } }
layer { name: "pool" type: "Pooling" bottom: "conv" top: "pool" pooling_param { pool: MAX kernel_size: 2 stride: 2 } }
layer { name: "fc" type: "InnerProduct" bottom: "pool" top: "fc" inner_product_param { num_output: 1000 } }
layer { name: "prob" type: "Softmax" bottom: "fc" top: "prob" }
`;
const tinyCaffemodel = () => blobOf(writeCaffeModel(layersForPrototxt(TINY_NET, syntheticWeights({ seed: 3 }))));

const caffeRequest = (overrides = {}) => ({
  name: 'Tiny Net',
  prototxt: TINY_NET,
  prototxtName: 'deploy.prototxt',
  caffemodel: tinyCaffemodel(),
  caffemodelName: 'snapshot_iter_9.caffemodel',
  ...overrides,
});

describe('importCaffeJob', () => {
  it('converts, stores model, manifest and labels, and reports reading then each layer', async () => {
    const progress: { stage: string; loaded: number; total: number }[] = [];
    const request = caffeRequest({ labels: 'a\nb', channelMean: [104, 117, 123] });
    const result = await importCaffeJob(request, LABELS_URL, (e) => progress.push(e));
    expect(result.entry).toMatchObject({ id: 'tiny-net', name: 'Tiny Net', task: 'classification', kind: 'caffe' });
    expect(result.manifestUrl).toBe(libraryManifestUrl('tiny-net'));
    expect(result.summary.outputs).toEqual([{ name: 'prob', dims: ['N', 1000] }]);
    expect(progress[0]).toEqual({ stage: 'download', loaded: 0, total: request.caffemodel.size });
    expect(progress.slice(1).map((p) => `${p.loaded}/${p.total}`)).toEqual(['1/4', '2/4', '3/4', '4/4']);

    const manifest = JSON.parse(await stored('tiny-net', 'manifest.json')) as ModelManifest;
    expect(manifest).toMatchObject({
      id: 'tiny-net',
      task: 'classification',
      weights: 'trained',
      model: 'model.onnx',
      labels: 'labels.txt',
      input: { name: 'data', shape: [-1, 3, 8, 8], channelOrder: 'BGR', mean: [104, 117, 123] },
      outputs: [{ name: 'prob', kind: 'probabilities' }],
    });
    expect(await stored('tiny-net', 'labels.txt')).toBe('a\nb');
    const onnx = decodeModel(await readLibraryUrl(libraryManifestUrl('tiny-net').replace('manifest.json', 'model.onnx')));
    expect(onnx.graph.node?.map((n) => n.opType)).toEqual(['Conv', 'MaxPool', 'Flatten', 'Gemm', 'Softmax']);
  });

  it("a 1000-way classifier without labels gets the app's ImageNet labels", async () => {
    await importCaffeJob(caffeRequest(), LABELS_URL, () => {});
    expect(JSON.parse(await stored('tiny-net', 'manifest.json'))).toMatchObject({ labels: LABELS_URL });
  });

  it("a prototxt error keeps the reader's code and message (file, line, column)", async () => {
    await expect(importCaffeJob(caffeRequest({ prototxt: 'layer { name: ' }), LABELS_URL, () => {})).rejects.toMatchObject({
      code: 'PROTOTXT_INVALID',
      message: expect.stringMatching(/^deploy\.prototxt line 1, column \d+: /),
    });
  });

  it('a net whose input is not 3 channels is refused, naming the shape (the app feeds colour images)', async () => {
    await expect(
      importCaffeJob(caffeRequest({ name: 'mini', prototxt: MINI_NET, caffemodel: blobOf(miniCaffeModel(5)) }), LABELS_URL, () => {}),
    ).rejects.toMatchObject({
      code: 'MANIFEST_INVALID',
      message: 'manifest the converted mini: "input.shape" must have 3 channels and a positive size, got [-1,4,10,11]',
    });
  });
});

/** An ONNX classifier [N,3,224,224] -> Softmax 'prob'. */
function onnxClassifier(): Uint8Array {
  const b = new GraphBuilder('g', syntheticWeights({ seed: 1 }));
  const x = b.input('data_0', ['N', 3, 224, 224]);
  const pooled = b.avgPool({ name: 'gap', input: x, kernel: 224, ceil: false });
  b.output(b.softmax({ name: 'prob', input: b.fc({ name: 'fc', input: b.flatten('flat', pooled), outFeatures: 1000 }) }));
  return encodeModel(b.build({ producerVersion: 'test' }));
}

describe('inspectOnnx and importOnnx', () => {
  it("reads a file's inputs, outputs and last op, and proposes Caffe's BGR mean for a data_0 input", async () => {
    const { signature, proposal } = await inspectOnnx(blobOf(onnxClassifier()), 'GoogLeNet Zoo.onnx', LABELS_URL);
    expect(signature).toEqual({
      inputs: [{ name: 'data_0', dims: ['N', 3, 224, 224] }],
      outputs: [{ name: 'prob', dims: ['N', 1000] }],
      lastOp: 'Softmax',
    });
    expect(proposal).toMatchObject({
      id: 'googlenet-zoo',
      name: 'GoogLeNet Zoo',
      task: 'classification',
      labels: LABELS_URL,
      input: { shape: [-1, 3, 224, 224], channelOrder: 'BGR', mean: [104, 117, 123] },
      outputs: [{ name: 'prob', kind: 'probabilities' }],
    });
  });

  it('a file that is not ONNX: MODEL_INVALID naming the file', async () => {
    await expect(inspectOnnx(new Blob([new Uint8Array([0xff, 0xff, 0xff, 0x01])]), 'photo.onnx', LABELS_URL)).rejects.toMatchObject({
      code: 'MODEL_INVALID',
      message: expect.stringMatching(/^"photo\.onnx" is not an ONNX model this app can read: /),
    });
  });

  it('stores the file with the confirmed manifest pointing at the stored model and labels', async () => {
    const { proposal } = await inspectOnnx(blobOf(onnxClassifier()), 'zoo.onnx', LABELS_URL);
    const result = await importOnnx(blobOf(onnxClassifier()), { ...proposal, model: 'https://elsewhere/x.onnx' }, 'cat\ndog');
    expect(result.entry).toMatchObject({ id: 'zoo', kind: 'onnx' });
    expect(JSON.parse(await stored('zoo', 'manifest.json'))).toMatchObject({ model: 'model.onnx', labels: 'labels.txt' });
  });

  it('refuses a manifest the form got wrong, naming the field', async () => {
    await expect(importOnnx(blobOf(onnxClassifier()), { id: 'x', name: 'x', task: 'segmentation' })).rejects.toMatchObject({
      code: 'MANIFEST_INVALID',
      message: expect.stringContaining('"task" must be one of classification, detectnet, yolox'),
    });
  });
});

describe('importTrainedGoogLeNet', () => {
  it("another network's caffemodel: CAFFEMODEL_INVALID naming the first GoogLeNet layer it lacks", async () => {
    const builtIn = { id: 'googlenet' } as ModelManifest;
    await expect(importTrainedGoogLeNet(writeCaffeModel([]), 'lenet.caffemodel', builtIn, LABELS_URL)).rejects.toMatchObject({
      code: 'CAFFEMODEL_INVALID',
      message: expect.stringContaining('lenet.caffemodel'),
    });
  });
});
