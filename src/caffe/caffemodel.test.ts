import protobuf from 'protobufjs/light.js';
import { describe, expect, it } from 'vitest';
import { float32Bytes } from '../onnx/float32Bytes';
import { encodeModel } from '../onnx/schema';
import { buildGoogLeNet } from '../onnx/googlenet';
import { mulberry32 } from '../onnx/seededRandom';
import { caffeTypes } from './caffeSchema';
import { CaffeModelError, readCaffeModel } from './caffemodel';
import { miniCaffeModel } from './testing/miniNet';
import { writeCaffeModel } from './testing/writeCaffeModel';
import type { LayerToWrite } from './testing/writeCaffeModel';

const conv: LayerToWrite = {
  name: 'conv',
  type: 'Convolution',
  bottoms: ['data'],
  tops: ['conv'],
  blobs: [
    { shape: [2, 1, 1, 3], data: new Float32Array([1, -2, 3.5, 4, 5, -6]) },
    { shape: [2], data: new Float32Array([0.25, -0.5]) },
  ],
};
const fc: LayerToWrite = { name: 'fc', type: 'InnerProduct', blobs: [{ shape: [1, 6], data: new Float32Array([1, 2, 3, 4, 5, 6]) }] };
const relu: LayerToWrite = { name: 'relu', type: 'ReLU', blobs: [] };

const plain = (data: Float32Array) => Array.from(data);

