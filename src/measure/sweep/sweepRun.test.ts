import { describe, expect, it } from 'vitest';
import type { Capabilities } from '../../platform/capabilities';
import { manifestFor } from '../../models/testing/manifests';
import type { LoadedModel } from '../../domain/model';
import { sweepRunFile, sweepVariant } from './sweepRun';

const loaded = (backend: LoadedModel['backend']): LoadedModel => ({
  manifest: manifestFor('googlenet'),
  labels: [],
  backend,
  preprocess: backend === 'webgpu' ? 'gpu' : 'cpu',
  wasmThreads: 2,
  modelBytes: 1,
  fetchMs: 1,
  createMs: 1,
  warmupMs: 1,
});

const gpu = (shaderF16: boolean): Capabilities => ({
  webgpu: { available: true, detail: 'GPU', shaderF16 },
  wasm: { available: true, detail: '2 threads, SIMD' },
});

describe('sweepVariant', () => {
  const both = { graphCapture: true, float16: true };
  it('times on WebGPU what was asked, float16 only where the adapter has shader-f16', () => {
    expect(sweepVariant(both, loaded('webgpu'), gpu(true))).toEqual(both);
    expect(sweepVariant(both, loaded('webgpu'), gpu(false))).toEqual({ graphCapture: true, float16: false });
  });
  it('is the plain session on WASM, whatever was asked', () => {
    expect(sweepVariant(both, loaded('wasm'), gpu(true))).toEqual({ graphCapture: false, float16: false });
  });
});

describe('sweepRunFile', () => {
  it('records a variant, and leaves the fields out for the plain session', () => {
    const run = sweepRunFile('GoogLeNet', loaded('webgpu'), gpu(true), [], undefined, 'ua', { graphCapture: false, float16: true });
    expect([run.graphCapture, run.float16]).toEqual([undefined, true]);
    const plain = sweepRunFile('GoogLeNet', loaded('webgpu'), gpu(true), [], undefined, 'ua');
    expect('graphCapture' in plain || 'float16' in plain).toBe(false);
  });
});
