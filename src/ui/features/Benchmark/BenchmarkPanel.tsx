import { useBenchController } from '../../ControllerContext';
import { useAppStore } from '../../../app/store';
import { BackendAgreement } from './BackendAgreement';
import { KernelProfile } from './KernelProfile';
import { SweepCharts } from './SweepCharts';

export function BenchmarkPanel() {
  const bench = useBenchController();
  const listText = useAppStore((s) => s.batchListText);
  const sweep = useAppStore((s) => s.sweep);
  const runs = useAppStore((s) => s.benchRuns);
  const loaded = useAppStore((s) => s.loaded);
  const busy = useAppStore((s) => s.status === 'loading' || s.status === 'running');
  const latest = runs.at(-1);

  return (
    <section className="panel bench">
      <h2>Batch size against latency and throughput</h2>
      <p className="hint">
        Runs the loaded model ({loaded ? `${loaded.manifest.name} on ${loaded.backend === 'webgpu' ? 'WebGPU' : 'WASM'}` : 'none'}) at each
        batch size: warm-up first (never counted), then at least 20 timed runs or 3 s. A batch this device cannot hold stops the sweep, with
        the reason.
      </p>
      <div className="bench-controls">
        <label>
          Batch sizes <input data-testid="batch-list" value={listText} onChange={(e) => bench.setBatchList(e.target.value)} />
        </label>
        <button type="button" data-testid="bench-run" disabled={!loaded || busy || sweep?.running} onClick={() => void bench.runSweep()}>
          Run sweep
        </button>
        {sweep?.running ? (
          <button type="button" data-testid="bench-cancel" onClick={() => bench.cancelSweep()}>
            Cancel
          </button>
        ) : null}
        {sweep ? <progress data-testid="bench-progress" max={1} value={sweep.progress} /> : null}
        {sweep?.message ? (
          <span className={sweep.stopped ? 'bench-stop' : 'bench-message'} data-testid={sweep.stopped ? 'bench-stop' : 'bench-message'}>
            {sweep.message}
          </span>
        ) : null}
      </div>
      {latest ? (
        <table className="bench-results" data-testid="bench-results">
          <caption>{latest.name}</caption>
          <thead>
            <tr>
              <th>batch</th>
              <th>ms / batch p50</th>
              <th>p10 – p90</th>
              <th>ms / frame</th>
              <th>frames / s</th>
              <th>bare session.run p50</th>
              <th>app overhead</th>
              <th>runs</th>
            </tr>
          </thead>
          <tbody>
            {latest.points.map((p) => (
              <tr
                key={p.batch}
                data-batch={p.batch}
                data-backend={latest.backend}
                data-latency-p50-ms={p.msPerBatch.p50}
                data-per-frame-ms={p.msPerFrame}
                data-throughput-fps={p.throughputFps}
                data-bare-p50-ms={p.bareMsPerBatchP50}
              >
                <td>{p.batch}</td>
                <td>{p.msPerBatch.p50.toFixed(1)}</td>
                <td>
                  {p.msPerBatch.p10.toFixed(1)} – {p.msPerBatch.p90.toFixed(1)}
                </td>
                <td>{p.msPerFrame.toFixed(2)}</td>
                <td>{p.throughputFps.toFixed(1)}</td>
                <td>{p.bareMsPerBatchP50?.toFixed(1) ?? '—'}</td>
                <td>
                  {p.overheadMsP50 !== undefined
                    ? `${p.overheadMsP50.toFixed(2)} ms (${((p.overheadMsP50 / p.msPerBatch.p50) * 100).toFixed(1)}%)`
                    : '—'}
                </td>
                <td>{p.runs}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <SweepCharts runs={runs} />
      <BackendAgreement />
      <KernelProfile />
      <div className="runs">
        <h3>Runs</h3>
        <ul data-testid="run-list">
          {runs.map((run, i) => (
            <li key={`${run.date}-${i}`} data-testid="run-item">
              <span>
                {run.name} · {run.device.description}
                {run.device.software ? ' (software adapter: not GPU timing)' : ''} · {new Date(run.date).toLocaleString('en-GB')}
              </span>
              <button type="button" data-testid="run-export" onClick={() => bench.exportJson(i)}>
                Export JSON
              </button>
              <button type="button" onClick={() => bench.removeRun(i)}>
                Remove
              </button>
            </li>
          ))}
        </ul>
        <button type="button" data-testid="runs-export-csv" disabled={runs.length === 0} onClick={() => bench.exportCsv()}>
          Export all as CSV
        </button>
        <label className="file-button">
          Import a run (JSON)
          <input
            type="file"
            accept=".json,application/json"
            data-testid="run-import"
            onChange={(e) => e.target.files?.[0] && void bench.importRun(e.target.files[0])}
          />
        </label>
      </div>
    </section>
  );
}
