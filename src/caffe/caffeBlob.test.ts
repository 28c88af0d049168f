import { describe, expect, it } from 'vitest';
import { float32Bytes } from '../onnx/float32Bytes';
import { floatsFromBytes } from '../onnx/float32Bytes';
import { MissingBlobDataError, shapesMatch, toCaffeBlob } from './caffeBlob';

describe('toCaffeBlob (Blob::FromProto)', () => {
  const data = float32Bytes(new Float32Array([1, 2, 3, 4, 5, 6]));

  it('takes `shape`, or the deprecated 4-D dims, which win when both are present', () => {
    expect(toCaffeBlob({ shape: { dim: [2, 3] }, data }, 'b').shape).toEqual([2, 3]);
    expect(toCaffeBlob({ shape: { dim: [2, 3] }, num: 1, channels: 1, height: 2, width: 3, data }, 'b')).toMatchObject({
      shape: [1, 1, 2, 3],
      legacyShape: true,
    });
    expect(toCaffeBlob({ data }, 'b').shape).toEqual([6]);
  });

  it('reads int64 dims given as Long-like objects', () => {
    expect(toCaffeBlob({ shape: { dim: [{ toNumber: () => 6 }] }, data }, 'b').shape).toEqual([6]);
  });

  it('says when values and shape disagree, and flags a shape without values (unpacked data in the bytes schema)', () => {
    expect(() => toCaffeBlob({ shape: { dim: [4] }, data }, "blob 1 of layer 'x'")).toThrow(
      "blob 1 of layer 'x' has shape [4] (4 values) but holds 6 values",
    );
    expect(() => toCaffeBlob({ shape: { dim: [4] } }, 'b')).toThrow(MissingBlobDataError);
  });

  it('copies unaligned little-endian bytes into a fresh Float32Array', () => {
    const padded = new Uint8Array(data.length + 1);
    padded.set(data, 1);
    expect(Array.from(floatsFromBytes(padded.subarray(1)))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(() => floatsFromBytes(new Uint8Array(5))).toThrow('5 bytes of float data is not a whole number of floats');
  });
});

describe('shapesMatch (Blob::ShapeEquals)', () => {
  it('compares `shape` blobs exactly', () => {
    expect(shapesMatch({ shape: [64, 3, 7, 7], legacyShape: false }, [64, 3, 7, 7])).toBe(true);
    expect(shapesMatch({ shape: [1, 64], legacyShape: false }, [64])).toBe(false);
  });

  it('pads the expected shape with leading 1s for legacy 4-D blobs', () => {
    expect(shapesMatch({ shape: [1, 1, 1, 64], legacyShape: true }, [64])).toBe(true);
    expect(shapesMatch({ shape: [1, 1, 1000, 1024], legacyShape: true }, [1000, 1024])).toBe(true);
    expect(shapesMatch({ shape: [1, 1, 1, 64], legacyShape: true }, [32])).toBe(false);
    expect(shapesMatch({ shape: [1, 1, 1, 64], legacyShape: true }, [1, 1, 1, 1, 64])).toBe(false);
  });
});
