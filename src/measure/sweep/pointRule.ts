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
 * A point is finished after at least 10 timed runs AND at least 2 s of timing: 10 runs so its
 * p10 and p90 are runs of their own (not the fastest and slowest of three), 2 s so a fast point
 * is not judged on a few milliseconds of a machine whose speed changes every few seconds. A point
 * never runs longer than 60 s: a slow device (a software WebGPU adapter: about 8 s per GoogLeNet
 * image) stops there with fewer runs, and the result says that the cap cut it short.
 */
export const DEFAULT_POINT_POLICY: PointPolicy = {
  warmupRuns: 2,
  warmupMaxMs: 2000,
  minRuns: 10,
  minTimeMs: 2000,
  rule: 'both',
  maxRuns: 100_000,
  maxTimeMs: 60_000,
};

/** Fewer timed runs than this and a p10-p90 spread is two or three samples, not a spread: it is not shown. */
export const MIN_RUNS_FOR_SPREAD = 10;

export const hasSpread = (runs: number): boolean => runs >= MIN_RUNS_FOR_SPREAD;

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
  /** Set when a safety cap ended the point before the rule was met: its numbers rest on fewer runs or less time than promised. */
  capped?: 'max-time' | 'max-runs';
  /** Time for one whole batch: p10-p50-p90 of the timed runs. */
  msPerBatch: Spread;
  /** p50 per batch / batch: the per-frame cost that falls as the batch grows. */
  msPerFrame: number;
  /** batch * 1000 / p50: frames per second at this batch size. */
  throughputFps: number;
}

export function summarizePoint(batch: number, runMs: readonly number[], stop?: TimedStop): PointSummary {
  if (runMs.length === 0) throw new RangeError(`batch ${batch} has no timed runs to summarize`);
  const msPerBatch = spread(runMs);
  return {
    batch,
    runs: runMs.length,
    ...(stop === 'max-time' || stop === 'max-runs' ? { capped: stop } : {}),
    msPerBatch,
    msPerFrame: msPerBatch.p50 / batch,
    throughputFps: (batch * 1000) / msPerBatch.p50,
  };
}

/** Why a capped point has fewer runs than the rule asks, e.g. "stopped by the 60 s cap after 7 runs (the rule asks 10 runs and 2 s)". */
export function capNote(policy: PointPolicy, point: Pick<PointSummary, 'runs' | 'capped'>): string | undefined {
  if (!point.capped) return undefined;
  const cap = point.capped === 'max-time' ? `the ${policy.maxTimeMs / 1000} s cap` : `the ${policy.maxRuns}-run cap`;
  return `stopped by ${cap} after ${point.runs} run${point.runs === 1 ? '' : 's'} (the rule asks ${policy.minRuns} runs and ${policy.minTimeMs / 1000} s)`;
}
