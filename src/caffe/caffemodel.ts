// Reads a .caffemodel (a binary NetParameter) into the learned blobs of each layer, by name,
// which is how Caffe's Net::CopyTrainedLayersFrom matches weights to a prototxt. Handles
// current `layer` entries, deprecated V1 `layers` (the 2014 Model Zoo files) and V0 layers
// nested in them. Hyper-parameters in the file are ignored: the prototxt decides them.
import protobuf from 'protobufjs/light.js';
import { AppError } from '../domain/errors';
import { decodeMessage } from '../onnx/protobufReflect';
import { MissingBlobDataError, toCaffeBlob } from './caffeBlob';
import type { CaffeBlob } from './caffeBlob';
import { caffeTypes } from './caffeSchema';
import type { BlobDataEncoding, BlobProtoMessage, NetParameterMessage } from './caffeSchema';
import { v1LayerTypeName } from './netSpec';

export interface CaffeModelLayer {
  readonly name: string;
  /** The current Caffe type name (`Convolution`), also for V1 files; '' when the file has none. */
  readonly type: string;
  readonly blobs: readonly CaffeBlob[];
}

export interface CaffeModel {
  /** NetParameter.name, '' when absent. */
  readonly name: string;
  /** Every layer of the file, in file order. A name given twice keeps the last, as Caffe's copy does. */
  readonly layers: ReadonlyMap<string, CaffeModelLayer>;
  /** `layer` (current) or `layers` (deprecated V1, possibly with V0 inside). */
  readonly format: 'layer' | 'V1';
  /** Sum of all blob sizes (learned values) in the file. */
  readonly valueCount: number;
}

/** The file is not a (complete) binary Caffe model. Its message always starts with "not a Caffe model: ". */
export class CaffeModelError extends AppError {
  constructor(reason: string, options?: { cause?: unknown }) {
    super('CAFFEMODEL_INVALID', `not a Caffe model: ${reason}`, options);
    this.name = 'CaffeModelError';
  }
}

const bytesText = (n: number): string => `${n.toLocaleString('en-US')} bytes`;

/** Printable ASCII and whitespace only: a prototxt, JSON, HTML error page... */
function looksLikeText(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 256);
  return head.length > 0 && head.every((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127));
}

interface RawLayer {
  name: string;
  type: string;
  blobs: BlobProtoMessage[];
}

function rawLayers(net: NetParameterMessage): { format: CaffeModel['format']; layers: RawLayer[] } {
  const current = net.layer ?? [];
  const legacy = net.layers ?? [];
  if (current.length > 0 && legacy.length > 0) {
    throw new CaffeModelError("it mixes 'layer' and deprecated 'layers' entries, which Caffe itself refuses");
  }
  if (legacy.length > 0) {
    return {
      format: 'V1',
      layers: legacy.map((l) => ({
        name: l.name || l.layer?.name || '',
        type: (l.type ? v1LayerTypeName(l.type) : undefined) ?? l.layer?.type ?? '',
        blobs: l.blobs?.length ? l.blobs : (l.layer?.blobs ?? []),
      })),
    };
  }
  return { format: 'layer', layers: current.map((l) => ({ name: l.name ?? '', type: l.type ?? '', blobs: l.blobs ?? [] })) };
}

function toLayers(raw: readonly RawLayer[]): Map<string, CaffeModelLayer> {
  const layers = new Map<string, CaffeModelLayer>();
  raw.forEach((l, index) => {
    if (!l.name) throw new CaffeModelError(`layer #${index + 1} has no name (every layer of a Caffe model has one)`);
    const blobs = l.blobs.map((b, i) => toCaffeBlob(b, `blob ${i} of layer '${l.name}'`));
    layers.set(l.name, { name: l.name, type: l.type, blobs });
  });
  return layers;
}

/**
 * Why protobufjs could not decode `bytes` as a NetParameter, in the user's terms. Walks the
 * top-level fields with protobufjs' Reader. Only a file that starts with complete, named
 * layers and then runs out is called truncated; anything else is "not a Caffe model".
 */
