import { median } from '../measure/metrics/stats';
import type { EveryFrameView, FrameLogEntry } from './store';

const COLUMNS = ['frame', 'media_time_s', 'boxes', 'inference_ms_per_frame', 'batch', 'detections'];

/** One line per analysed frame; the boxes as x1 y1 x2 y2 score groups separated by ';' (source pixels). */
export function everyFrameCsv(rows: readonly FrameLogEntry[]): string {
  const lines = rows.map((r) =>
    [
      r.frameNumber,
      r.mediaTime,
      r.boxes,
      r.inferenceMsPerFrame.toFixed(3),
      r.batchSize,
      `"${r.detections.map((d) => [d.x1, d.y1, d.x2, d.y2].map((v) => v.toFixed(1)).join(' ') + ` ${d.score.toFixed(4)}`).join(';')}"`,
    ].join(','),
  );
  return `${[COLUMNS.join(','), ...lines].join('\n')}\n`;
}

/** Totals of a run: wall time from start to the end (or now), frames per second, median inference per frame, boxes. */
export function everyFrameSummary(run: EveryFrameView, now = Date.now()) {
  const seconds = ((run.finishedAt ?? now) - run.startedAt) / 1000;
  return {
    seconds,
    fps: seconds > 0 ? run.rows.length / seconds : 0,
    inferenceMsPerFrame: run.rows.length > 0 ? median(run.rows.map((r) => r.inferenceMsPerFrame)) : 0,
    boxes: run.rows.reduce((n, r) => n + r.boxes, 0),
  };
}
