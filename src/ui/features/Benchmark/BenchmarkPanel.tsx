import { useBenchController } from '../../ControllerContext';
import { useAppStore } from '../../../app/store';
import { parseBatchList } from '../../../measure/sweep/batchList';
import { DEFAULT_POINT_POLICY, MIN_RUNS_FOR_SPREAD } from '../../../measure/sweep/pointRule';
import { BatchListField } from './BatchListField';
import { SweepCharts } from './SweepCharts';
import { SweepResultsTable } from './SweepResultsTable';
import { InlineError } from '../Status/InlineError';

const rule = DEFAULT_POINT_POLICY;

const GRAPH_CAPTURE_TITLE =
  "ONNX Runtime records the batch's GPU commands once and replays them, without the per-kernel work on the CPU. Shapes must be fixed, so each batch size gets its own session, fed and read through buffers bound once. Each point also runs the plain session on the same input and reports the largest difference of the outputs.";

/** The lab's pycaffe batch experiment: the loaded model at each batch size, a table and charts of every run. */
export function BenchmarkPanel() {
  const bench = useBenchController();
  const listText = useAppStore((s) => s.batchListText);
  const sweep = useAppStore((s) => s.sweep);
  const runs = useAppStore((s) => s.benchRuns);
  const loaded = useAppStore((s) => s.loaded);
  const busy = useAppStore((s) => s.status === 'loading' || s.status === 'running');
  const listOk = parseBatchList(listText).ok;
  const graphCapture = useAppStore((s) => s.sweepGraphCapture);

  return (
    <section className="panel bench" aria-labelledby="sweep-title">
      <h2 id="sweep-title">Batch-size sweep</h2>
      <p className="hint">
        Runs {loaded ? `${loaded.manifest.name} on ${loaded.backend === 'webgpu' ? 'WebGPU' : 'WASM'}` : 'the loaded model'} at each batch
        size: warm-up first (never counted), then at least {rule.minRuns} timed runs and {rule.minTimeMs / 1000} s per point, at most{' '}
        {rule.maxTimeMs / 1000} s (a point the cap cuts short says so). The p10 – p90 spread is shown for points with {MIN_RUNS_FOR_SPREAD}{' '}
        runs or more. A batch this device cannot hold stops the sweep, with the reason.
      </p>
      <div className="bench-controls">
        <BatchListField value={listText} onChange={(text) => bench.setBatchList(text)} />
        {loaded?.backend === 'webgpu' ? (
          <label className="check" title={GRAPH_CAPTURE_TITLE}>
            <input
              type="checkbox"
              data-testid="bench-graph-capture"
              checked={graphCapture}
              disabled={sweep?.running}
              onChange={(e) => bench.setGraphCapture(e.target.checked)}
            />
            Graph capture (a session per batch size; each point checked against the plain session)
          </label>
        ) : null}
        <div className="form-buttons">
          <button
            type="button"
            className="primary"
            data-testid="bench-run"
            disabled={!loaded || busy || sweep?.running || !listOk}
            onClick={() => void bench.runSweep()}
          >
            Run sweep
          </button>
          {sweep?.running ? (
            <button type="button" data-testid="bench-cancel" onClick={() => bench.cancelSweep()}>
              Cancel
            </button>
          ) : null}
        </div>
      </div>
      <InlineError origin="benchmark" />
      {sweep ? (
        <div className="bench-status" role="status">
          <progress data-testid="bench-progress" max={1} value={sweep.progress} aria-label="Sweep progress" />
          {sweep.message ? (
            <span className={sweep.stopped ? 'bench-stop' : 'bench-message'} data-testid={sweep.stopped ? 'bench-stop' : 'bench-message'}>
              {sweep.message}
            </span>
          ) : null}
        </div>
      ) : null}
      <SweepResultsTable runs={runs} />
      <SweepCharts runs={runs} />
    </section>
  );
}