function diagnose(bytes: Uint8Array, fileName: string, cause: unknown): CaffeModelError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  const notCaffe = () => new CaffeModelError(`${fileName} does not decode as a Caffe NetParameter (${reason})`, { cause });
  const truncated = (layers: number, last: string, needed: string) =>
    new CaffeModelError(
      `${fileName} is truncated: it is ${bytesText(bytes.length)} long but layer #${layers + 1} (after '${last}') ${needed}. Copy or download it again.`,
      { cause },
    );
  const reader = protobuf.Reader.create(bytes);
  const { LayerParameter, V1LayerParameter } = caffeTypes('bytes');
  let layersSeen = 0;
  let lastLayer = '';
  while (reader.pos < reader.len) {
    let field: number;
    let end: number;
    try {
      const tag = reader.uint32();
      field = tag >>> 3;
      const wire = tag & 7;
      if (field === 0 || wire > 5) return notCaffe();
      if (wire !== 2) {
        reader.skipType(wire);
        continue;
      }
      const length = reader.uint32();
      end = reader.pos + length;
    } catch {
      return layersSeen > 0 ? truncated(layersSeen, lastLayer, 'is cut off') : notCaffe();
    }
    if (end > reader.len)
      return layersSeen > 0 ? truncated(layersSeen, lastLayer, `runs to byte ${end.toLocaleString('en-US')}`) : notCaffe();
    if (field === 100 || field === 2) {
      try {
        const layer = decodeMessage<{ name?: string; layer?: { name?: string } }>(
          field === 100 ? LayerParameter : V1LayerParameter,
          bytes.subarray(reader.pos, end),
        );
        const name = layer.name || layer.layer?.name;
        if (!name) return notCaffe();
        lastLayer = name;
        layersSeen += 1;
      } catch {
        return notCaffe();
      }
    }
    reader.pos = end;
  }
  return notCaffe();
}

interface Decoded {
  readonly name: string;
  readonly format: CaffeModel['format'];
  readonly layers: Map<string, CaffeModelLayer>;
}

function decode(bytes: Uint8Array, encoding: BlobDataEncoding): Decoded {
  // protobufjs errors (truncation, bad tags) escape as they are, for diagnose().
  const net = decodeMessage<NetParameterMessage>(caffeTypes(encoding).NetParameter, bytes);
  const { format, layers } = rawLayers(net);
  try {
    return { name: net.name ?? '', format, layers: toLayers(layers) };
  } catch (error) {
    if (error instanceof CaffeModelError || error instanceof MissingBlobDataError) throw error;
    // A blob whose values do not fill its shape: the bytes were valid protobuf, the content is not.
    throw new CaffeModelError(error instanceof Error ? error.message : String(error), { cause: error });
  }
}

/**
 * Decodes a .caffemodel. `fileName` only appears in error messages. Throws CaffeModelError
 * for anything that is not a complete binary Caffe model, naming what is wrong.
 */
export function readCaffeModel(bytes: Uint8Array, fileName = 'the file'): CaffeModel {
  if (bytes.length === 0) throw new CaffeModelError(`${fileName} is empty`);
  if (looksLikeText(bytes)) {
    const start = new TextDecoder().decode(bytes.subarray(0, 40)).split('\n')[0];
    throw new CaffeModelError(`${fileName} is a text file (it starts with "${start}"); a .caffemodel is binary. Is it the .prototxt?`);
  }
  let decoded: Decoded;
  try {
    decoded = decode(bytes, 'bytes');
  } catch (error) {
    if (error instanceof CaffeModelError) throw error;
    if (!(error instanceof MissingBlobDataError)) throw diagnose(bytes, fileName, error);
    // Unpacked float data (old writers): protobufjs' repeated-float schema reads both encodings.
    try {
      decoded = decode(bytes, 'floats');
    } catch (retry) {
      if (retry instanceof CaffeModelError) throw retry;
      throw new CaffeModelError(`${fileName}: ${retry instanceof Error ? retry.message : String(retry)}`, { cause: retry });
    }
  }
  if (decoded.layers.size === 0) {
    throw new CaffeModelError(`${fileName} holds no layers (a Caffe model has 'layer' entries with their weights)`);
  }
  const valueCount = [...decoded.layers.values()].reduce((sum, l) => sum + l.blobs.reduce((s, b) => s + b.data.length, 0), 0);
  return { ...decoded, valueCount };
}
