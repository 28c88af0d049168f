import { summarize, timeline, toFrameRecord, type FrameRecord } from '../measure/metrics/frameMetrics';
import { RingBuffer } from '../measure/metrics/ringBuffer';
import type { StreamedFrame } from './frameStream';
import { FRAME_LOG_LENGTH, type AppStore, type FrameLogEntry } from './store';

const FLUSH_MS = 250;
/** Rolling window of the live metrics, in frames. */
const METRICS_WINDOW = 300;

/**
 * What the Detect view shows of a running source: the frame log, the live metrics, the drop
 * counters and the rows of an every-frame run. Results arrive per frame; the store is written a
 * few times a second by a timer that runs only while a source does, never once per frame.
 */
export function createDetectLog(store: AppStore) {
  let added: FrameLogEntry[] = [];
  let rows: FrameLogEntry[] = [];
  let dirty = false;
  let timer: ReturnType<typeof setInterval> | undefined;
  const metricsWindow = new RingBuffer<FrameRecord>(METRICS_WINDOW);
  const drops = { atSource: 0, inWorker: 0 };

  function flush(): void {
    if (!dirty) return;
    dirty = false;
    const log = added;
    const newRows = rows;
    added = [];
    rows = [];
    const records = metricsWindow.toArray();
    // Charts and numbers refresh at this rate, never once per frame.
    const liveMetrics = records.length > 0 ? { summary: summarize(records), timeline: timeline(records) } : undefined;
    store.setState((s) => ({
      frameLog: log.length > 0 ? [...s.frameLog, ...log].slice(-FRAME_LOG_LENGTH) : s.frameLog,
      droppedAtSource: drops.atSource,
      droppedInWorker: drops.inWorker,
      liveMetrics,
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
    setDrops(atSource: number, inWorker: number): void {
      if (atSource === drops.atSource && inWorker === drops.inWorker) return;
      drops.atSource = atSource;
      drops.inWorker = inWorker;
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
