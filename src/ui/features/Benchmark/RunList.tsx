import { useBenchController } from '../../ControllerContext';
import { useAppStore } from '../../../app/store';
import { chartRunsFor } from './SweepCharts';

/** The runs on the charts: sweeps measured here and files imported, each exportable, removable. */
export function RunList() {
  const bench = useBenchController();
  const runs = useAppStore((s) => s.benchRuns);
  const { chartRuns } = chartRunsFor(runs);
  return (
    <section className="panel runs" aria-labelledby="runs-title">
      <h2 id="runs-title">Runs</h2>
      <p className="hint">Every sweep measured here, and runs imported from files (this app's export or `npm run bench -- --sweep`).</p>
      {runs.length === 0 ? <p className="empty">No runs yet.</p> : null}
      <ul data-testid="run-list">
        {runs.map((run, i) => (
          <li key={`${run.date}-${i}`} data-testid="run-item">
            <span className="swatch" style={{ background: chartRuns[i]!.color }} aria-hidden="true" />
            <span className="run-text">
              <strong>{chartRuns[i]!.name}</strong> · {run.device.description}
              {run.device.software ? ' (software adapter: not GPU timing)' : ''} · measured{' '}
              {new Date(run.date).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })}
            </span>
            <button type="button" data-testid="run-export" onClick={() => bench.exportJson(i)}>
              Export JSON
            </button>
            <button type="button" onClick={() => bench.removeRun(i)} aria-label={`Remove ${chartRuns[i]!.name}`}>
              Remove
            </button>
          </li>
        ))}
      </ul>
      <div className="form-buttons">
        <button type="button" data-testid="runs-export-csv" disabled={runs.length === 0} onClick={() => bench.exportCsv()}>
          Export all as CSV
        </button>
        <label className="file-button">
          Import a run (JSON)
          <input
            type="file"
            className="visually-hidden"
            accept=".json,application/json"
            data-testid="run-import"
            onChange={(e) => {
              if (e.target.files?.[0]) void bench.importRun(e.target.files[0]);
              e.target.value = '';
            }}
          />
        </label>
      </div>
    </section>
  );
}
