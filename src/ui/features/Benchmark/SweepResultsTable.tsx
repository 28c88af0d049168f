import { isVariant, variantName } from '../../../domain/model';
import type { BenchRun, PointMemory } from '../../../measure/metrics/runFormat';
import { capNote, DEFAULT_POINT_POLICY, hasSpread, MIN_RUNS_FOR_SPREAD } from '../../../measure/sweep/pointRule';
import { formatBytes } from '../../../domain/memory';
import { formatDuration, formatPercent, formatRate } from '../../format/quantity';
import { chartRunsFor } from './SweepCharts';

/** "53 MiB, measured 61 MiB (+15%)": the model's figure first, as it is what decided whether the batch ran. */
function memoryText(m: PointMemory): string {
  const difference = m.estimatedBytes > 0 ? m.measuredBytes / m.estimatedBytes - 1 : undefined;
  const signed = difference === undefined ? '' : ` (${difference >= 0 ? '+' : '−'}${formatPercent(Math.abs(difference))})`;
  return `${formatBytes(m.estimatedBytes)}, measured ${formatBytes(m.measuredBytes)}${signed}`;
}

const MEMORY_TITLE =
  "The memory model's weights + peak activations for the batch, against what the worker held: on WebGPU the most GPU buffer bytes in use while the batch ran (ONNX Runtime keeps buffers of earlier batches in its pool, so these count too); on WASM the size of its memory at the end of the batch (it only grows, and also holds ONNX Runtime's own arena).";

/** Every run on the charts, a row per batch size: the charts' data as a table (and the way to it by keyboard). */
export function SweepResultsTable({ runs }: { runs: readonly BenchRun[] }) {
  if (runs.length === 0) return null;
  const { chartRuns } = chartRunsFor(runs);
  const anyVariant = runs.some(isVariant);
  return (
    <div className="table-scroll" role="region" aria-labelledby="bench-results-caption" tabIndex={0}>
      <table className="data-table bench-results" data-testid="bench-results">
        <caption id="bench-results-caption">
          {runs.length === 1 ? 'The sweep' : `All ${runs.length} runs`}, one row per batch size (the data of the charts below)
        </caption>
        <thead>
          <tr>
            <th scope="col">run</th>
            <th scope="col">batch</th>
            <th scope="col">time per batch (p50)</th>
            <th scope="col" title={`shown for points with at least ${MIN_RUNS_FOR_SPREAD} timed runs`}>
              spread p10 – p90
            </th>
            <th scope="col">time per frame</th>
            <th scope="col">throughput</th>
            {anyVariant ? (
              <th
                scope="col"
                title="session variant runs (graph capture, float16): the largest |difference| of their outputs from the plain session's, same input"
              >
                max |Δ| vs plain
              </th>
            ) : null}
            <th scope="col" title="the worker's own session.run time in the same runs">
              bare session.run (p50)
            </th>
            <th scope="col" title="request to reply minus session.run, per run: what the app adds">
              app overhead (p50)
            </th>
            <th scope="col" title={MEMORY_TITLE}>
              memory: model, measured
            </th>
            <th scope="col">timed runs</th>
          </tr>
        </thead>
        {runs.map((run, i) => (
          // One row group per run; its name heads the group (and so every row in it).
          <tbody key={i}>
            {run.points.map((p, j) => {
              const cap = capNote(DEFAULT_POINT_POLICY, p);
              return (
                <tr
                  key={p.batch}
                  data-run={i}
                  data-batch={p.batch}
                  data-backend={run.backend}
                  data-latency-p50-ms={p.msPerBatch.p50}
                  data-per-frame-ms={p.msPerFrame}
                  data-throughput-fps={p.throughputFps}
                  data-bare-p50-ms={p.bareMsPerBatchP50}
                  data-runs={p.runs}
                  data-capped={p.capped}
                  data-memory-estimated-bytes={p.memory?.estimatedBytes}
                  data-memory-measured-bytes={p.memory?.measuredBytes}
                  data-variant={isVariant(run) ? variantName(run) : undefined}
                  data-max-abs-diff={p.maxAbsDiffVsPlain}
                >
                  {j === 0 ? (
                    <th scope="rowgroup" rowSpan={run.points.length} className="run-name">
                      <span className="swatch" style={{ background: chartRuns[i]!.color }} aria-hidden="true" />
                      {chartRuns[i]!.name}
                    </th>
                  ) : null}
                  <td>{p.batch}</td>
                  <td>{formatDuration(p.msPerBatch.p50)}</td>
                  <td title={hasSpread(p.runs) ? undefined : `only ${p.runs} timed runs: too few for a spread`}>
                    {hasSpread(p.runs) ? `${formatDuration(p.msPerBatch.p10)} – ${formatDuration(p.msPerBatch.p90)}` : '—'}
                  </td>
                  <td>{formatDuration(p.msPerFrame)}</td>
                  <td>{formatRate(p.throughputFps)}</td>
                  {anyVariant ? (
                    <td>
                      {p.maxAbsDiffVsPlain === undefined ? '—' : p.maxAbsDiffVsPlain === 0 ? '0' : p.maxAbsDiffVsPlain.toExponential(1)}
                    </td>
                  ) : null}
                  <td>{p.bareMsPerBatchP50 !== undefined ? formatDuration(p.bareMsPerBatchP50) : '—'}</td>
                  <td>
                    {p.overheadMsP50 !== undefined
                      ? `${formatDuration(p.overheadMsP50)} (${formatPercent(p.overheadMsP50 / p.msPerBatch.p50)})`
                      : '—'}
                  </td>
                  <td title={p.memory?.holder}>{p.memory ? memoryText(p.memory) : '—'}</td>
                  <td title={cap}>{cap ? `${p.runs}, cut short by the cap` : p.runs}</td>
                </tr>
              );
            })}
          </tbody>
        ))}
      </table>
    </div>
  );
}
