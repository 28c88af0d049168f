import { describe, expect, it } from 'vitest';
import type { BenchRun } from '../../measure/metrics/runFormat';
import { nameRuns, runModelName } from './runNames';

function run(overrides: Partial<BenchRun> = {}): BenchRun {
  return {
    schemaVersion: 1,
    name: 'GoogLeNet (BVLC, ImageNet)',
    model: 'googlenet',
    backend: 'wasm',
    device: { description: '2 threads, SIMD', wasmThreads: 2 },
    userAgent: 'test',
    date: '2026-01-01T10:00:00.000Z',
    points: [],
    ...overrides,
  };
}

describe('runModelName', () => {
  it('drops the time of day older run files appended', () => {
    expect(runModelName(run({ name: 'GoogLeNet (BVLC, ImageNet), 10:42:01' }))).toBe('GoogLeNet (BVLC, ImageNet)');
    expect(runModelName(run({ name: 'DetectNet, npm run bench' }))).toBe('DetectNet');
  });
});

describe('nameRuns', () => {
  it('names runs by the backend when only the backend differs', () => {
    const webgpu = run({ backend: 'webgpu', device: { description: 'SwiftShader', software: true } });
    const { names, common } = nameRuns([run(), webgpu]);
    expect(names[0]).toBe('WASM · 2 threads, SIMD');
    expect(names[1]).toBe('WebGPU · SwiftShader (software adapter)');
    expect(common).toBe('GoogLeNet (BVLC, ImageNet)');
  });
  it('names runs by the model when only the model differs', () => {
    const { names, common } = nameRuns([run(), run({ model: 'detectnet', name: 'DetectNet (DIGITS, 1024x512)' })]);
    expect(names).toEqual(['GoogLeNet (BVLC, ImageNet)', 'DetectNet (DIGITS, 1024x512)']);
    expect(common).toBe('WASM · 2 threads, SIMD');
  });
  it('numbers repeats instead of telling them apart by a timestamp', () => {
    const { names, common } = nameRuns([run({ name: 'GoogLeNet (BVLC, ImageNet), 10:42:01' }), run({ date: '2026-01-01T10:45:00.000Z' })]);
    expect(names).toEqual(['run 1', 'run 2']);
    expect(common).toBe('GoogLeNet (BVLC, ImageNet) · WASM · 2 threads, SIMD');
  });
  it('gives one run its full description and every name is unique', () => {
    expect(nameRuns([run()]).names).toEqual(['GoogLeNet (BVLC, ImageNet) · WASM · 2 threads, SIMD']);
    const three = nameRuns([run(), run(), run({ backend: 'webgpu', device: { description: 'NVIDIA' } })]).names;
    expect(new Set(three).size).toBe(3);
  });
  it('tells a graph-capture run from the plain one, and says graph capture once when every run used it', () => {
    const webgpu = { backend: 'webgpu', device: { description: 'NVIDIA' } } as const;
    const { names, common } = nameRuns([run(webgpu), run({ ...webgpu, graphCapture: true })]);
    expect(names).toEqual(['plain session', 'graph capture']);
    expect(common).toBe('GoogLeNet (BVLC, ImageNet) · WebGPU · NVIDIA');
    expect(nameRuns([run({ ...webgpu, graphCapture: true }), run({ ...webgpu, graphCapture: true, model: 'x' })]).common).toBe(
      'WebGPU · graph capture · NVIDIA',
    );
    expect(nameRuns([run(webgpu), run({ ...webgpu, float16: true }), run({ ...webgpu, float16: true, graphCapture: true })]).names).toEqual(
      ['plain session', 'float16 weights', 'float16 weights + graph capture'],
    );
  });
  it('is empty for no runs', () => {
    expect(nameRuns([])).toEqual({ common: '', names: [] });
  });
});
