// Pure summaries of the image bench (src/bench/benchPage.ts), kept apart from the CLI so they can be tested.
import type { BenchPoint, BenchReport } from '../src/bench/benchPage';
import { STAGES } from '../src/domain/units';
import { median, percentile } from '../src/measure/metrics/stats';

/** Below this many timed runs a p90 is one of the few slowest runs, not a spread: report medians only. */
export const MIN_RUNS_FOR_SPREAD = 20;

export const NO_SPREAD_NOTE = `fewer than ${MIN_RUNS_FOR_SPREAD} runs give no spread: medians only (p90 omitted)`;

export interface PointSummary {
  batch: number;
  preprocess: BenchPoint['preprocess'];
  runs: number;
  /** Median bare session.run (+ readback) per frame. */
  bareMsPerFrame: number;
  /** Median app request per frame. */
  appMsPerFrame: number;
  /** Median over runs of (app request - the worker's session.run + readback in that request) per frame: page + worker time outside the model. */
  hostMsPerFrame: number;
  /** App path / bare session.run, medians of whole requests. */
  appOverBare: number;
  bare: { p50: number; p90: number | null };
  app: { p50: number; p90: number | null };
  /** Worker stage medians per request (not per frame). */
  stageMediansMs: Record<(typeof STAGES)[number], number>;
}

export function summarizePoint(point: BenchPoint): PointSummary {
  const runs = Math.min(point.bareMs.length, point.appMs.length);
  const spread = runs >= MIN_RUNS_FOR_SPREAD;
  const host = point.appMs.map((ms, i) => (ms - point.appStages[i]!.inference) / point.batch);
  const bareP50 = median(point.bareMs);
  const appP50 = median(point.appMs);
  return {
    batch: point.batch,
    preprocess: point.preprocess,
    runs,
    bareMsPerFrame: bareP50 / point.batch,
    appMsPerFrame: appP50 / point.batch,
    hostMsPerFrame: median(host),
    appOverBare: appP50 / bareP50,
    bare: { p50: bareP50, p90: spread ? percentile(point.bareMs, 90) : null },
    app: { p50: appP50, p90: spread ? percentile(point.appMs, 90) : null },
    stageMediansMs: Object.fromEntries(STAGES.map((s) => [s, median(point.appStages.map((t) => t[s]))])) as PointSummary['stageMediansMs'],
  };
}

export function summarizeReport(report: BenchReport) {
  const points = report.points.map(summarizePoint);
  const runs = Math.min(...points.map((p) => p.runs));
  return {
    backend: report.backend,
    fallbackReason: report.fallbackReason,
    preprocessNote: report.preprocessNote,
    wasmThreads: report.wasmThreads,
    browser: report.userAgent,
    runs,
    ...(runs < MIN_RUNS_FOR_SPREAD ? { note: NO_SPREAD_NOTE } : {}),
    sessionCreateMs: report.sessionCreateMs,
    firstRunMs: report.firstRunMs,
    points,
  };
}

export type ReportSummary = ReturnType<typeof summarizeReport>;
