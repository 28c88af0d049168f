import { downloadText } from '../../../app/download';
import { everyFrameCsv, everyFrameSummary } from '../../../app/everyFrameTable';
import { useAppStore } from '../../../app/store';

/** Rows drawn at most; the CSV has every frame. */
const SHOWN_ROWS = 1000;

/** The per-frame table of an every-frame run, once it is over: frame, boxes, inference per frame, batch; CSV export. */
export function EveryFrameResults() {
  const run = useAppStore((s) => s.everyFrame);
  if (!run || run.state === 'running' || run.rows.length === 0) return null;
  const summary = everyFrameSummary(run);
  return (
    <div className="every-frame-results">
      <h3>
        Every frame of {run.fileName}: {run.rows.length} of {run.total} frames{run.state === 'done' ? '' : ` (${run.state})`}
      </h3>
      <p data-testid="pacing-summary" data-frames={run.rows.length} data-fps={summary.fps}>
        {summary.seconds.toFixed(1)} s · {summary.fps.toFixed(2)} frames/s · inference {summary.inferenceMsPerFrame.toFixed(1)} ms per frame
        (median) at batch {run.batchSize} · {summary.boxes} boxes in all{' '}
        <button
          type="button"
          data-testid="pacing-csv"
          onClick={() => downloadText(`${run.fileName.replace(/\.[^.]+$/, '')}-every-frame.csv`, 'text/csv', everyFrameCsv(run.rows))}
        >
          Export CSV
        </button>
      </p>
      <table data-testid="pacing-results">
        <thead>
          <tr>
            <th>frame</th>
            <th>time</th>
            <th>boxes</th>
            <th>inference / frame</th>
            <th>batch</th>
          </tr>
        </thead>
        <tbody>
          {run.rows.slice(0, SHOWN_ROWS).map((row) => (
            <tr
              key={row.frameId}
              data-testid="pacing-row"
              data-frame={row.frameNumber}
              data-frame-id={row.frameId}
              data-media-time={row.mediaTime}
              data-boxes={row.boxes}
              data-batch={row.batchSize}
              data-inference-ms={row.inferenceMsPerFrame}
              data-detections={JSON.stringify(row.detections)}
            >
              <td>{row.frameNumber}</td>
              <td>{row.mediaTime.toFixed(3)} s</td>
              <td>{row.boxes}</td>
              <td>{row.inferenceMsPerFrame.toFixed(1)} ms</td>
              <td>{row.batchSize}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {run.rows.length > SHOWN_ROWS ? (
        <p>
          First {SHOWN_ROWS} frames shown; the CSV has all {run.rows.length}.
        </p>
      ) : null}
    </div>
  );
}
