import { describe, expect, it } from 'vitest';
import { cleanKernelName } from './kernelName';

describe('cleanKernelName', () => {
  it("drops the suffixes ONNX Runtime's graph optimizer adds", () => {
    expect(cleanKernelName('inception_3a/pool_token_36')).toBe('inception_3a/pool');
    expect(cleanKernelName('conv1/7x7_s2_nchwc')).toBe('conv1/7x7_s2');
    expect(cleanKernelName('inception_4e/5x5_reduce_token_7_nchwc')).toBe('inception_4e/5x5_reduce');
  });
  it('leaves layer names alone, including ones with digits and underscores', () => {
    expect(cleanKernelName('inception_3a/1x1')).toBe('inception_3a/1x1');
    expect(cleanKernelName('conv2/3x3_reduce')).toBe('conv2/3x3_reduce');
    expect(cleanKernelName('loss3/classifier')).toBe('loss3/classifier');
  });
  it('never cleans a name down to nothing', () => {
    expect(cleanKernelName('_token_3')).toBe('_token_3');
  });
});
