import { useBenchController } from '../../ControllerContext';
import { useAppStore } from '../../../app/store';
import { parseBatchList } from '../../../measure/sweep/batchList';
import { DEFAULT_POINT_POLICY, MIN_RUNS_FOR_SPREAD } from '../../../measure/sweep/pointRule';
import { BatchListField } from './BatchListField';
import { SweepCharts } from './SweepCharts';
import { SweepResultsTable } from './SweepResultsTable';
import { InlineError } from '../Status/InlineError';

const rule = DEFAULT_POINT_POLICY;

const FLOAT16_TITLE =
  'The model converted to float16 (weights and activations; inputs and outputs stay float32), run in half precision on this GPU: half the weight memory and, on most GPUs, faster arithmetic, at a small cost in accuracy that the max |difference| column shows.';

const NO_SHADER_F16 = "This adapter does not offer WebGPU's shader-f16 feature, so a float16 model cannot run on it.";

const GRAPH_CAPTURE_TITLE =
  "ONNX Runtime records the batch's GPU commands once and replays them, without the per-kernel work on the CPU. Shapes must be fixed, so each batch size gets its own session, fed and read through buffers bound once.";

/** The lab's pycaffe batch experiment: the loaded model at each batch size, a table and charts of every run. */
export function BenchmarkPanel() {
  const bench = useBenchController();
  const listText = useAppStore((s) => s.batchListText);
  const sweep = useAppStore((s) => s.sweep);
  const runs = useAppStore((s) => s.benchRuns);
  const loaded = useAppStore((s) => s.loaded);
  const busy = useAppStore((s) => s.status === 'loading' || s.status === 'running');
  const listOk = parseBatchList(listText).ok;
  const variant = useAppStore((s) => s.sweepVariant);
  const shaderF16 = useAppStore((s) => s.capabilities?.webgpu.shaderF16 === true);

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
          <fieldset className="bench-variant" data-testid="bench-variant">
            <legend>Session</legend>
            <label className="check" title={GRAPH_CAPTURE_TITLE}>
              <input
                type="checkbox"
                data-testid="bench-graph-capture"
                checked={variant.graphCapture}
                disabled={sweep?.running}
                onChange={(e) => bench.setVariant({ graphCapture: e.target.checked })}
              />
              Graph capture (a session per batch size)
            </label>
            <label className="check" title={shaderF16 ? FLOAT16_TITLE : NO_SHADER_F16}>
              <input
                type="checkbox"
                data-testid="bench-float16"
                checked={variant.float16 && shaderF16}
                disabled={sweep?.running || !shaderF16}
                onChange={(e) => bench.setVariant({ float16: e.target.checked })}
              />
              Float16 weights{shaderF16 ? '' : ' (this GPU has no shader-f16)'}
            </label>
            <p className="hint">
              Each point of a variant is also checked against the plain session: the largest output difference, same input.
            </p>
          </fieldset>
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
