import { describe, expect, it } from 'vitest';
import { capNote, DEFAULT_POINT_POLICY, hasSpread, summarizePoint, timedDone, timedFraction, warmupDone } from './pointRule';

const policy = DEFAULT_POINT_POLICY;

describe('timedDone: at least 10 timed runs and at least 2 s per point, at most 60 s', () => {
  it('keeps a fast point going until it has been timed for 2 s', () => {
    expect(timedDone(policy, 10, 100)).toBeUndefined();
    expect(timedDone(policy, 199, 1990)).toBeUndefined();
    expect(timedDone(policy, 200, 2000)).toBe('min-runs');
  });
  it('keeps a slow point going until it has 10 runs', () => {
    expect(timedDone(policy, 5, 3000)).toBeUndefined();
    expect(timedDone(policy, 9, 9000)).toBeUndefined();
    expect(timedDone(policy, 10, 10_000)).toBe('min-runs');
  });
  it('stops at the 60 s cap with fewer runs, and says it was the cap', () => {
    expect(timedDone(policy, 7, 59_999)).toBeUndefined();
    expect(timedDone(policy, 7, 60_000)).toBe('max-time');
    expect(timedDone(policy, 1, 61_000)).toBe('max-time'); // one run of a minute on a software adapter
  });
  it('never ends a point without a timed run', () => {
    expect(timedDone(policy, 0, 100_000)).toBeUndefined();
  });
  it("with rule 'either' ends at whichever comes first", () => {
    const either = { ...policy, rule: 'either' as const };
    expect(timedDone(either, 10, 100)).toBe('min-runs');
    expect(timedDone(either, 3, 2000)).toBe('min-time');
  });
});

describe('timedFraction', () => {
  it('follows the condition that is further from met under the both rule', () => {
    expect(timedFraction(policy, 5, 1800)).toBeCloseTo(0.5, 12); // 5/10 runs holds back 1.8/2 s
    expect(timedFraction(policy, 40, 500)).toBeCloseTo(0.25, 12); // 0.5/2 s holds back 40/10 runs
    expect(timedFraction(policy, 10, 2000)).toBe(1);
  });
  it('counts towards the cap on a slow device', () => {
    expect(timedFraction(policy, 1, 45_000)).toBeCloseTo(0.75, 12);
  });
});

describe('spread and caps', () => {
  it('shows a p10-p90 spread only from 10 runs on', () => {
    expect(hasSpread(9)).toBe(false);
    expect(hasSpread(10)).toBe(true);
  });
  it('marks a point the cap cut short and says so in words', () => {
    const capped = summarizePoint(4, [8000, 8100, 7900], 'max-time');
    expect(capped.capped).toBe('max-time');
    expect(capNote(policy, capped)).toBe('stopped by the 60 s cap after 3 runs (the rule asks 10 runs and 2 s)');
    const full = summarizePoint(4, [10, 11, 12], 'min-runs');
    expect(full.capped).toBeUndefined();
    expect(capNote(policy, full)).toBeUndefined();
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
