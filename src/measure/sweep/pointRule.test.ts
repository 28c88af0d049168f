import { describe, expect, it } from 'vitest';
import { DEFAULT_POINT_POLICY, summarizePoint, timedDone, timedFraction, warmupDone } from './pointRule';

const policy = DEFAULT_POINT_POLICY;

describe('timedDone (at least 20 timed runs or 3 s per point)', () => {
  it('ends a fast point at 20 runs', () => {
    expect(timedDone(policy, 19, 190)).toBeUndefined();
    expect(timedDone(policy, 20, 200)).toBe('min-runs');
  });
  it('ends a slow point at 3 s, even with few runs', () => {
    expect(timedDone(policy, 5, 2999)).toBeUndefined();
    expect(timedDone(policy, 6, 3000)).toBe('min-time');
    expect(timedDone(policy, 1, 8000)).toBe('min-time'); // one 8 s run on a software adapter
  });
  it('never ends a point without a timed run', () => {
    expect(timedDone(policy, 0, 10_000)).toBeUndefined();
  });
  it("with rule 'both' needs 20 runs and 3 s, within the safety caps", () => {
    const both = { ...policy, rule: 'both' as const, maxRuns: 500, maxTimeMs: 30_000 };
    expect(timedDone(both, 20, 200)).toBeUndefined();
    expect(timedDone(both, 300, 3000)).toBe('min-runs');
    expect(timedDone(both, 5, 3000)).toBeUndefined();
    expect(timedDone(both, 500, 2500)).toBe('max-runs');
    expect(timedDone(both, 4, 30_000)).toBe('max-time');
  });
});

describe('timedFraction', () => {
  it('follows whichever condition is closer under the either rule', () => {
    expect(timedFraction(policy, 10, 600)).toBeCloseTo(0.5, 12); // 10/20 runs beats 0.6/3 s
    expect(timedFraction(policy, 2, 1500)).toBeCloseTo(0.5, 12); // 1.5/3 s beats 2/20 runs
    expect(timedFraction(policy, 20, 200)).toBe(1);
  });
});

describe('warmupDone', () => {
  it('takes two warm-up runs, or one that already took 2 s', () => {
    expect(warmupDone(policy, 0, 0)).toBe(false);
    expect(warmupDone(policy, 1, 40)).toBe(false);
    expect(warmupDone(policy, 2, 80)).toBe(true);
    expect(warmupDone(policy, 1, 8000)).toBe(true);
    expect(warmupDone({ ...policy, warmupRuns: 0 }, 0, 0)).toBe(true);
  });
});

describe('summarizePoint', () => {
  it('reports the spread per batch, the per-frame time and the throughput from the median', () => {
    // 11 runs at batch 4: 40..50 ms -> p10 41, p50 45, p90 49 (ranks 1, 5, 9).
    const runs = [50, 49, 48, 47, 46, 45, 44, 43, 42, 41, 40];
    const s = summarizePoint(4, runs);
    expect(s).toEqual({ batch: 4, runs: 11, msPerBatch: { p10: 41, p50: 45, p90: 49 }, msPerFrame: 11.25, throughputFps: (4 * 1000) / 45 });
    // throughput = batch / time per batch, exactly: the e2e check allows 5 %.
    expect(s.throughputFps * s.msPerFrame).toBeCloseTo(1000, 9);
  });
  it('refuses a point without runs', () => {
    expect(() => summarizePoint(8, [])).toThrow('batch 8 has no timed runs to summarize');
  });
});
