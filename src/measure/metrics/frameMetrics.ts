// Live-stream metrics derived only from the timestamps every frame carries (one clock,
// performance.timeOrigin + performance.now() in epoch ms, the same in both threads), so latency, queue wait and throughput can never
// disagree with each other because two clocks drifted.
import type { FrameResult, FrameTimestamps } from '../../domain/frame';
import { percentiles } from './stats';

/** What the metrics keep of one drawn frame: its timestamps plus the instant the view drew it. */
export interface FrameRecord {
  frameId: number;
  timestamps: FrameTimestamps;
  /** Epoch ms (performance.timeOrigin + performance.now()) when the frame's boxes reached the screen. */
  drawn: number;
  /** Frames in the batch this frame ran in. */
  batchSize: number;
  /** The worker's cumulative count of frames it dropped, as of this result. */
  droppedTotal: number;
}

/** Drops the bitmap and boxes: a window of records must not keep frames alive. */
export function toFrameRecord(
  result: Pick<FrameResult, 'frameId' | 'timestamps' | 'batchSize' | 'droppedTotal'>,
  drawn: number,
): FrameRecord {
  return { frameId: result.frameId, timestamps: result.timestamps, drawn, batchSize: result.batchSize, droppedTotal: result.droppedTotal };
}

/** Durations of one frame, in ms. The three stages are per batch: every frame of a batch shares them. */
export interface FrameTimings {
  /** captured -> drawn: what the viewer experiences. */
  latencyMs: number;
  /**
   * captured -> batchStart: everything a frame waits before its batch starts (transfer, the batch
   * filling, the previous batch running). Not enqueued -> batchStart: while WASM computes, the
   * worker's thread is busy and frames sit in its message queue before they are "enqueued", so
   * that difference reads 0 exactly when the queue is longest.
   */
  queueWaitMs: number;
  /** batchStart -> preprocessEnd, for the whole batch. */
  preprocessMs: number;
  /** preprocessEnd -> inferenceEnd: session.run for the whole batch. */
  inferenceMs: number;
  /** inferenceEnd -> postprocessEnd, for the whole batch. */
  postprocessMs: number;
}

export function frameTimings(record: FrameRecord): FrameTimings {
  const t = record.timestamps;
  return {
    latencyMs: record.drawn - t.captured,
    queueWaitMs: t.batchStart - t.captured,
    preprocessMs: t.preprocessEnd - t.batchStart,
    inferenceMs: t.inferenceEnd - t.preprocessEnd,
    postprocessMs: t.postprocessEnd - t.inferenceEnd,
  };
}

export interface Tail {
  p50: number;
  p90: number;
  p99: number;
}

export interface WindowSummary {
  frames: number;
  /** Distinct batches among the window's frames. */
  batches: number;
  latencyMs: Tail;
  queueWaitMs: Tail;
  /** Per batch, each batch counted once however many of its frames are in the window. */
  inferenceMsPerBatch: Tail;
  preprocessMsPerBatch: Tail;
  postprocessMsPerBatch: Tail;
  /** Frames drawn per second; see drawnFps. */
  fps: number;
  dropped: {
    /** The worker's cumulative count, from the newest record (passed through, not re-derived). */
    inWorker: number;
    /** Worker drops that happened between the window's oldest and newest record. */
    inWindow: number;
  };
}

const tail = (values: readonly number[]): Tail => {
  const [p50, p90, p99] = percentiles(values, [50, 90, 99]) as [number, number, number];
  return { p50, p90, p99 };
};

/**
 * Frames drawn per second over the window: n drawn frames span n - 1 intervals, so
 * fps = (n - 1) / ((lastDrawn - firstDrawn) / 1000). Counting n frames over that span would
 * overstate the rate (2 frames 1 s apart are 1 fps, not 2). 0 when it cannot be measured yet:
 * fewer than two frames, or all drawn at the same instant.
 */
export function drawnFps(records: readonly Pick<FrameRecord, 'drawn'>[]): number {
  if (records.length < 2) return 0;
  let first = Infinity;
  let last = -Infinity;
  for (const r of records) {
    first = Math.min(first, r.drawn);
    last = Math.max(last, r.drawn);
  }
  const spanMs = last - first;
  return spanMs > 0 ? ((records.length - 1) * 1000) / spanMs : 0;
}

/** One entry per batch: frames of a batch share batchStart and inferenceEnd, set once by the worker. */
function distinctBatches(records: readonly FrameRecord[]): FrameRecord[] {
  const seen = new Map<string, FrameRecord>();
  for (const r of records) {
    const key = `${r.timestamps.batchStart}|${r.timestamps.inferenceEnd}`;
    if (!seen.has(key)) seen.set(key, r);
  }
  return [...seen.values()];
}

/** Summary of a rolling window (oldest first, as RingBuffer.toArray gives it). Tails are NaN for an empty window. */
export function summarize(window: readonly FrameRecord[]): WindowSummary {
  const perFrame = window.map(frameTimings);
  const perBatch = distinctBatches(window).map(frameTimings);
  const oldest = window[0];
  const newest = window[window.length - 1];
  return {
    frames: window.length,
    batches: perBatch.length,
    latencyMs: tail(perFrame.map((t) => t.latencyMs)),
    queueWaitMs: tail(perFrame.map((t) => t.queueWaitMs)),
    inferenceMsPerBatch: tail(perBatch.map((t) => t.inferenceMs)),
    preprocessMsPerBatch: tail(perBatch.map((t) => t.preprocessMs)),
    postprocessMsPerBatch: tail(perBatch.map((t) => t.postprocessMs)),
    fps: drawnFps(window),
    dropped: {
      inWorker: newest?.droppedTotal ?? 0,
      inWindow: oldest && newest ? Math.max(0, newest.droppedTotal - oldest.droppedTotal) : 0,
    },
  };
}

/** One point per frame for the live latency timeline; t is seconds since the window's first drawn frame. */
export interface TimelinePoint {
  frameId: number;
  t: number;
  latencyMs: number;
  queueWaitMs: number;
}

export function timeline(window: readonly FrameRecord[]): TimelinePoint[] {
  const origin = window[0]?.drawn ?? 0;
  return window.map((r) => {
    const t = frameTimings(r);
    return { frameId: r.frameId, t: (r.drawn - origin) / 1000, latencyMs: t.latencyMs, queueWaitMs: t.queueWaitMs };
  });
}
