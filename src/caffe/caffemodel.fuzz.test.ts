// Fuzzing the .caffemodel reader with mutations of small models written by writeCaffeModel:
// current `layer` files, V1 `layers` files and legacy 4-D blob dims.
import { describe, expect, it } from 'vitest';
import { AppError } from '../domain/errors';
import { binaryMutator, fuzzTest, nestGroups, nestProtobuf, varint } from '../onnx/testing/fuzz';
import { readCaffeModel, type CaffeModel } from './caffemodel';
import { miniCaffeModel } from './testing/miniNet';
import { writeCaffeModel, type LayerToWrite } from './testing/writeCaffeModel';

const layers: LayerToWrite[] = [
  {
    name: 'conv',
    type: 'Convolution',
    bottoms: ['data'],
    tops: ['conv'],
    blobs: [
      { shape: [2, 1, 1, 3], data: new Float32Array([1, -2, 3.5, 4, 5, -6]) },
      { shape: [2], data: new Float32Array([0.25, -0.5]) },
    ],
  },
  { name: 'relu', type: 'ReLU', bottoms: ['conv'], tops: ['conv'], blobs: [] },
  { name: 'fc', type: 'InnerProduct', bottoms: ['conv'], tops: ['fc'], blobs: [{ shape: [1, 6], data: new Float32Array(6).fill(0.5) }] },
];

const seeds = [
  writeCaffeModel(layers, { name: 'tiny' }),
  writeCaffeModel(layers, { name: 'tiny', format: 'V1', legacyShapes: true }),
  writeCaffeModel(layers, { legacyShapes: true }),
  miniCaffeModel(3),
];

/** Every blob holds as many values as its shape says, and the total is what the model reports. */
function checkModel(result: unknown): string | undefined {
  const model = result as CaffeModel;
  let total = 0;
  for (const layer of model.layers.values()) {
    if (!layer.name) return 'a layer without a name';
    for (const blob of layer.blobs) {
      const count = blob.shape.reduce((a, b) => a * b, 1);
      if (count !== blob.data.length) return `layer '${layer.name}': shape [${blob.shape.join(', ')}] with ${blob.data.length} values`;
      total += blob.data.length;
    }
  }
  return total === model.valueCount ? undefined : `valueCount ${model.valueCount}, blobs hold ${total}`;
}

describe('caffemodel fuzzing', () => {
  fuzzTest(
    '2,000 mutated caffemodels decode, or fail with CAFFEMODEL_INVALID',
    {
      name: 'caffemodel',
      seed: 21,
      cases: 2000,
      seeds,
      // NetParameter.layer (100), V1 layers (2), LayerParameter.blobs (7), BlobProto.shape (7).
      mutate: binaryMutator({ nestFields: [100, 7, 2, 6] }),
      parse: (bytes) => readCaffeModel(bytes, 'snapshot_iter_1.caffemodel'),
      codes: ['CAFFEMODEL_INVALID'],
      check: checkModel,
      sizeOf: (bytes) => bytes.length,
    },
    { results: 100, errors: { CAFFEMODEL_INVALID: 100 } },
  );
});

describe('caffemodel: hostile inputs', () => {
  const outcome = (bytes: Uint8Array): string => {
    try {
      readCaffeModel(bytes, 'bad.caffemodel');
      return 'read';
    } catch (error) {
      return error instanceof AppError ? `${error.code}: ${error.message}` : `${(error as Error).name}: ${(error as Error).message}`;
    }
  };

  it('100,000 nested protobuf groups (a level of recursion each when skipped) are not a Caffe model', () => {
    expect(outcome(nestGroups(seeds[0]!, 100_000))).toMatch(/^CAFFEMODEL_INVALID: not a Caffe model: bad\.caffemodel does not decode/);
  });

  it('a blob whose length field claims 4 GB is refused without allocating it', () => {
    // layer { name: "x" blobs { data: <length 2^32 - 1> ... } }
    const blob = [...varint((5 << 3) | 2), ...varint(0xffffffff), 1, 2, 3, 4];
    const layer = [...varint((1 << 3) | 2), 1, 0x78, ...varint((7 << 3) | 2), ...varint(blob.length), ...blob];
    const bytes = Uint8Array.from([...varint((100 << 3) | 2), ...varint(layer.length), ...layer]);
    expect(outcome(bytes)).toMatch(/^CAFFEMODEL_INVALID: not a Caffe model: bad\.caffemodel/);
  });

  it('50,000 nested layer messages are read as one unnamed layer, not followed down', () => {
    expect(outcome(nestProtobuf(new Uint8Array([0x0a, 0x01, 0x78]), [100], 50_000))).toMatch(/^CAFFEMODEL_INVALID: /);
  });
});
