import { describe, expect, it } from 'vitest';
import { classifyRunError, failureReason, needsSessionRebuild } from './stopRule';

describe('classifyRunError', () => {
  it('recognises out-of-memory from WebGPU, ORT and WASM', () => {
    for (const message of [
      'GPUOutOfMemoryError: Out of memory',
      'Failed to allocate a buffer of size 536870912',
      'RangeError: Array buffer allocation failed',
      'Aborted(OOM)',
      'std::bad_alloc',
      'Buffer size (536870912) exceeds the max buffer size limit (268435456)',
    ]) {
      expect(classifyRunError(new Error(message)).kind, message).toBe('out-of-memory');
    }
  });
  it('recognises a lost device, even when it mentions memory', () => {
    expect(classifyRunError(new Error('Device was lost: out of memory')).kind).toBe('device-lost');
    expect(classifyRunError({ code: 'INFERENCE_FAILED', message: 'WebGPU device lost (reason: unknown)' }).kind).toBe('device-lost');
  });
  it('leaves other failures as other, keeping the message', () => {
    expect(classifyRunError('shape mismatch')).toEqual({ kind: 'other', message: 'shape mismatch' });
  });
});

describe('failureReason', () => {
  it('names the batch, the cause and the largest batch that ran', () => {
    expect(failureReason(16, { kind: 'out-of-memory', message: 'Out of memory' }, 8)).toBe(
      'batch 16 ran out of memory (Out of memory); the sweep stopped at batch 8, the largest that ran',
    );
    expect(failureReason(1, { kind: 'device-lost', message: 'device lost' }, undefined)).toBe(
      'the GPU device was lost at batch 1 (device lost); no batch size completed',
    );
  });
  it('asks for a new session after memory exhaustion or device loss only', () => {
    expect(needsSessionRebuild({ kind: 'out-of-memory', message: '' })).toBe(true);
    expect(needsSessionRebuild({ kind: 'device-lost', message: '' })).toBe(true);
    expect(needsSessionRebuild({ kind: 'other', message: '' })).toBe(false);
  });
});
