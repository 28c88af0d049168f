/** Percentile of values already sorted ascending, by linear interpolation between closest ranks (numpy's default), p in [0, 100]. */
export function percentileOfSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = (Math.min(100, Math.max(0, p)) / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

const ascending = (values: readonly number[]): number[] => [...values].sort((a, b) => a - b);

/** Percentile by linear interpolation between closest ranks (numpy's default), p in [0, 100]. */
export function percentile(values: readonly number[], p: number): number {
  return percentileOfSorted(ascending(values), p);
}

export const median = (values: readonly number[]): number => percentile(values, 50);

/** Several percentiles of one series with a single sort (a rolling window asks for three every flush). */
export function percentiles(values: readonly number[], ps: readonly number[]): number[] {
  const sorted = ascending(values);
  return ps.map((p) => percentileOfSorted(sorted, p));
}

/** The p10-p50-p90 band that sweep charts draw around each point. */
export interface Spread {
  p10: number;
  p50: number;
  p90: number;
}

export function spread(values: readonly number[]): Spread {
  const [p10, p50, p90] = percentiles(values, [10, 50, 90]) as [number, number, number];
  return { p10, p50, p90 };
}
