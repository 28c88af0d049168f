import { describe, expect, it } from 'vitest';
import { readImageHeader } from './imageHeader';

function png(width: number, height: number): Uint8Array {
  const b = new Uint8Array(33);
  b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  new DataView(b.buffer).setUint32(16, width);
  new DataView(b.buffer).setUint32(20, height);
  return b;
}

describe('readImageHeader', () => {
  it('reads a PNG size from IHDR', () => {
    expect(readImageHeader(png(12000, 12000))).toEqual({ format: 'png', width: 12000, height: 12000 });
  });

  it('finds the JPEG start-of-frame behind an APP0 segment', () => {
    const jpeg = new Uint8Array([
      0xff,
      0xd8, // SOI
      0xff,
      0xe0,
      0x00,
      0x04,
      0x00,
      0x00, // APP0, length 4
      0xff,
      0xc0,
      0x00,
      0x11,
      0x08,
      0x01,
      0xe0,
      0x02,
      0x80,
      0x03, // SOF0: 8 bit, h=480, w=640
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
    ]);
    expect(readImageHeader(jpeg)).toEqual({ format: 'jpeg', width: 640, height: 480 });
  });

  it('names a truncated JPEG as JPEG without a size', () => {
    expect(readImageHeader(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toEqual({ format: 'jpeg' });
  });

  it('reads GIF sizes', () => {
    expect(readImageHeader(new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x20, 0x03, 0x58, 0x02]))).toEqual({
      format: 'gif',
      width: 800,
      height: 600,
    });
  });

  it('returns undefined for text and for an empty file', () => {
    expect(readImageHeader(new TextEncoder().encode('hello, I am not a picture'))).toBeUndefined();
    expect(readImageHeader(new Uint8Array(0))).toBeUndefined();
  });
});
