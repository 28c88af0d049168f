// The subset of caffe.proto (BVLC/caffe, src/caffe/proto/caffe.proto) that a .caffemodel,
// a .binaryproto mean and our own test writer need: layer names, types, blobs. Field numbers
// are caffe.proto's; names are camelCase (protobufjs' JS convention) and never reach the wire.
// Everything else a caffemodel holds (convolution_param and friends: Caffe writes the whole
// layer definition next to its blobs) is skipped by protobufjs as unknown fields; the
// prototxt is the source of truth for hyper-parameters.
//
// Two variants of BlobProto differ only in how `data` (5) and `double_data` (8) are read:
// - 'bytes': declared `bytes`. Caffe writes them [packed = true], and a packed repeated float
//   is on the wire exactly a length-delimited run of little-endian floats, i.e. a `bytes`
//   field. protobufjs then hands back a view of the input (no per-value work), which is what
//   makes a 53 MB caffemodel decode in milliseconds instead of building 13 M-element JS
//   arrays. It is also what the writer uses, so written files are byte-for-byte what Caffe's
//   packed encoding gives.
// - 'floats': the faithful `repeated float` / `repeated double`. protobufjs accepts both packed
//   and unpacked encodings for it; when any blob was written unpacked (very old files), which
//   the 'bytes' variant cannot read (wrong wire type), the reader decodes the whole file again
//   with it: slow for a large file, but such files are rare.
import protobuf from 'protobufjs/light.js';

export type BlobDataEncoding = 'bytes' | 'floats';

/** protobufjs gives int64 as a Long when long.js is loaded, else as a number. */
export type Int64 = number | { toNumber(): number };

export interface BlobShapeMessage {
  dim?: Int64[];
}

export interface BlobProtoMessage {
  shape?: BlobShapeMessage | null;
  /** A view of the packed little-endian floats ('bytes' variant) or the values ('floats'). */
  data?: Uint8Array | number[];
  doubleData?: Uint8Array | number[];
  /** Deprecated 4-D dims; 0 when absent. */
  num?: number;
  channels?: number;
  height?: number;
  width?: number;
}

export interface LayerParameterMessage {
  name?: string;
  type?: string;
  bottom?: string[];
  top?: string[];
  blobs?: BlobProtoMessage[];
}

export interface V0LayerParameterMessage {
  name?: string;
  type?: string;
  blobs?: BlobProtoMessage[];
}

export interface V1LayerParameterMessage {
  name?: string;
  /** V1LayerParameter.LayerType as its number (CONVOLUTION = 4, ...). */
  type?: number;
  bottom?: string[];
  top?: string[];
  blobs?: BlobProtoMessage[];
  /** V0 layers nested in V1 (2014 and older files keep name and blobs here). */
  layer?: V0LayerParameterMessage | null;
}

export interface NetParameterMessage {
  name?: string;
  layer?: LayerParameterMessage[];
  layers?: V1LayerParameterMessage[];
}

const packed = { packed: true };

function descriptor(encoding: BlobDataEncoding) {
  const floats = (type: 'float' | 'double', id: number) =>
    encoding === 'bytes' ? { type: 'bytes', id } : { rule: 'repeated', type, id, options: packed };
  return {
    nested: {
      caffe: {
        nested: {
          BlobShape: {
            fields: { dim: { rule: 'repeated', type: 'int64', id: 1, options: packed } },
          },
          BlobProto: {
            fields: {
              shape: { type: 'BlobShape', id: 7 },
              data: floats('float', 5),
              doubleData: floats('double', 8),
              num: { type: 'int32', id: 1 },
              channels: { type: 'int32', id: 2 },
              height: { type: 'int32', id: 3 },
              width: { type: 'int32', id: 4 },
            },
          },
          LayerParameter: {
            fields: {
              name: { type: 'string', id: 1 },
              type: { type: 'string', id: 2 },
              bottom: { rule: 'repeated', type: 'string', id: 3 },
              top: { rule: 'repeated', type: 'string', id: 4 },
              blobs: { rule: 'repeated', type: 'BlobProto', id: 7 },
            },
          },
          V0LayerParameter: {
            fields: {
              name: { type: 'string', id: 1 },
              type: { type: 'string', id: 2 },
              blobs: { rule: 'repeated', type: 'BlobProto', id: 50 },
            },
          },
          V1LayerParameter: {
            fields: {
              layer: { type: 'V0LayerParameter', id: 1 },
              bottom: { rule: 'repeated', type: 'string', id: 2 },
              top: { rule: 'repeated', type: 'string', id: 3 },
              name: { type: 'string', id: 4 },
              // An enum in caffe.proto; enums are varints on the wire, so int32 reads the number.
              type: { type: 'int32', id: 5 },
              blobs: { rule: 'repeated', type: 'BlobProto', id: 6 },
            },
          },
          NetParameter: {
            fields: {
              name: { type: 'string', id: 1 },
              layers: { rule: 'repeated', type: 'V1LayerParameter', id: 2 },
              layer: { rule: 'repeated', type: 'LayerParameter', id: 100 },
            },
          },
        },
      },
    },
  };
}

export interface CaffeTypes {
  readonly NetParameter: protobuf.Type;
  readonly LayerParameter: protobuf.Type;
  readonly V1LayerParameter: protobuf.Type;
  readonly BlobProto: protobuf.Type;
}

function types(encoding: BlobDataEncoding): CaffeTypes {
  const root = protobuf.Root.fromJSON(descriptor(encoding));
  return {
    NetParameter: root.lookupType('caffe.NetParameter'),
    LayerParameter: root.lookupType('caffe.LayerParameter'),
    V1LayerParameter: root.lookupType('caffe.V1LayerParameter'),
    BlobProto: root.lookupType('caffe.BlobProto'),
  };
}

const cache: Partial<Record<BlobDataEncoding, CaffeTypes>> = {};

/** The protobufjs types for one `data` encoding (built once, on first use). */
export function caffeTypes(encoding: BlobDataEncoding): CaffeTypes {
  return (cache[encoding] ??= types(encoding));
}

export function int64ToNumber(value: Int64): number {
  return typeof value === 'number' ? value : value.toNumber();
}
