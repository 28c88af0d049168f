import type { PointMemory, RunPoint } from '../metrics/runFormat';
import type { Backend } from '../../domain/backend';
import { AppError } from '../../domain/errors';
import type { MemoryUse } from '../../domain/memory';
import { isVariant, type SessionVariant } from '../../domain/model';
import { median } from '../metrics/stats';
import type { InferenceClient } from '../../bridge/client';
import { advance, nextStep, startSweep, type BatchFit, type SweepState } from './sweepPlan';
import type { PointPolicy } from './pointRule';

export interface SweepRunOptions {
  client: InferenceClient;
  batches: readonly number[];
  fits?: (batch: number) => BatchFit;
  policy?: Partial<PointPolicy>;
  onProgress?: (state: SweepState) => void;
  signal?: AbortSignal;
  /** Time a session variant (WebGPU: graph capture, float16 weights) instead of the plain session, each batch checked against the plain session's outputs. */
  variant?: SessionVariant;
  /** To set the memory model's figure for each batch beside what the worker allocated while the batch ran. */
  memory?: { backend: Backend; estimatedBytes(batch: number): number };
}

export interface SweepOutcome {
  state: SweepState;
  /** Each point with the bare session.run p50 measured in the same runs. */
  points: RunPoint[];
}

/**
 * Drives the sweep plan against the inference worker. Each run is one request: the time the page
 * sees from request to reply is the point's measurement (tensor creation, session.run, output
 * read-back, messaging), and the worker's own session.run time for the same run is kept as the
 * bare baseline, so the app's overhead is measured in the same run, not estimated.
 */
export async function runSweep({
  client,
  batches,
  fits,
  policy,
  onProgress,
  signal,
  memory,
  variant,
}: SweepRunOptions): Promise<SweepOutcome> {
  let state = startSweep({ batches, fits, policy });
  const bare = new Map<number, number[]>();
  const overhead = new Map<number, number[]>();
  const measured = new Map<number, MemoryUse>();
  const differences = new Map<number, number>();
  // One reading at each change of batch: what the batch that just ended used, and a fresh peak for the next.
  let measuring: number | undefined;
  const endMeasurement = async (next: number | undefined) => {
    if (!memory || next === measuring) return;
    const use = await client.request('memory', { resetPeak: true }).catch(() => undefined); // a lost device fails its runs, not this reading
    if (measuring !== undefined && use) measured.set(measuring, use);
    measuring = next;
  };
  // A sweep may start on a session already rebuilt after an earlier loss: only a new rebuild counts.
  let rebuildsAtStart: number | undefined;
  onProgress?.(state);
  for (let step = nextStep(state); step.kind !== 'none'; step = nextStep(state)) {
    if (signal?.aborted) {
      state = advance(state, { type: 'cancel' });
      break;
    }
    await endMeasurement(step.batch);
    try {
      const started = performance.now();
      const { runMs, rebuiltAfter, maxAbsDiffVsPlain } = await client.request('benchBare', {
        batch: step.batch,
        runs: 1,
        warmupRuns: 0,
        ...(isVariant(variant) ? { variant } : {}),
      });
      if (maxAbsDiffVsPlain !== undefined) differences.set(step.batch, maxAbsDiffVsPlain);
      const ended = performance.now();
      // The device was lost between two runs and the worker rebuilt the session: the point would mix two sessions.
      const rebuilds = rebuiltAfter?.count ?? 0;
      rebuildsAtStart ??= rebuilds;
      if (rebuilds !== rebuildsAtStart) {
        throw new AppError('DEVICE_LOST', `the GPU device was lost between two runs (${rebuiltAfter!.loss}) and the session was rebuilt`);
      }
      if (step.kind === 'timed') {
        bare.set(step.batch, [...(bare.get(step.batch) ?? []), runMs[0]!]);
        // The same run seen from both sides: the difference is exactly what the app adds around session.run.
        overhead.set(step.batch, [...(overhead.get(step.batch) ?? []), ended - started - runMs[0]!]);
      }
      state = advance(state, { type: 'ran', ms: ended - started, endedAt: ended });
    } catch (error) {
      state = advance(state, { type: 'failed', error });
    }
    onProgress?.(state);
  }
  await endMeasurement(undefined);
  // A variant's session would otherwise hold its GPU memory until the next sweep or model.
  if (isVariant(variant)) await client.request('releaseVariant', {}).catch(() => undefined);
  onProgress?.(state);
  const points = state.points.map((p): RunPoint => {
    const use = measured.get(p.batch);
    const difference = differences.get(p.batch);
    return {
      ...p,
      bareMsPerBatchP50: median(bare.get(p.batch) ?? []),
      overheadMsP50: median(overhead.get(p.batch) ?? []),
      ...(memory && use ? { memory: pointMemory(memory.backend, memory.estimatedBytes(p.batch), use) } : {}),
      ...(difference !== undefined ? { maxAbsDiffVsPlain: difference } : {}),
    };
  });
  return { state, points };
}

function pointMemory(backend: Backend, estimatedBytes: number, use: MemoryUse): PointMemory {
  return backend === 'webgpu'
    ? { holder: 'GPU buffers', estimatedBytes, measuredBytes: use.gpuPeakBytes }
    : { holder: 'WASM memory', estimatedBytes, measuredBytes: use.wasmHeapBytes };
}
