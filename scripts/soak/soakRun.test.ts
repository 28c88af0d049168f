import { describe, expect, it } from 'vitest';
import { growthOf, soakFailures, type SoakReport, type SoakSample } from './soakRun';

const sample = (frames: number, pageHeapBytes: number): SoakSample => ({
  frames,
  seconds: frames / 10,
  pageHeapBytes,
  workerHeapBytes: 1,
  wasmHeapBytes: 1,
  gpuBytes: 0,
});

describe('growthOf', () => {
  it('reads past one high sample at either end (frames in flight when the sample was taken)', () => {
    const samples = [sample(300, 12), sample(350, 10), sample(400, 11), sample(450, 10.2), sample(500, 12.5)];
    expect(growthOf(samples, 300, 'pageHeapBytes')).toBeCloseTo(0.02);
  });

  it('sees a leak, which raises every sample', () => {
    const samples = [100, 200, 300, 400, 500, 600].map((frames) => sample(frames, 10 + frames / 100));
    // Baseline window 300 and 400 (13), end window 500 and 600 (15).
    expect(growthOf(samples, 300, 'pageHeapBytes')).toBeCloseTo(2 / 13);
  });

  it('starts at the first sample when none reaches the baseline frame, and is 0 for a series that starts at 0', () => {
    const samples = [sample(100, 10), sample(200, 20)];
    expect(growthOf(samples, 1000, 'pageHeapBytes')).toBeCloseTo(0);
    expect(growthOf(samples, 1000, 'gpuBytes')).toBe(0);
  });
});

describe('soakFailures', () => {
  const MiB = 2 ** 20;
  const report = (page: number[], wasm: number[], lost = 0): SoakReport => {
    const samples = page.map((p, i) => ({ ...sample((i + 1) * 100, p * MiB), wasmHeapBytes: wasm[i]! * MiB }));
    return {
      options: { model: 'yolox', backend: 'wasm', frames: 500, every: 100, playbackRate: 4, baselineFrame: 100 },
      samples,
      growth: {
        pageHeapBytes: growthOf(samples, 100, 'pageHeapBytes'),
        workerHeapBytes: 0,
        wasmHeapBytes: growthOf(samples, 100, 'wasmHeapBytes'),
        gpuBytes: 0,
      },
      account: { captured: 500, completed: 490, dropped: 10 - lost, lost },
    };
  };

  it('lets a JS heap swing within its noise, but not grow past it', () => {
    expect(soakFailures(report([10, 10, 10, 13.5, 13.6], [28, 28, 28, 28, 28]))).toEqual([]);
    expect(soakFailures(report([10, 10, 12, 16, 17], [28, 28, 28, 28, 28]))).toEqual([
      'pageHeapBytes grew 60.0% (limit 10%, and more than the 5 MiB a JS heap swings between samples)',
    ]);
  });

  it('holds the WASM heap to 10% without a noise floor, and counts lost frames', () => {
    expect(soakFailures(report([10, 10, 10, 10, 10], [28, 28, 28, 32, 32], 2))).toEqual([
      'wasmHeapBytes grew 14.3% (limit 10%)',
      '2 frame(s) lost without being counted: captured 500, results 490, dropped 8',
    ]);
  });
});
