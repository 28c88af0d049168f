// How long one point of a sweep (one batch size) is measured, and what is reported for it.
import { spread } from '../metrics/stats';
import type { Spread } from '../metrics/stats';

export interface PointPolicy {
  /** Runs at a new batch size before timing: shader compilation and buffer allocation for the new shape land here. */
  warmupRuns: number;
  /** Warm-up ends early, after at least one run, once warm-up has taken this long (a slow device is warm after one run). */
  warmupMaxMs: number;
  minRuns: number;
  minTimeMs: number;
  /**
   * 'either': the point is done once it has minRuns timed runs OR minTimeMs of timing,
   * whichever comes first. 'both': it needs minRuns AND minTimeMs.
   */
  rule: 'either' | 'both';
  /** Safety caps, whatever the rule: a point never runs longer or more often than this. */
  maxRuns: number;
  maxTimeMs: number;
}

/**
 * "At least 20 timed runs or 3 s per point", read literally: a point has
 * enough once it has 20 timed runs or has been timed for 3 s, whichever comes first. Fast
 * points (a few ms per batch) stop at 20 runs; slow ones stop at 3 s with fewer runs but
 * never fewer than one. Requiring both would make one point on a software adapter
 * (SwiftShader: about 8 s per GoogLeNet image) take 20 * 8 s * batch, minutes per point.
 * `rule: 'both'` is there for a bench that wants tighter percentiles on fast devices.
 */
export const DEFAULT_POINT_POLICY: PointPolicy = {
  warmupRuns: 2,
  warmupMaxMs: 2000,
  minRuns: 20,
  minTimeMs: 3000,
  rule: 'either',
  maxRuns: 1000,
  maxTimeMs: 60_000,
};

export function warmupDone(policy: PointPolicy, warmups: number, warmupMs: number): boolean {
  return warmups >= policy.warmupRuns || (warmups >= 1 && warmupMs >= policy.warmupMaxMs);
}

export type TimedStop = 'min-runs' | 'min-time' | 'max-runs' | 'max-time';

/** Why the timed phase of a point is over, or undefined while it needs more runs. `elapsedMs` is wall-clock time since the first timed run started. */
export function timedDone(policy: PointPolicy, runs: number, elapsedMs: number): TimedStop | undefined {
  if (runs === 0) return undefined;
  const enoughRuns = runs >= policy.minRuns;
  const enoughTime = elapsedMs >= policy.minTimeMs;
  if (policy.rule === 'either' ? enoughRuns || enoughTime : enoughRuns && enoughTime) return enoughRuns ? 'min-runs' : 'min-time';
  if (runs >= policy.maxRuns) return 'max-runs';
  if (elapsedMs >= policy.maxTimeMs) return 'max-time';
  return undefined;
}

/** How far the timed phase of a point is, 0..1, for the progress bar. */
export function timedFraction(policy: PointPolicy, runs: number, elapsedMs: number): number {
  if (timedDone(policy, runs, elapsedMs)) return 1;
  const byRuns = runs / policy.minRuns;
  const byTime = elapsedMs / policy.minTimeMs;
  const byRule = policy.rule === 'either' ? Math.max(byRuns, byTime) : Math.min(byRuns, byTime);
  return Math.min(1, Math.max(byRule, runs / policy.maxRuns, elapsedMs / policy.maxTimeMs));
}

export interface PointSummary {
  batch: number;
  /** Timed runs (warm-up excluded). */
  runs: number;
  /** Time for one whole batch: p10-p50-p90 of the timed runs. */
  msPerBatch: Spread;
  /** p50 per batch / batch: the per-frame cost that falls as the batch grows. */
  msPerFrame: number;
  /** batch * 1000 / p50: frames per second at this batch size. */
  throughputFps: number;
}

export function summarizePoint(batch: number, runMs: readonly number[]): PointSummary {
  if (runMs.length === 0) throw new RangeError(`batch ${batch} has no timed runs to summarize`);
  const msPerBatch = spread(runMs);
  return { batch, runs: runMs.length, msPerBatch, msPerFrame: msPerBatch.p50 / batch, throughputFps: (batch * 1000) / msPerBatch.p50 };
}
