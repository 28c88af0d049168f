// One decoded BlobProto as a typed array with its shape, following Caffe's Blob::FromProto:
// the deprecated num/channels/height/width win over `shape` when present, and the number of
// values must equal the product of the dims.
import { elementCount } from '../domain/tensor';
import { floatsFromBytes } from '../onnx/float32Bytes';
import { int64ToNumber } from './caffeSchema';
import type { BlobProtoMessage } from './caffeSchema';

export interface CaffeBlob {
  readonly shape: readonly number[];
  /**
   * The shape came from the deprecated 4-D fields. Caffe then compares shapes as 4-D with
   * leading 1s (a bias saved as 1x1x1x64 fits a blob of shape [64]); see shapesMatch.
   */
  readonly legacyShape: boolean;
  readonly data: Float32Array;
}

/** Thrown by toCaffeBlob when a blob has a shape but no values in the encoding tried. */
export class MissingBlobDataError extends Error {}

function floatsFromDoubleBytes(bytes: Uint8Array): Float32Array {
  if (bytes.byteLength % 8 !== 0) throw new Error(`${bytes.byteLength} bytes of double data is not a whole number of doubles`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(bytes.byteLength / 8);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat64(i * 8, true);
  return out;
}

function values(field: Uint8Array | number[] | undefined, fromBytes: (bytes: Uint8Array) => Float32Array): Float32Array | undefined {
  if (field === undefined || field.length === 0) return undefined;
  return field instanceof Uint8Array ? fromBytes(field) : Float32Array.from(field);
}

export function blobShape(message: BlobProtoMessage): { shape: number[]; legacy: boolean } | undefined {
  const legacy = [message.num ?? 0, message.channels ?? 0, message.height ?? 0, message.width ?? 0];
  if (legacy.some((d) => d !== 0)) return { shape: legacy, legacy: true };
  const dims = message.shape?.dim;
  if (dims && dims.length > 0) return { shape: dims.map(int64ToNumber), legacy: false };
  return undefined;
}

/**
 * `where` names the blob in messages ("blob 0 of layer 'conv1'"). Float data wins over
 * double_data, as in Caffe. A blob that declares a shape but carries no values throws
 * MissingBlobDataError: with the 'bytes' schema that is how unpacked data shows up.
 */
export function toCaffeBlob(message: BlobProtoMessage, where: string): CaffeBlob {
  const data = values(message.data, floatsFromBytes) ?? values(message.doubleData, floatsFromDoubleBytes) ?? new Float32Array(0);
  const declared = blobShape(message);
  const shape = declared?.shape ?? [data.length];
  if (declared && data.length === 0 && elementCount(shape) > 0) {
    throw new MissingBlobDataError(`${where} has shape [${shape.join(', ')}] but no values`);
  }
  if (elementCount(shape) !== data.length) {
    throw new Error(`${where} has shape [${shape.join(', ')}] (${elementCount(shape)} values) but holds ${data.length} values`);
  }
  return { shape, legacyShape: declared?.legacy ?? false, data };
}

/**
 * Caffe's Blob::ShapeEquals: a legacy (4-D) blob matches a shape of up to 4 axes padded with
 * leading 1s; a blob with `shape` must match exactly.
 */
export function shapesMatch(blob: Pick<CaffeBlob, 'shape' | 'legacyShape'>, expected: readonly number[]): boolean {
  if (!blob.legacyShape) return blob.shape.length === expected.length && blob.shape.every((d, i) => d === expected[i]);
  if (expected.length > 4) return false;
  const padded = [...Array<number>(4 - expected.length).fill(1), ...expected];
  return padded.every((d, i) => d === blob.shape[i]);
}
