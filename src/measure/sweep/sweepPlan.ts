// A batch-size sweep as a pure state machine: the caller (the app's Benchmark panel or the
// bench page) asks nextStep() what to run, runs it, and feeds the outcome to advance(). All
// the rules (memory check before a batch is tried, warm-up never counted, when a point has
// enough runs, where and why the sweep stops) live here, so the UI and `npm run bench` follow
// the same ones and tests need no browser.
import { DEFAULT_POINT_POLICY, summarizePoint, timedDone, timedFraction, warmupDone } from './pointRule';
import type { PointPolicy, PointSummary, TimedStop } from './pointRule';
import { classifyRunError, failureReason, needsSessionRebuild } from './stopRule';
import type { RunFailureKind } from './stopRule';

/** memoryModel.checkBatch fits this shape; any other pre-check (or none) can be used. */
export type BatchFit = { fits: true } | { fits: false; reason: string };

export interface SweepOptions {
  /** Batch sizes, e.g. from parseBatchList; run ascending whatever the order given. */
  batches: readonly number[];
  policy?: Partial<PointPolicy>;
  /** Checked for each batch before the sweep starts; the first that does not fit ends the plan. */
  fits?: (batch: number) => BatchFit;
}

export interface SweepStop {
  /** The batch that did not fit, failed, or was running when cancelled. */
  batch: number;
  kind: 'memory-limit' | RunFailureKind | 'cancelled';
  reason: string;
  /** The largest batch with a completed point; undefined when none completed. */
  largestWorked?: number;
  /** Re-create the inference session before using it again (memory exhausted or device lost). */
  rebuildSession: boolean;
}

export type SweepStatus = 'running' | 'finished' | 'stopped' | 'cancelled';

export interface SweepState {
  readonly policy: PointPolicy;
  /** The batches that will be tried: those before the first that the memory check rejected. */
  readonly batches: readonly number[];
  /** Index into batches of the point being measured. */
  readonly index: number;
  readonly warmups: number;
  readonly warmupMs: number;
  readonly runMs: readonly number[];
  /** Wall-clock start of the current point's first timed run (epoch or performance.now ms, as the caller's events). */
  readonly timedStartedAt?: number;
  readonly timedElapsedMs: number;
  readonly points: readonly PointSummary[];
  readonly status: SweepStatus;
  /** Set from the start when the memory check cut the plan short, so the UI can say so before the sweep gets there. */
  readonly stop?: SweepStop;
}

export type SweepStep = { kind: 'warmup' | 'timed'; batch: number } | { kind: 'none' };

export type SweepEvent =
  /** A run (warm-up or timed, as nextStep said) finished: `ms` is its measured duration, `endedAt` the clock when it ended. */
  { type: 'ran'; ms: number; endedAt: number } | { type: 'failed'; error: unknown } | { type: 'cancel' };

const freshPoint = { warmups: 0, warmupMs: 0, runMs: [], timedStartedAt: undefined, timedElapsedMs: 0 } as const;

export function startSweep(options: SweepOptions): SweepState {
  const policy = { ...DEFAULT_POINT_POLICY, ...options.policy };
  const sorted = [...new Set(options.batches)].sort((a, b) => a - b);
  const batches: number[] = [];
  let stop: SweepStop | undefined;
  for (const batch of sorted) {
    const fit = options.fits?.(batch) ?? { fits: true };
    if (!fit.fits) {
      // Memory grows with the batch, so every larger batch would be rejected too.
      const last = batches.at(-1);
      const plan = last === undefined ? 'no batch size can run' : `the sweep stops at batch ${last}`;
      stop = { batch, kind: 'memory-limit', reason: `${fit.reason}; ${plan}`, rebuildSession: false };
      break;
    }
    batches.push(batch);
  }
  const status: SweepStatus = batches.length === 0 ? (stop ? 'stopped' : 'finished') : 'running';
  return { policy, batches, index: 0, ...freshPoint, points: [], status, stop };
}

export function nextStep(state: SweepState): SweepStep {
  const batch = state.batches[state.index];
  if (state.status !== 'running' || batch === undefined) return { kind: 'none' };
  return { kind: warmupDone(state.policy, state.warmups, state.warmupMs) ? 'timed' : 'warmup', batch };
}

function completePoint(state: SweepState, timedStop: TimedStop): SweepState {
  const batch = state.batches[state.index]!;
  const points = [...state.points, summarizePoint(batch, state.runMs, timedStop)];
  const index = state.index + 1;
  const over = index >= state.batches.length;
  // Finishing the plan after a memory-limit cut is a stop, not a clean finish: the list asked for more.
  const status: SweepStatus = !over ? 'running' : state.stop ? 'stopped' : 'finished';
  const stop = state.stop && { ...state.stop, largestWorked: batch };
  return { ...state, ...freshPoint, index, points, status, stop };
}

export function advance(state: SweepState, event: SweepEvent): SweepState {
  // Late events (a run that ends after a cancel) change nothing.
  if (state.status !== 'running') return state;
  const batch = state.batches[state.index]!;
  const largestWorked = state.points.at(-1)?.batch;
  switch (event.type) {
    case 'cancel':
      return {
        ...state,
        status: 'cancelled',
        stop: {
          batch,
          kind: 'cancelled',
          reason: `cancelled during batch ${batch} after ${state.points.length} of ${state.batches.length} points`,
          largestWorked,
          rebuildSession: false,
        },
      };
    case 'failed': {
      const failure = classifyRunError(event.error);
      return {
        ...state,
        status: 'stopped',
        stop: {
          batch,
          kind: failure.kind,
          reason: failureReason(batch, failure, largestWorked),
          largestWorked,
          rebuildSession: needsSessionRebuild(failure),
        },
      };
    }
    case 'ran': {
      if (nextStep(state).kind === 'warmup') return { ...state, warmups: state.warmups + 1, warmupMs: state.warmupMs + event.ms };
      const timedStartedAt = state.timedStartedAt ?? event.endedAt - event.ms;
      const next = { ...state, runMs: [...state.runMs, event.ms], timedStartedAt, timedElapsedMs: event.endedAt - timedStartedAt };
      const done = timedDone(next.policy, next.runMs.length, next.timedElapsedMs);
      return done ? completePoint(next, done) : next;
    }
  }
}

/** 0..1 over the whole plan, for the progress bar; warm-up counts as no progress. */
export function sweepProgress(state: SweepState): number {
  if (state.status === 'finished' || (state.status === 'stopped' && state.index >= state.batches.length)) return 1;
  if (state.batches.length === 0) return 0;
  const current = timedFraction(state.policy, state.runMs.length, state.timedElapsedMs);
  return Math.min(1, (state.index + current) / state.batches.length);
}
