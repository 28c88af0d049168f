import { summarize, timeline, toFrameRecord, type FrameRecord } from '../measure/metrics/frameMetrics';
import { RingBuffer } from '../measure/metrics/ringBuffer';
import type { StreamedFrame } from './frameStream';
import { FRAME_LOG_LENGTH, type AppState, type AppStore, type FrameLogEntry } from './store';

const FLUSH_MS = 250;
/** Rolling window of the live metrics, in frames. */
const METRICS_WINDOW = 300;

/**
 * What the Detect view shows of a running source: the frame log, the live metrics, the drop
 * counters and the rows of an every-frame run. Results arrive per frame; the store is written a
 * few times a second by a timer that runs only while a source does, never once per frame.
 */
/** What happened to a source's frames since it started. */
export interface SourceCounts {
  captured: number;
  completed: number;
  droppedAtSource: number;
  droppedInWorker: number;
}

const sameCounts = (a: SourceCounts, b: Pick<AppState, 'framesCaptured' | 'framesCompleted' | 'droppedAtSource' | 'droppedInWorker'>) =>
  a.captured === b.framesCaptured &&
  a.completed === b.framesCompleted &&
  a.droppedAtSource === b.droppedAtSource &&
  a.droppedInWorker === b.droppedInWorker;

export function createDetectLog(store: AppStore, counts: () => SourceCounts) {
  let added: FrameLogEntry[] = [];
  let rows: FrameLogEntry[] = [];
  let dirty = false;
  let timer: ReturnType<typeof setInterval> | undefined;
  const metricsWindow = new RingBuffer<FrameRecord>(METRICS_WINDOW);

  function flush(): void {
    const c = counts();
    if (!dirty && sameCounts(c, store.getState())) return;
    const resultsChanged = dirty;
    dirty = false;
    const log = added;
    const newRows = rows;
    added = [];
    rows = [];
    // Charts and numbers refresh at this rate, never once per frame; and only when a result came
    // (or the window was cleared): a frame captured or dropped changes the counters, not the chart.
    const records = resultsChanged ? metricsWindow.toArray() : [];
    const fresh = records.length > 0 ? { summary: summarize(records), timeline: timeline(records) } : undefined;
    store.setState((s) => ({
      liveMetrics: resultsChanged ? fresh : s.liveMetrics,
      frameLog: log.length > 0 ? [...s.frameLog, ...log].slice(-FRAME_LOG_LENGTH) : s.frameLog,
      droppedAtSource: c.droppedAtSource,
      droppedInWorker: c.droppedInWorker,
      framesCaptured: c.captured,
      framesCompleted: c.completed,
      everyFrame: s.everyFrame && newRows.length > 0 ? { ...s.everyFrame, rows: [...s.everyFrame.rows, ...newRows] } : s.everyFrame,
    }));
  }

  return {
    /** One result of the current source; `everyFrame`: it belongs to an every-frame run's table too. */
    add(frame: StreamedFrame, everyFrame: boolean): void {
      added.push(frame.entry);
      if (everyFrame) rows.push(frame.entry);
      metricsWindow.push(toFrameRecord(frame.result, frame.arrivedAt));
      dirty = true;
    },
    /** Starts the flush timer (a source started); idempotent. */
    start(): void {
      timer ??= setInterval(flush, FLUSH_MS);
    },
    /** Writes what is pending and stops the timer (the source stopped). */
    stop(): void {
      flush();
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
    },
    flush,
    /** A new timeline (a seek, a new source, a new run): the rolling metrics start empty. */
    clearMetrics(): void {
      metricsWindow.clear();
      dirty = true;
    },
    get running(): boolean {
      return timer !== undefined;
    },
  };
}

export type DetectLog = ReturnType<typeof createDetectLog>;
