import { AppError } from '../domain/errors';
import { IMAGE_HEADER_BYTES, readImageHeader, type ImageHeader } from './imageHeader';

/**
 * Larger images are refused before decoding: a 12000x12000 PNG alone needs 576 MB as RGBA,
 * enough to kill a tab on a small machine.
 */
export const MAX_IMAGE_PIXELS = 64 * 1024 * 1024;

export interface DecodedImage {
  rgba: Uint8ClampedArray;
  sourceWidth: number;
  sourceHeight: number;
}

function describe(blob: Blob): string {
  return blob instanceof File && blob.name ? `"${blob.name}"` : 'the image';
}

function preview(bytes: Uint8Array): string {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 24));
  // eslint-disable-next-line no-control-regex
  return /^[\x09\x0a\x0d\x20-\x7e]*$/.test(text) ? ` (it starts with "${text.trim()}")` : '';
}

/** Refuses, before any decoding, an empty file, a file that is not an image, and an image too large to decode safely. */
export async function checkImageFile(blob: Blob): Promise<ImageHeader> {
  if (blob.size === 0) return checkImageHead(new Uint8Array(0), describe(blob));
  return checkImageHead(new Uint8Array(await blob.slice(0, IMAGE_HEADER_BYTES).arrayBuffer()), describe(blob));
}

/** checkImageFile's decision on the first bytes of a file (`what` names it in messages). */
export function checkImageHead(head: Uint8Array, what: string): ImageHeader {
  if (head.length === 0) throw new AppError('IMAGE_EMPTY', `${what} is empty (0 bytes)`);
  const header = readImageHeader(head);
  if (!header) {
    throw new AppError('NOT_AN_IMAGE', `${what} is not an image: no PNG, JPEG, GIF, WebP or BMP signature${preview(head)}`);
  }
  const { width: w = 0, height: h = 0 } = header;
  if (w * h > MAX_IMAGE_PIXELS) {
    throw new AppError(
      'IMAGE_TOO_LARGE',
      `${what} is ${w}x${h} (${Math.round((w * h) / 1e6)} megapixels); the limit is ${Math.round(MAX_IMAGE_PIXELS / 1e6)} megapixels. Scale it down and try again.`,
    );
  }
  return header;
}

export interface DecodedBitmap {
  /** Already at the requested size: the browser resizes while decoding (resizeQuality 'high'). */
  bitmap: ImageBitmap;
  sourceWidth: number;
  sourceHeight: number;
}

/**
 * Decodes an image file straight to the model's input size. The GPU path uploads this bitmap as
 * it is, the CPU path reads its pixels: both start from the same bytes, and a large photo is never
 * uploaded at full size only to be shrunk to 224x224.
 */
export async function decodeBitmapToSize(blob: Blob, width: number, height: number): Promise<DecodedBitmap> {
  const what = describe(blob);
  const header = await checkImageFile(blob);
  const { width: w = 0, height: h = 0 } = header;
  try {
    const bitmap = await createImageBitmap(blob, { resizeWidth: width, resizeHeight: height, resizeQuality: 'high' });
    return { bitmap, sourceWidth: w || bitmap.width, sourceHeight: h || bitmap.height };
  } catch (error) {
    throw new AppError(
      'IMAGE_DECODE_FAILED',
      `${what} could not be decoded as ${header.format.toUpperCase()}: the file is damaged or truncated (${(error as Error).message})`,
    );
  }
}

/** Decodes an image file straight to the model's input size and returns RGBA. */
export async function decodeToSize(blob: Blob, width: number, height: number): Promise<DecodedImage> {
  const { bitmap, sourceWidth, sourceHeight } = await decodeBitmapToSize(blob, width, height);
  try {
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new AppError('INTERNAL', 'no 2D canvas context in this worker');
    context.drawImage(bitmap, 0, 0);
    const rgba = context.getImageData(0, 0, width, height).data;
    return { rgba, sourceWidth, sourceHeight };
  } finally {
    bitmap.close();
  }
}
