// Mean images for Caffe models: DIGITS' mean.binaryproto (a BlobProto, 1 x C x H x W) and
// NumPy means (Caffe's ilsvrc_2012_mean.npy is C x H x W float64), fitted to the network
// input the way Caffe does it, plus the per-channel ("pixel") mean DIGITS can use instead.
import { AppError } from '../domain/errors';
import { decodeMessage } from '../onnx/protobufReflect';
import { MissingBlobDataError, toCaffeBlob } from './caffeBlob';
import type { CaffeBlob } from './caffeBlob';
import { caffeTypes } from './caffeSchema';
import type { BlobDataEncoding, BlobProtoMessage } from './caffeSchema';
import { readNpy } from './npy';

/** A mean in channel-major (C, H, W) layout, in the network's channel order (BGR for Caffe). */
export interface MeanImage {
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  readonly data: Float32Array;
}

/** [C, H, W] or [1, C, H, W]; [C] is a per-channel mean, kept as a 1x1 image. */
function meanFromShape(shape: readonly number[], data: Float32Array, fileName: string): MeanImage {
  const dims = shape.length === 4 && shape[0] === 1 ? shape.slice(1) : shape.length === 1 ? [shape[0] as number, 1, 1] : shape;
  const [channels, height, width] = dims as [number, number, number];
  if (dims.length !== 3 || channels < 1 || height < 1 || width < 1) {
    throw new AppError('MEAN_INVALID', `${fileName} has shape [${shape.join(', ')}]; a mean is [C, H, W], [1, C, H, W] or [C]`);
  }
  if (channels !== 1 && channels !== 3) {
    throw new AppError(
      'MEAN_INVALID',
      `${fileName} has ${channels} channels in shape [${shape.join(', ')}]; a mean has 1 or 3 (is it saved H x W x C? Caffe means are C x H x W)`,
    );
  }
  return { channels, height, width, data };
}

function decodeBlob(bytes: Uint8Array, encoding: BlobDataEncoding): CaffeBlob {
  const message = decodeMessage<BlobProtoMessage>(caffeTypes(encoding).BlobProto, bytes);
  return toCaffeBlob(message, 'the mean blob');
}

/** DIGITS' mean.binaryproto (and Caffe's compute_image_mean output): one BlobProto. */
export function readBinaryProtoMean(bytes: Uint8Array, fileName = 'the mean file'): MeanImage {
  let blob: CaffeBlob;
  try {
    try {
      blob = decodeBlob(bytes, 'bytes');
    } catch (error) {
      if (!(error instanceof MissingBlobDataError)) throw error;
      blob = decodeBlob(bytes, 'floats'); // unpacked floats from old writers
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError('MEAN_INVALID', `${fileName} is not a Caffe mean (.binaryproto BlobProto): ${reason}`, { cause: error });
  }
  if (blob.data.length === 0) {
    throw new AppError('MEAN_INVALID', `${fileName} is not a Caffe mean (.binaryproto BlobProto): it holds no values`);
  }
  return meanFromShape(blob.shape, blob.data, fileName);
}

export function readNpyMean(bytes: Uint8Array, fileName = 'the mean file'): MeanImage {
  const array = readNpy(bytes, fileName);
  return meanFromShape(array.shape, array.data, fileName);
}

/** The average of each channel: DIGITS' "pixel" mean, and what to use when the image mean does not fit. */
export function channelMeans(mean: MeanImage): number[] {
  const plane = mean.height * mean.width;
  return Array.from({ length: mean.channels }, (_, c) => {
    let sum = 0;
    for (let i = c * plane; i < (c + 1) * plane; i++) sum += mean.data[i] as number;
    return sum / plane;
  });
}

/** Caffe's DataTransformer at test time: the centered crop, offset (size - crop) / 2 rounded down. */
function centerCrop(mean: MeanImage, height: number, width: number): Float32Array {
  const out = new Float32Array(mean.channels * height * width);
  const top = Math.floor((mean.height - height) / 2);
  const left = Math.floor((mean.width - width) / 2);
  for (let c = 0; c < mean.channels; c++) {
    for (let y = 0; y < height; y++) {
      const from = (c * mean.height + top + y) * mean.width + left;
      out.set(mean.data.subarray(from, from + width), (c * height + y) * width);
    }
  }
  return out;
}

/** Bilinear with pixel centres at +0.5 (OpenCV INTER_LINEAR, skimage order 1), edges clamped. */
function resizeBilinear(mean: MeanImage, height: number, width: number): Float32Array {
  const out = new Float32Array(mean.channels * height * width);
  const source = (size: number, outSize: number, i: number): [number, number, number] => {
    const x = Math.min(Math.max((i + 0.5) * (size / outSize) - 0.5, 0), size - 1);
    const x0 = Math.floor(x);
    return [x0, Math.min(x0 + 1, size - 1), x - x0];
  };
  const columns = Array.from({ length: width }, (_, x) => source(mean.width, width, x));
  for (let c = 0; c < mean.channels; c++) {
    const plane = mean.data.subarray(c * mean.height * mean.width, (c + 1) * mean.height * mean.width);
    for (let y = 0; y < height; y++) {
      const [y0, y1, fy] = source(mean.height, height, y);
      for (let x = 0; x < width; x++) {
        const [x0, x1, fx] = columns[x] as [number, number, number];
        const top = (plane[y0 * mean.width + x0] as number) * (1 - fx) + (plane[y0 * mean.width + x1] as number) * fx;
        const bottom = (plane[y1 * mean.width + x0] as number) * (1 - fx) + (plane[y1 * mean.width + x1] as number) * fx;
        out[(c * height + y) * width + x] = top * (1 - fy) + bottom * fy;
      }
    }
  }
  return out;
}

/**
 * The mean to subtract from a (C, height, width) network input: a per-channel mean fills each
 * plane; an image mean at least as large as the input on both axes is center-cropped (as
 * Caffe's transformer crops it together with the image); a smaller or differently shaped one
 * is resized (bilinear). Caffe itself would refuse that mismatch; resizing keeps the spatial
 * structure, and channelMeans() is the other way out.
 */
export function meanForInput(mean: MeanImage | readonly number[], height: number, width: number): Float32Array {
  if (!Number.isInteger(height) || !Number.isInteger(width) || height < 1 || width < 1) {
    throw new Error(`input size ${height}x${width} is not a positive whole number of pixels`);
  }
  if (!('data' in mean)) {
    const out = new Float32Array(mean.length * height * width);
    mean.forEach((value, c) => out.fill(value, c * height * width, (c + 1) * height * width));
    return out;
  }
  if (mean.height === height && mean.width === width) return mean.data.slice();
  if (mean.height >= height && mean.width >= width) return centerCrop(mean, height, width);
  return resizeBilinear(mean, height, width);
}
