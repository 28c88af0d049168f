import { describe, expect, it } from 'vitest';
import type { BenchPoint } from '../src/bench/benchPage';
import { NO_SPREAD_NOTE, summarizePoint, summarizeReport } from './imageBenchSummary';

const stage = (inference: number) => ({ decode: 1, preprocess: 0.5, inference, postprocess: 0.1 });

describe('summarizePoint', () => {
  it('gives per-frame bare and app times, the host time outside session.run, and their ratio', () => {
    // Batch 4: three runs; app = 100/104/110 ms with 90/92/96 ms of session.run + readback inside.
    const point: BenchPoint = {
      batch: 4,
      preprocess: 'gpu',
      bareMs: [88, 90, 95],
      appMs: [100, 104, 110],
      appStages: [stage(90), stage(92), stage(96)],
    };
    const s = summarizePoint(point);
    expect(s.bareMsPerFrame).toBe(90 / 4);
    expect(s.appMsPerFrame).toBe(104 / 4);
    expect(s.hostMsPerFrame).toBe(3); // median of (10, 12, 14) / 4 = 2.5, 3, 3.5
    expect(s.appOverBare).toBeCloseTo(104 / 90, 12);
    expect(s.preprocess).toBe('gpu');
    expect(s.bare.p90).toBeNull(); // 3 runs: no spread
    expect(s.stageMediansMs.inference).toBe(92);
  });

  it('reports a p90 from 20 runs on', () => {
    const ms = Array.from({ length: 20 }, (_, i) => 50 + i);
    const s = summarizePoint({ batch: 1, preprocess: 'cpu', bareMs: ms, appMs: ms, appStages: ms.map((m) => stage(m)) });
    expect(s.bare.p90).toBeCloseTo(67.1, 9);
    expect(s.hostMsPerFrame).toBe(0);
  });
});

describe('summarizeReport', () => {
  it('says plainly that a smoke run has no spread', () => {
    const point: BenchPoint = {
      batch: 1,
      preprocess: 'cpu',
      bareMs: [1, 2, 3],
      appMs: [2, 3, 4],
      appStages: [stage(1), stage(2), stage(3)],
    };
    const report = { backend: 'wasm' as const, wasmThreads: 2, userAgent: 'x', sessionCreateMs: 1, firstRunMs: 1, points: [point] };
    expect(summarizeReport(report)).toMatchObject({ runs: 3, note: NO_SPREAD_NOTE });
  });
});
