import { describe, expect, it } from 'vitest';
import { packBatch, writeNCHW } from './normalize';

// A 2x1 image: pixel 0 = (R10, G20, B30), pixel 1 = (R40, G50, B60); alpha varies to prove it is ignored.
const twoPixels = new Uint8ClampedArray([10, 20, 30, 255, 40, 50, 60, 0]);

describe('writeNCHW', () => {
  it('reorders to BGR planes and subtracts a Caffe-style mean', () => {
    const out = new Float32Array(6);
    writeNCHW(twoPixels, 2, 1, { channelOrder: 'BGR', pixelScale: 1, mean: [104, 117, 123], std: [1, 1, 1] }, out, 0);
    // B plane: 30-104, 60-104; G plane: 20-117, 50-117; R plane: 10-123, 40-123
    expect(Array.from(out)).toEqual([-74, -44, -97, -67, -113, -83]);
  });

  it('keeps RGB order and applies x/255 then mean/std (torchvision style)', () => {
    const out = new Float32Array(6);
    const mean: [number, number, number] = [0.485, 0.456, 0.406];
    const std: [number, number, number] = [0.229, 0.224, 0.225];
    writeNCHW(twoPixels, 2, 1, { channelOrder: 'RGB', pixelScale: 1 / 255, mean, std }, out, 0);
    const expected = [
      (10 / 255 - 0.485) / 0.229,
      (40 / 255 - 0.485) / 0.229,
      (20 / 255 - 0.456) / 0.224,
      (50 / 255 - 0.456) / 0.224,
      (30 / 255 - 0.406) / 0.225,
      (60 / 255 - 0.406) / 0.225,
    ];
    out.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 5));
  });

  it('writes into the requested batch slot only', () => {
    const out = new Float32Array(12).fill(7);
    writeNCHW(twoPixels, 2, 1, { channelOrder: 'RGB', pixelScale: 1, mean: [0, 0, 0], std: [1, 1, 1] }, out, 1);
    expect(Array.from(out)).toEqual([7, 7, 7, 7, 7, 7, 10, 40, 20, 50, 30, 60]);
  });

  it('rejects a buffer whose size does not match the dimensions', () => {
    expect(() =>
      writeNCHW(twoPixels, 3, 1, { channelOrder: 'RGB', pixelScale: 1, mean: [0, 0, 0], std: [1, 1, 1] }, new Float32Array(9), 0),
    ).toThrow(/expected 12/);
  });

  it('rejects a slot past the end of the tensor', () => {
    expect(() =>
      writeNCHW(twoPixels, 2, 1, { channelOrder: 'RGB', pixelScale: 1, mean: [0, 0, 0], std: [1, 1, 1] }, new Float32Array(6), 1),
    ).toThrow(/slot 1/);
  });
});

describe('packBatch', () => {
  it('stacks images in order into one NCHW tensor', () => {
    const black = new Uint8ClampedArray(8);
    const batch = packBatch([twoPixels, black], 2, 1, { channelOrder: 'BGR', pixelScale: 2, mean: [1, 1, 1], std: [2, 2, 2] });
    // (p*2 - 1) / 2
    expect(Array.from(batch)).toEqual([29.5, 59.5, 19.5, 49.5, 9.5, 39.5, -0.5, -0.5, -0.5, -0.5, -0.5, -0.5]);
  });
});
