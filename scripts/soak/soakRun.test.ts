import { describe, expect, it } from 'vitest';
import { growthOf, type SoakSample } from './soakRun';

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
