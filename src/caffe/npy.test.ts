import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixturePath, fixtureSuite, fixturesAvailable } from '../onnx/testing/fixtures';
import { readNpy } from './npy';
import { npyBytes } from './testing/npyBytes';

describe('readNpy', () => {
  it('reads float32 and float64, versions 1 and 2, C order', () => {
    const f4 = readNpy(npyBytes('<f4', [2, 3], new Float32Array([1, 2, 3, 4, 5, 6.5])));
    expect([f4.shape, Array.from(f4.data), f4.dtype]).toEqual([[2, 3], [1, 2, 3, 4, 5, 6.5], '<f4']);
    const f8 = readNpy(npyBytes('<f8', [3], new Float64Array([0.1, -2, 1e10]), { version: 2 }));
    expect([f8.shape, Array.from(f8.data)]).toEqual([[3], [Math.fround(0.1), -2, Math.fround(1e10)]]);
    const u1 = readNpy(npyBytes('|u1', [1, 2], new Uint8Array([7, 255])));
    expect(Array.from(u1.data)).toEqual([7, 255]);
  });

  it('says what is wrong with files it cannot read', () => {
    expect(() => readNpy(new Uint8Array(20), 'mean.npy')).toThrow('mean.npy is not a NumPy .npy file (no \\x93NUMPY signature)');
    expect(() => readNpy(npyBytes('>f4', [1], new Float32Array(1)), 'mean.npy')).toThrow(
      "mean.npy: dtype '>f4' is not supported (little-endian float32 '<f4', float64 '<f8' or uint8 are)",
    );
    expect(() => readNpy(npyBytes('<f4', [2, 2], new Float32Array(4), { fortran: true }), 'mean.npy')).toThrow(
      'mean.npy is stored in Fortran order; save it with numpy.ascontiguousarray (C order)',
    );
    const whole = npyBytes('<f8', [4], new Float64Array(4));
    expect(() => readNpy(whole.subarray(0, whole.length - 1), 'mean.npy')).toThrow(
      'mean.npy is truncated: shape (4) of <f8 needs 32 data bytes, the file has 31',
    );
  });
});

describe.skipIf(!fixturesAvailable)(fixtureSuite("readNpy on Caffe's ilsvrc_2012_mean.npy"), () => {
  it('is [3, 256, 256] float64 with the known values', () => {
    const mean = readNpy(readFileSync(fixturePath('caffe/ilsvrc_2012_mean.npy')));
    expect(mean.shape).toEqual([3, 256, 256]);
    expect(mean.dtype).toBe('<f8');
    // Spot values checked with numpy.load.
    expect(mean.data[0]).toBeCloseTo(110.17708587646484, 4);
    expect(mean.data[2 * 65536 + 255 * 256 + 255]).toBeCloseTo(113.5467300415039, 4);
    expect(mean.data[65536 + 128 * 256 + 100]).toBeCloseTo(111.7878189086914, 4);
  });
});
