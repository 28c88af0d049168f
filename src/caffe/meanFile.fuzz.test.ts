// Fuzzing the mean-file readers: DIGITS' mean.binaryproto (a BlobProto) and NumPy's .npy.
import { describe, expect, it } from 'vitest';
import { AppError } from '../domain/errors';
import { float32Bytes } from '../onnx/float32Bytes';
import { binaryMutator, fuzzTest } from '../onnx/testing/fuzz';
import { caffeTypes } from './caffeSchema';
import { readBinaryProtoMean, readNpyMean, type MeanImage } from './meanFile';
import { readNpy, type NpyArray } from './npy';
import { npyBytes } from './testing/npyBytes';

const ramp = (n: number) => Float32Array.from({ length: n }, (_, i) => i * 0.5);

function binaryproto(shape: { num: number; channels: number; height: number; width: number } | number[], data: Float32Array): Uint8Array {
  const { BlobProto } = caffeTypes('bytes');
  const dims = Array.isArray(shape) ? { shape: { dim: shape } } : shape;
  return BlobProto.encode(BlobProto.create({ ...dims, data: float32Bytes(data) })).finish();
}

function checkMean(result: unknown): string | undefined {
  const mean = result as MeanImage;
  if (![mean.channels, mean.height, mean.width].every((d) => Number.isInteger(d) && d >= 1)) return 'a dim below 1';
  const count = mean.channels * mean.height * mean.width;
  return count === mean.data.length ? undefined : `${mean.channels}x${mean.height}x${mean.width} with ${mean.data.length} values`;
}

describe('mean file fuzzing', () => {
  fuzzTest(
    '2,000 mutated mean.binaryproto files read, or fail with MEAN_INVALID',
    {
      name: 'binaryproto',
      seed: 31,
      cases: 2000,
      seeds: [binaryproto({ num: 1, channels: 3, height: 4, width: 5 }, ramp(60)), binaryproto([1, 3, 2, 2], ramp(12))],
      mutate: binaryMutator({ nestFields: [7, 1] }),
      parse: (bytes) => readBinaryProtoMean(bytes, 'mean.binaryproto'),
      codes: ['MEAN_INVALID'],
      check: checkMean,
      sizeOf: (bytes) => bytes.length,
    },
    { results: 50, errors: { MEAN_INVALID: 100 } },
  );

  fuzzTest(
    '2,000 mutated .npy files read, or fail with MEAN_INVALID',
    {
      name: 'npy',
      seed: 32,
      cases: 2000,
      seeds: [
        npyBytes('<f4', [3, 4, 5], ramp(60)),
        npyBytes('<f8', [1, 3, 2, 2], Float64Array.from(ramp(12)), { version: 2 }),
        npyBytes('|u1', [3], new Uint8Array([104, 117, 123])),
      ],
      mutate: binaryMutator(),
      parse: (bytes) => readNpy(bytes, 'mean.npy'),
      codes: ['MEAN_INVALID'],
      check: (result) => {
        const array = result as NpyArray;
        const count = array.shape.reduce((a, b) => a * b, 1);
        return count === array.data.length ? undefined : `shape (${array.shape.join(', ')}) with ${array.data.length} values`;
      },
      sizeOf: (bytes) => bytes.length,
    },
    { results: 50, errors: { MEAN_INVALID: 100 } },
  );
});

describe('mean file regressions', () => {
  const code = (f: () => unknown): string => {
    try {
      f();
      return 'read';
    } catch (error) {
      return error instanceof AppError ? error.code : `${(error as Error).name}: ${(error as Error).message}`;
    }
  };

  it('an .npy header declaring (100000, 100000, 100000) float64 over 8 data bytes is refused before allocating', () => {
    const bytes = npyBytes('<f8', [100000, 100000, 100000], new Float64Array(1));
    expect(code(() => readNpyMean(bytes, 'mean.npy'))).toBe('MEAN_INVALID');
    expect(() => readNpy(bytes, 'mean.npy')).toThrow('mean.npy is truncated: shape (100000, 100000, 100000) of <f8 needs');
  });

  it('a version-2 .npy whose header length says 4 GB is refused', () => {
    const bytes = npyBytes('<f4', [3], new Float32Array(3), { version: 2 });
    new DataView(bytes.buffer).setUint32(8, 0xffffffff, true);
    expect(() => readNpy(bytes, 'mean.npy')).toThrow('mean.npy is truncated inside its .npy header');
  });
});
