export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp' | 'bmp';

export interface ImageHeader {
  format: ImageFormat;
  /** Undefined when the header is cut short before the size (the decoder will then report the damage). */
  width?: number;
  height?: number;
}

const startsWith = (bytes: Uint8Array, magic: readonly number[], at = 0): boolean => magic.every((b, i) => bytes[at + i] === b);

function be16(b: Uint8Array, at: number): number {
  return (b[at]! << 8) | b[at + 1]!;
}
function be32(b: Uint8Array, at: number): number {
  return ((b[at]! << 24) >>> 0) + (b[at + 1]! << 16) + (b[at + 2]! << 8) + b[at + 3]!;
}
function le16(b: Uint8Array, at: number): number {
  return b[at]! | (b[at + 1]! << 8);
}
function le24(b: Uint8Array, at: number): number {
  return b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16);
}

/** JPEG keeps its size in the first start-of-frame marker, after any number of APPn/DQT/... segments. */
function jpegSize(b: Uint8Array): { width?: number; height?: number } {
  let at = 2;
  while (at + 9 < b.length) {
    if (b[at] !== 0xff) return {};
    const marker = b[at + 1]!;
    const isStartOfFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isStartOfFrame) return { height: be16(b, at + 5), width: be16(b, at + 7) };
    at += 2 + be16(b, at + 2);
  }
  return {};
}

function webpSize(b: Uint8Array): { width?: number; height?: number } {
  const chunk = String.fromCharCode(b[12]!, b[13]!, b[14]!, b[15]!);
  if (chunk === 'VP8X' && b.length >= 30) return { width: 1 + le24(b, 24), height: 1 + le24(b, 27) };
  if (chunk === 'VP8 ' && b.length >= 30) return { width: le16(b, 26) & 0x3fff, height: le16(b, 28) & 0x3fff };
  if (chunk === 'VP8L' && b.length >= 25) {
    const bits = b[21]! | (b[22]! << 8) | (b[23]! << 16) | (b[24]! << 24);
    return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
  }
  return {};
}

/**
 * Reads the format and pixel size from the first bytes of a file, without decoding it, so a
 * non-image can be named as such and a gigapixel image refused before it exhausts memory.
 * Returns undefined for anything that is not a format browsers decode.
 */
export function readImageHeader(bytes: Uint8Array): ImageHeader | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
    return bytes.length >= 24 ? { format: 'png', width: be32(bytes, 16), height: be32(bytes, 20) } : { format: 'png' };
  }
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { format: 'jpeg', ...jpegSize(bytes) };
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) {
    return bytes.length >= 10 ? { format: 'gif', width: le16(bytes, 6), height: le16(bytes, 8) } : { format: 'gif' };
  }
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) {
    return { format: 'webp', ...(bytes.length >= 16 ? webpSize(bytes) : {}) };
  }
  if (startsWith(bytes, [0x42, 0x4d])) {
    return bytes.length >= 26
      ? { format: 'bmp', width: Math.abs(le32s(bytes, 18)), height: Math.abs(le32s(bytes, 22)) }
      : { format: 'bmp' };
  }
  return undefined;
}

function le32s(b: Uint8Array, at: number): number {
  return b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24);
}

/** Enough bytes to reach a JPEG's start-of-frame behind typical EXIF/ICC segments. */
export const IMAGE_HEADER_BYTES = 256 * 1024;
