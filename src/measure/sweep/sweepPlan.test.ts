import { beforeAll, describe, expect, it } from 'vitest';
import { buildDetectNet } from '../../onnx/detectnet';
import { DEFAULT_BATCH_SIZES } from './batchList';
import { checkBatch, webGpuMemoryLimits } from './memoryModel';
import { describeModel } from '../../onnx/modelDescription';
import type { ModelDescription } from '../../onnx/modelDescription';
import { advance, nextStep, startSweep, sweepProgress } from './sweepPlan';
import type { SweepOptions, SweepState } from './sweepPlan';

/** Runs a sweep to its end against a fake device: each run of batch b takes msFor(b) on a fake clock. */
function drive(state: SweepState, msFor: (batch: number, kind: 'warmup' | 'timed') => number, failAt?: { batch: number; error: unknown }) {
  let clock = 0;
  const log: string[] = [];
  for (let step = nextStep(state); step.kind !== 'none'; step = nextStep(state)) {
    if (failAt && step.batch === failAt.batch) {
      state = advance(state, { type: 'failed', error: failAt.error });
      continue;
    }
    const ms = msFor(step.batch, step.kind);
    clock += ms + 0.5; // the app's own overhead between runs counts towards the 3 s
    log.push(`${step.kind} ${step.batch}`);
    state = advance(state, { type: 'ran', ms, endedAt: clock });
  }
  return { state, log };
}

const sweep = (options: SweepOptions) => startSweep(options);

describe('a sweep point', () => {
  it('warms up twice, never counts it, then times a fast batch for 2 s', () => {
    const { state, log } = drive(sweep({ batches: [2] }), (_, kind) => (kind === 'warmup' ? 500 : 10));
    expect(log.slice(0, 3)).toEqual(['warmup 2', 'warmup 2', 'timed 2']);
    // 10.5 ms per run with overhead: the 191st timed run ends 2005 ms after the first one started.
    expect(log.length).toBe(2 + 191);
    expect(state.status).toBe('finished');
    expect(state.points).toEqual([{ batch: 2, runs: 191, msPerBatch: { p10: 10, p50: 10, p90: 10 }, msPerFrame: 5, throughputFps: 200 }]);
  });

  it('times a slow batch 10 times, with one warm-up when that already took 2 s', () => {
    const { state, log } = drive(sweep({ batches: [32] }), () => 800);
    expect(log.slice(0, 3)).toEqual(['warmup 32', 'warmup 32', 'timed 32']);
    expect(state.points[0]?.runs).toBe(10);
    expect(state.points[0]?.capped).toBeUndefined();
    const slower = drive(sweep({ batches: [32] }), () => 2500);
    expect(slower.log.filter((l) => l.startsWith('warmup'))).toHaveLength(1);
    expect(slower.state.points[0]?.runs).toBe(10);
  });

  it('stops a point at the 60 s cap with fewer than 10 runs, and marks it capped', () => {
    // A software adapter: 8 s per run; the 8th timed run ends 64 s after the first started.
    const { state } = drive(sweep({ batches: [1, 2] }), (b) => 8000 * b);
    expect(state.points.map((p) => [p.batch, p.runs, p.capped])).toEqual([
      [1, 8, 'max-time'],
      [2, 4, 'max-time'],
    ]);
    expect(state.status).toBe('finished');
  });

  it('runs batches ascending, each once, and reports progress', () => {
    let state = sweep({ batches: [4, 1, 2, 4] });
    expect(state.batches).toEqual([1, 2, 4]);
    expect(sweepProgress(state)).toBe(0);
    state = drive(state, (b) => 10 * b).state;
    expect(state.points.map((p) => p.batch)).toEqual([1, 2, 4]);
    expect(sweepProgress(state)).toBe(1);
  });
});

describe('the stop rule', () => {
  let detectnet: ModelDescription;
  beforeAll(() => {
    detectnet = describeModel(buildDetectNet(1).model);
  });

  it('stops at the largest batch this device can hold and says why', () => {
    // Default WebGPU limits: 128 MiB per storage buffer; DetectNet's conv1 output is 32 MiB per frame.
    const limits = webGpuMemoryLimits({ maxBufferSize: 256 * 2 ** 20, maxStorageBufferBindingSize: 128 * 2 ** 20 });
    const start = sweep({ batches: DEFAULT_BATCH_SIZES, fits: (b) => checkBatch(detectnet, limits, b) });
    expect(start.batches).toEqual([1, 2, 4]);
    expect(start.status).toBe('running');
    expect(start.stop?.reason).toBe(
      "batch 5 needs 160 MiB in one buffer ('conv1/7x7_s2'); this device allows 128 MiB per buffer (maxStorageBufferBindingSize) (max batch 4); the sweep stops at batch 4",
    );
    const { state, log } = drive(start, (b) => 300 * b);
    expect(log.some((l) => l.endsWith(' 5') || l.endsWith(' 8'))).toBe(false); // never tried
    expect(state.status).toBe('stopped');
    expect(state.points.map((p) => p.batch)).toEqual([1, 2, 4]);
    expect(state.stop).toMatchObject({ batch: 5, kind: 'memory-limit', largestWorked: 4, rebuildSession: false });
  });

  it('stops before any run when not even batch 1 fits', () => {
    const state = sweep({ batches: [1, 2], fits: () => ({ fits: false, reason: 'batch 1 needs 32 MiB in one buffer' }) });
    expect(state.status).toBe('stopped');
    expect(nextStep(state)).toEqual({ kind: 'none' });
    expect(state.stop?.reason).toBe('batch 1 needs 32 MiB in one buffer; no batch size can run');
  });

  it('stops at the last batch that ran when a run runs out of memory, and asks for a new session', () => {
    const { state } = drive(sweep({ batches: [1, 2, 4, 8, 16] }), (b) => 20 * b, {
      batch: 8,
      error: new Error('GPUOutOfMemoryError: Out of memory'),
    });
    expect(state.status).toBe('stopped');
    expect(state.points.map((p) => p.batch)).toEqual([1, 2, 4]);
    expect(state.stop).toEqual({
      batch: 8,
      kind: 'out-of-memory',
      reason: 'batch 8 ran out of memory (GPUOutOfMemoryError: Out of memory); the sweep stopped at batch 4, the largest that ran',
      largestWorked: 4,
      rebuildSession: true,
    });
  });

  it('keeps finished points on cancel and ignores runs that end afterwards', () => {
    let state = drive(sweep({ batches: [1] }), () => 5).state;
    expect(state.status).toBe('finished');
    state = sweep({ batches: [1, 2] });
    state = advance(state, { type: 'ran', ms: 5, endedAt: 5 });
    state = advance(state, { type: 'cancel' });
    expect(state.status).toBe('cancelled');
    expect(state.stop?.reason).toBe('cancelled during batch 1 after 0 of 2 points');
    expect(advance(state, { type: 'ran', ms: 5, endedAt: 10 })).toBe(state);
  });
});
