import { describe, expect, it } from 'vitest';
import type { FrameResult } from '../domain/frame';
import { createDetectLog, type SourceCounts } from './detectLog';
import type { StreamedFrame } from './frameStream';
import { createAppStore } from './store';

function frame(frameId: number, at: number): StreamedFrame {
  const timestamps = {
    captured: at,
    enqueued: at + 1,
    batchStart: at + 2,
    preprocessEnd: at + 3,
    inferenceEnd: at + 50,
    postprocessEnd: at + 51,
  };
  return {
    result: {
      frameId,
      timestamps,
      batchSize: 1,
      framesPerRun: 1,
      droppedTotal: 0,
      detections: [],
      preprocess: 'cpu',
    } as unknown as FrameResult,
    entry: {
      frameId,
      frameNumber: frameId,
      mediaTime: frameId / 10,
      boxes: 0,
      batchSize: 1,
      inferenceMsPerFrame: 47,
      latencyMs: 52,
      detections: [],
    },
    arrivedAt: at + 52,
  };
}

describe('createDetectLog', () => {
  it('writes the counters on every flush but recomputes the live metrics only when a result came', () => {
    const store = createAppStore();
    const counts: SourceCounts = { captured: 0, completed: 0, droppedAtSource: 0, droppedInWorker: 0 };
    const log = createDetectLog(store, () => ({ ...counts }));

    counts.captured = 2;
    counts.completed = 2;
    log.add(frame(0, 1000), false);
    log.add(frame(1, 1100), false);
    log.flush();
    const metrics = store.getState().liveMetrics;
    expect(metrics?.summary.frames).toBe(2);

    // Frames captured and dropped, no result: new counters, the same metrics object (the chart does not re-render).
    counts.captured = 5;
    counts.droppedAtSource = 3;
    log.flush();
    expect(store.getState().framesCaptured).toBe(5);
    expect(store.getState().droppedAtSource).toBe(3);
    expect(store.getState().liveMetrics).toBe(metrics);

    log.add(frame(2, 1200), false);
    counts.completed = 3;
    log.flush();
    expect(store.getState().liveMetrics).not.toBe(metrics);
    expect(store.getState().liveMetrics?.summary.frames).toBe(3);

    // A seek clears the window: the metrics go with it.
    log.clearMetrics();
    log.flush();
    expect(store.getState().liveMetrics).toBeUndefined();
  });
});
