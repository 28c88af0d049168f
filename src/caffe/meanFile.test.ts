import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { float32Bytes } from '../onnx/float32Bytes';
import { fixturePath, fixtureSuite, fixturesAvailable } from '../onnx/testing/fixtures';
import { caffeTypes } from './caffeSchema';
import { channelMeans, meanForInput, readBinaryProtoMean, readNpyMean } from './meanFile';
import type { MeanImage } from './meanFile';
import { npyBytes } from './testing/npyBytes';

/** A mean.binaryproto as DIGITS writes it: legacy num=1, channels, height, width. */
function binaryproto(channels: number, height: number, width: number, data: Float32Array, legacy = true): Uint8Array {
  const { BlobProto } = caffeTypes('bytes');
  const dims = legacy ? { num: 1, channels, height, width } : { shape: { dim: [1, channels, height, width] } };
  return BlobProto.encode(BlobProto.create({ ...dims, data: float32Bytes(data) })).finish();
}

const ramp = (n: number) => Float32Array.from({ length: n }, (_, i) => i);

describe('readBinaryProtoMean', () => {
  it('round-trips a 1 x 3 x H x W BlobProto, legacy dims or shape', () => {
    for (const legacy of [true, false]) {
      const mean = readBinaryProtoMean(binaryproto(3, 2, 4, ramp(24), legacy));
      expect([mean.channels, mean.height, mean.width, Array.from(mean.data)]).toEqual([3, 2, 4, Array.from(ramp(24))]);
    }
  });

  it('refuses other files with the reason', () => {
    expect(() => readBinaryProtoMean(new Uint8Array([0xff, 0xff, 0xff]), 'mean.binaryproto')).toThrow(
      /^mean\.binaryproto is not a Caffe mean \(\.binaryproto BlobProto\): /,
    );
    expect(() => readBinaryProtoMean(binaryproto(4, 1, 1, ramp(4)), 'mean.binaryproto')).toThrow(
      'mean.binaryproto has 4 channels in shape [1, 4, 1, 1]; a mean has 1 or 3',
    );
  });
});

describe('readNpyMean', () => {
  it('takes [C, H, W], [1, C, H, W] and a per-channel [C]', () => {
    expect(readNpyMean(npyBytes('<f4', [3, 2, 2], ramp(12)))).toMatchObject({ channels: 3, height: 2, width: 2 });
    expect(readNpyMean(npyBytes('<f8', [1, 3, 1, 2], Float64Array.from(ramp(6))))).toMatchObject({ channels: 3, height: 1, width: 2 });
    expect(readNpyMean(npyBytes('<f8', [3], new Float64Array([104, 117, 123])))).toMatchObject({ channels: 3, height: 1, width: 1 });
    expect(() => readNpyMean(npyBytes('<f4', [2, 2, 3], ramp(12)), 'mean.npy')).toThrow('mean.npy has 2 channels in shape [2, 2, 3]');
  });
});

describe('meanForInput', () => {
  // Channel c, row y, column x holds 100c + 10y + x.
  const grid = (channels: number, height: number, width: number): MeanImage => ({
    channels,
    height,
    width,
    data: Float32Array.from({ length: channels * height * width }, (_, i) => {
      const x = i % width;
      const y = Math.floor(i / width) % height;
      return 100 * Math.floor(i / (width * height)) + 10 * y + x;
    }),
  });

  it('center-crops a larger mean, offset rounded down as Caffe does', () => {
    // 5x6 -> 2x3: top = floor(3/2) = 1, left = floor(3/2) = 1.
    expect(Array.from(meanForInput(grid(2, 5, 6), 2, 3))).toEqual([11, 12, 13, 21, 22, 23, 111, 112, 113, 121, 122, 123]);
  });

  it('returns a copy of a mean that already fits', () => {
    const mean = grid(1, 2, 2);
    const out = meanForInput(mean, 2, 2);
    out[0] = -1;
    expect(mean.data[0]).toBe(0);
  });

  it('resizes a smaller mean bilinearly with half-pixel centres', () => {
    // 1x2 [0, 10] -> 1x4: source x = (i + 0.5) / 2 - 0.5 = -0.25, 0.25, 0.75, 1.25, clamped.
    expect(Array.from(meanForInput({ channels: 1, height: 1, width: 2, data: new Float32Array([0, 10]) }, 1, 4))).toEqual([
      0, 2.5, 7.5, 10,
    ]);
    // Larger on one axis, smaller on the other: resized as a whole.
    const out = meanForInput(grid(1, 4, 2), 2, 4);
    expect(Array.from(out)).toEqual([5, 5.25, 5.75, 6, 25, 25.25, 25.75, 26]);
  });

  it('fills each plane with a per-channel mean', () => {
    expect(Array.from(meanForInput([104, 117, 123], 1, 2))).toEqual([104, 104, 117, 117, 123, 123]);
  });

  it("averages each channel (DIGITS' pixel mean)", () => {
    expect(channelMeans(grid(2, 2, 2))).toEqual([5.5, 105.5]);
  });
});

describe.skipIf(!fixturesAvailable)(fixtureSuite('the ImageNet mean (ilsvrc_2012_mean.npy) fitted to GoogLeNet'), () => {
  it('has the BGR channel means 104.0 / 116.7 / 122.7 and crops 256x256 to the 224x224 centre', () => {
    const mean = readNpyMean(readFileSync(fixturePath('caffe/ilsvrc_2012_mean.npy')));
    const channels = channelMeans(mean);
    expect(channels[0]).toBeCloseTo(104.00698793, 4);
    expect(channels[1]).toBeCloseTo(116.66876762, 4);
    expect(channels[2]).toBeCloseTo(122.67891434, 4);
    const cropped = meanForInput(mean, 224, 224);
    expect(cropped.length).toBe(3 * 224 * 224);
    expect(cropped[0]).toBe(mean.data[16 * 256 + 16]);
    expect(cropped[2 * 224 * 224 + 223 * 224 + 223]).toBe(mean.data[2 * 65536 + 239 * 256 + 239]);
  });
});
