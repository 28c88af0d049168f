// Several runs on the same axes: one row per batch size, one column group per run, plus each
// run's speed-up over the first (the baseline), e.g. WebGPU over WASM at the same batch.
import type { BenchRun } from './runFormat';

export interface ComparedRun {
  /** Stable within one comparison: the run's position, so an imported copy gets the same key. */
  key: string;
  /** Legend text: the run's name, model, backend and device. */
  label: string;
}

export interface ComparedValue {
  msPerBatchP10: number;
  msPerBatchP50: number;
  msPerBatchP90: number;
  msPerFrame: number;
  throughputFps: number;
  /** Baseline ms per frame / this run's at the same batch; absent where the baseline has no such batch. */
  speedup?: number;
}

export interface ComparisonRow {
  batch: number;
  /** By run key; a run without this batch size has no entry. */
  values: Record<string, ComparedValue>;
}

export interface Comparison {
  runs: ComparedRun[];
  /** Ascending batch sizes, the union over all runs. */
  rows: ComparisonRow[];
}

export function runLabel(run: BenchRun): string {
  const device = `${run.device.description}${run.device.software ? ' (software)' : ''}`;
  return `${run.name} · ${run.model} · ${run.backend} · ${device}`;
}

export function compareRuns(runs: readonly BenchRun[]): Comparison {
  const compared = runs.map((run, i) => ({ key: `run${i}`, label: runLabel(run) }));
  const batches = [...new Set(runs.flatMap((r) => r.points.map((p) => p.batch)))].sort((a, b) => a - b);
  const baseline = runs[0];
  const rows = batches.map((batch) => {
    const base = baseline?.points.find((p) => p.batch === batch);
    const values: Record<string, ComparedValue> = {};
    runs.forEach((run, i) => {
      const p = run.points.find((q) => q.batch === batch);
      if (!p) return;
      values[compared[i]!.key] = {
        msPerBatchP10: p.msPerBatch.p10,
        msPerBatchP50: p.msPerBatch.p50,
        msPerBatchP90: p.msPerBatch.p90,
        msPerFrame: p.msPerFrame,
        throughputFps: p.throughputFps,
        ...(base && p.msPerFrame > 0 ? { speedup: base.msPerFrame / p.msPerFrame } : {}),
      };
    });
    return { batch, values };
  });
  return { runs: compared, rows };
}
