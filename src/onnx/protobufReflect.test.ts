import type protobuf from 'protobufjs/light.js';
import { describe, expect, it } from 'vitest';
import { caffeTypes } from '../caffe/caffeSchema';
import { miniCaffeModel } from '../caffe/testing/miniNet';
import { buildGoogLeNet } from './googlenet';
import { decodeMessage, encodeMessage } from './protobufReflect';
import { GraphBuilder } from './builder';
import { decodeModel, encodeModel, ModelType } from './schema';
import { writeCaffeModel } from '../caffe/testing/writeCaffeModel';
import { nestProtobuf } from './testing/fuzz';

/** protobufjs' generated code (fine in Node, refused by the app's CSP in the browser): the reference. */
const generatedDecode = (type: protobuf.Type, bytes: Uint8Array) =>
  type.toObject(type.decode(bytes), { longs: Number, enums: Number, arrays: true });

function tinyModel() {
  const builder = new GraphBuilder('tiny', {
    weights: ({ dims }) => new Float32Array(dims.reduce((a, b) => a * b, 1)).fill(0.25),
    bias: ({ size }) => new Float32Array(size),
  });
  const conv = builder.conv({ name: 'conv', input: builder.input('data', ['N', 3, 8, 8]), outChannels: 2, kernel: 3, pad: 1 });
  builder.output(
    builder.softmax({ name: 'prob', input: builder.fc({ name: 'fc', input: builder.flatten('flat', conv), outFeatures: 4 }) }),
  );
  return builder.build({ producerVersion: 'test', metadata: { note: '' } });
}

describe('protobufReflect (protobuf without generated code)', () => {
  const googlenet = buildGoogLeNet(1).model;

  it('encodes GoogLeNet byte for byte as protobufjs does', () => {
    const ours = encodeModel(googlenet);
    const theirs = ModelType.encode(ModelType.fromObject(googlenet)).finish();
    expect(ours.length).toBe(theirs.length);
    expect(Buffer.compare(Buffer.from(ours), Buffer.from(theirs))).toBe(0);
  });

  it('decodes a model to what protobufjs decode + toObject gives, and GoogLeNet back to its own bytes', () => {
    const tiny = encodeModel(tinyModel());
    expect(decodeModel(tiny)).toEqual(generatedDecode(ModelType, tiny));
    const bytes = encodeModel(googlenet);
    expect(Buffer.compare(Buffer.from(encodeModel(decodeModel(bytes))), Buffer.from(bytes))).toBe(0);
  });

  it('decodes caffemodels (packed bytes and repeated floats, current and V1) as protobufjs does', () => {
    const v1 = writeCaffeModel(
      [
        { name: 'conv', type: 'Convolution', blobs: [{ shape: [2, 1, 1, 3], data: new Float32Array([1, -2, 3.5, 4, 5, -6]) }] },
        { name: 'fc', type: 'InnerProduct', blobs: [{ shape: [1, 2], data: new Float32Array([0.5, 0]) }] },
      ],
      { format: 'V1', legacyShapes: true, name: 'v1' },
    );
    for (const bytes of [miniCaffeModel(3), v1]) {
      for (const encoding of ['bytes', 'floats'] as const) {
        const { NetParameter } = caffeTypes(encoding);
        expect(decodeMessage(NetParameter, bytes)).toEqual(generatedDecode(NetParameter, bytes));
      }
    }
  });

  it('names the path of a value of the wrong kind', () => {
    const node = { ...googlenet.graph.node![0]!, attribute: [{ name: 'ints', type: 7, ints: [0.5] }] };
    const broken = { ...googlenet, graph: { ...googlenet.graph, node: [node] } };
    expect(() => encodeModel(broken)).toThrow('ONNX model does not fit onnx.ModelProto: model.graph.node.attribute.ints: integer expected');
  });

  it('refuses messages nested more than 100 deep, and tags with field number 0', () => {
    const { NetParameter } = caffeTypes('bytes');
    // NetParameter.layer (100) -> LayerParameter.blobs (7) -> BlobProto.shape (7): 3 levels; deeper nesting is in unknown fields.
    // From the outside: ModelProto.graph (7), then GraphProto.node (1) -> NodeProto.attribute (5) -> AttributeProto.g (6) -> ...
    const outsideIn = [7, ...Array.from({ length: 299 }, (_, i) => [1, 5, 6][i % 3] as number)];
    expect(() => decodeMessage(ModelType, nestProtobuf(new Uint8Array(0), outsideIn.reverse(), 300))).toThrow('max depth exceeded');
    expect(() => decodeMessage(NetParameter, new Uint8Array([0x00, 0x01]))).toThrow('illegal tag: field number 0');
    expect(Array.from(encodeMessage(NetParameter, { name: 'x', layer: [] }))).toEqual([0x0a, 0x01, 0x78]);
  });
});