describe('readCaffeModel', () => {
  it('reads layer names, types, blob shapes and values back from writeCaffeModel (current `layer` format)', () => {
    const model = readCaffeModel(writeCaffeModel([conv, relu, fc], { name: 'tiny' }));
    expect(model.name).toBe('tiny');
    expect(model.format).toBe('layer');
    expect([...model.layers.keys()]).toEqual(['conv', 'relu', 'fc']);
    const c = model.layers.get('conv');
    expect(c?.type).toBe('Convolution');
    expect(c?.blobs.map((b) => [b.shape, b.legacyShape, plain(b.data)])).toEqual([
      [[2, 1, 1, 3], false, [1, -2, 3.5, 4, 5, -6]],
      [[2], false, [0.25, -0.5]],
    ]);
    expect(model.layers.get('relu')?.blobs).toEqual([]);
    expect(model.valueCount).toBe(6 + 2 + 6);
  });

  it('reads deprecated V1 `layers` with enum types and legacy num/channels/height/width dims', () => {
    const model = readCaffeModel(writeCaffeModel([conv, relu, fc], { format: 'V1', legacyShapes: true }));
    expect(model.format).toBe('V1');
    expect([...model.layers.values()].map((l) => [l.name, l.type])).toEqual([
      ['conv', 'Convolution'],
      ['relu', 'ReLU'],
      ['fc', 'InnerProduct'],
    ]);
    expect(model.layers.get('conv')?.blobs.map((b) => [b.shape, b.legacyShape])).toEqual([
      [[2, 1, 1, 3], true],
      [[1, 1, 1, 2], true],
    ]);
    expect(plain(model.layers.get('fc')?.blobs[0]?.data ?? new Float32Array())).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('reads V0 layers nested in V1 entries (name and blobs inside `layer`)', () => {
    const { NetParameter } = caffeTypes('bytes');
    const bytes = NetParameter.encode(
      NetParameter.create({
        layers: [
          {
            layer: {
              name: 'conv1',
              type: 'conv',
              blobs: [{ num: 1, channels: 1, height: 1, width: 2, data: float32Bytes(new Float32Array([7, 8])) }],
            },
          },
        ],
      }),
    ).finish();
    const layer = readCaffeModel(bytes).layers.get('conv1');
    expect([layer?.type, layer?.blobs[0]?.shape, plain(layer?.blobs[0]?.data ?? new Float32Array())]).toEqual([
      'conv',
      [1, 1, 1, 2],
      [7, 8],
    ]);
  });

  it('reads unpacked float data (old writers) and double_data', () => {
    // NetParameter { layer (100) { name (1): "u", blobs (7) { shape (7) { dim: 3 }, data (5) unpacked x3 } } }
    const blob = protobuf.Writer.create();
    blob
      .uint32((7 << 3) | 2)
      .fork()
      .uint32((1 << 3) | 2)
      .fork()
      .int64(3)
      .ldelim()
      .ldelim();
    for (const v of [1.5, -2, 3]) blob.uint32((5 << 3) | 5).float(v);
    const blobBytes = blob.finish();
    const layer = protobuf.Writer.create();
    layer
      .uint32((1 << 3) | 2)
      .string('u')
      .uint32((7 << 3) | 2)
      .bytes(blobBytes);
    const unpacked = protobuf.Writer.create()
      .uint32((100 << 3) | 2)
      .bytes(layer.finish())
      .finish();
    expect(plain(readCaffeModel(unpacked).layers.get('u')?.blobs[0]?.data ?? new Float32Array())).toEqual([1.5, -2, 3]);

    const { NetParameter } = caffeTypes('floats');
    const doubles = NetParameter.encode(
      NetParameter.create({ layer: [{ name: 'd', blobs: [{ shape: { dim: [2] }, doubleData: [0.1, -3] }] }] }),
    ).finish();
    expect(plain(readCaffeModel(doubles).layers.get('d')?.blobs[0]?.data ?? new Float32Array())).toEqual([Math.fround(0.1), -3]);
  });

  it('copies blob values out of the file buffer (the caller may reuse it)', () => {
    const bytes = writeCaffeModel([conv]);
    const model = readCaffeModel(bytes);
    bytes.fill(0);
    expect(plain(model.layers.get('conv')?.blobs[1]?.data ?? new Float32Array())).toEqual([0.25, -0.5]);
  });

  describe('refuses what is not a complete caffemodel, saying why', () => {
    const read = (bytes: Uint8Array) => () => readCaffeModel(bytes, 'snapshot_iter_10.caffemodel');

    it('a truncated file: names the layer after which it breaks off', () => {
      const bytes = miniCaffeModel(1);
      const error = (() => {
        try {
          readCaffeModel(bytes.subarray(0, Math.floor(bytes.length * 0.6)), 'snapshot_iter_10.caffemodel');
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(CaffeModelError);
      expect((error as Error).message).toMatch(
        /^not a Caffe model: snapshot_iter_10\.caffemodel is truncated: it is [\d,]+ bytes long but layer #\d+ \(after '[^']+'\) runs to byte [\d,]+\. Copy or download it again\.$/,
      );
    });

    it('random bytes', () => {
      const random = mulberry32(42);
      const bytes = Uint8Array.from({ length: 4096 }, () => Math.floor(random() * 256));
      expect(read(bytes)).toThrow(/^not a Caffe model: snapshot_iter_10\.caffemodel does not decode as a Caffe NetParameter \(.+\)$/);
    });

    it('an ONNX file', () => {
      expect(read(encodeModel(buildGoogLeNet(1).model))).toThrow(
        /^not a Caffe model: snapshot_iter_10\.caffemodel does not decode as a Caffe NetParameter/,
      );
    });

    it('a text file such as the prototxt', () => {
      expect(read(new TextEncoder().encode('name: "GoogleNet"\nlayer {\n  name: "data"\n'))).toThrow(
        'not a Caffe model: snapshot_iter_10.caffemodel is a text file (it starts with "name: "GoogleNet""); a .caffemodel is binary. Is it the .prototxt?',
      );
    });

    it('an empty file, or one with no layers', () => {
      expect(read(new Uint8Array())).toThrow('not a Caffe model: snapshot_iter_10.caffemodel is empty');
      expect(read(writeCaffeModel([], { name: 'x' }))).toThrow(
        "not a Caffe model: snapshot_iter_10.caffemodel holds no layers (a Caffe model has 'layer' entries with their weights)",
      );
    });

    it('a blob whose values do not fill its shape', () => {
      const { NetParameter } = caffeTypes('bytes');
      const bytes = NetParameter.encode(
        NetParameter.create({ layer: [{ name: 'c', blobs: [{ shape: { dim: [2, 2] }, data: float32Bytes(new Float32Array(3)) }] }] }),
      ).finish();
      expect(read(bytes)).toThrow("not a Caffe model: blob 0 of layer 'c' has shape [2, 2] (4 values) but holds 3 values");
    });
  });

  it('decodes a 53 MB caffemodel in well under 3 s', () => {
    // 13.4 M floats, as bvlc_googlenet.caffemodel (deploy layers plus the auxiliary classifiers).
    const layers: LayerToWrite[] = Array.from({ length: 14 }, (_, i) => ({
      name: `layer${i}`,
      type: 'Convolution',
      blobs: [
        { shape: [1000, 956], data: new Float32Array(956_000).fill(i + 0.5) },
        { shape: [1000], data: new Float32Array(1000) },
      ],
    }));
    const bytes = writeCaffeModel(layers);
    expect(bytes.length).toBeGreaterThan(53_000_000);
    const start = performance.now();
    const model = readCaffeModel(bytes);
    const elapsed = performance.now() - start;
    expect(model.valueCount).toBe(14 * 957_000);
    expect(model.layers.get('layer13')?.blobs[0]?.data[955_999]).toBe(13.5);
    console.info(`readCaffeModel: ${(bytes.length / 1e6).toFixed(1)} MB in ${elapsed.toFixed(0)} ms`);
    expect(elapsed).toBeLessThan(3000);
  });
});
