import { useAppStore } from '../../../app/store';

/** The latest results, newest first: which frame, its batch, its boxes, its time. */
export function FrameLog() {
  const log = useAppStore((s) => s.frameLog);
  if (log.length === 0) return null;
  return (
    <details className="frame-log">
      <summary>Recent frames ({log.length})</summary>
      <table data-testid="frame-log">
        <thead>
          <tr>
            <th>frame</th>
            <th>id</th>
            <th>batch</th>
            <th>boxes</th>
            <th>inference / frame</th>
            <th>latency</th>
          </tr>
        </thead>
        <tbody>
          {[...log].reverse().map((e) => (
            <tr
              key={e.frameId}
              data-testid="frame-log-row"
              data-frame={e.frameNumber}
              data-frame-id={e.frameId}
              data-media-time={e.mediaTime}
              data-batch={e.batchSize}
              data-latency-ms={e.latencyMs}
              data-inference-ms={e.inferenceMsPerFrame}
              data-detections={JSON.stringify(e.detections)}
            >
              <td>{e.frameNumber}</td>
              <td>{e.frameId}</td>
              <td>{e.batchSize}</td>
              <td>{e.boxes}</td>
              <td>{e.inferenceMsPerFrame.toFixed(1)} ms</td>
              <td>{e.latencyMs.toFixed(0)} ms</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
