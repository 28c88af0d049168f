import { describe, expect, it } from 'vitest';
import { drawnFps, frameTimings, summarize, timeline, toFrameRecord } from './frameMetrics';
import type { FrameRecord } from './frameMetrics';
import { RingBuffer } from './ringBuffer';

const T0 = 1_700_000_000_000; // epoch ms, as the worker records them

/**
 * A batch of `ids.length` frames captured 10 ms apart starting at `capturedAt`, each enqueued
 * 1 ms after capture; the batch starts at `batchStart`, preprocess takes 4 ms, inference
 * `inferenceMs`, postprocess 2 ms; each frame is drawn 5 ms after postprocess, 1 ms apart.
 */
function batch(ids: number[], capturedAt: number, batchStart: number, inferenceMs: number, droppedTotal = 0): FrameRecord[] {
  const preprocessEnd = batchStart + 4;
  const inferenceEnd = preprocessEnd + inferenceMs;
  const postprocessEnd = inferenceEnd + 2;
  return ids.map((frameId, i) => ({
    frameId,
    timestamps: {
      captured: T0 + capturedAt + 10 * i,
      enqueued: T0 + capturedAt + 10 * i + 1,
      batchStart: T0 + batchStart,
      preprocessEnd: T0 + preprocessEnd,
      inferenceEnd: T0 + inferenceEnd,
      postprocessEnd: T0 + postprocessEnd,
    },
    drawn: T0 + postprocessEnd + 5 + i,
    batchSize: ids.length,
    droppedTotal,
  }));
}

describe('frameTimings', () => {
  it('derives each duration from the frame timestamps and the drawn instant', () => {
    const [first, second] = batch([0, 1], 0, 30, 50);
    // first: captured 0, enqueued 1, batch 30, pre end 34, inference end 84, post end 86, drawn 91.
    expect(frameTimings(first!)).toEqual({ latencyMs: 91, queueWaitMs: 30, preprocessMs: 4, inferenceMs: 50, postprocessMs: 2 });
    // second: captured 10, enqueued 11, drawn 92; the stage times are the batch's.
    expect(frameTimings(second!)).toEqual({ latencyMs: 82, queueWaitMs: 20, preprocessMs: 4, inferenceMs: 50, postprocessMs: 2 });
  });

  it('keeps only numbers from a FrameResult, not the bitmap', () => {
    const [r] = batch([7], 0, 0, 10);
    // A whole FrameResult, bitmap and boxes included: the record must not hold on to them.
    const result = {
      frameId: 7,
      timestamps: r!.timestamps,
      batchSize: 1,
      droppedTotal: 3,
      frame: { close() {} },
      detections: [{ x1: 0, y1: 0, x2: 1, y2: 1, score: 1 }],
    };
    const fromResult = toFrameRecord(result, r!.drawn);
    expect(fromResult).toEqual({ ...r, droppedTotal: 3 });
    expect(Object.keys(fromResult)).not.toContain('frame');
    expect(Object.keys(fromResult)).not.toContain('detections');
  });
});

describe('drawnFps', () => {
  it('is (n - 1) frames over the span from first to last drawn', () => {
    // 31 frames drawn every 100 ms span 3 s: 30 intervals / 3 s = 10 fps (not 31 / 3).
    const frames = Array.from({ length: 31 }, (_, i) => ({ drawn: T0 + 100 * i }));
    expect(drawnFps(frames)).toBeCloseTo(10, 12);
  });
  it('does not depend on the order records arrive in', () => {
    expect(drawnFps([{ drawn: T0 + 500 }, { drawn: T0 }, { drawn: T0 + 250 }])).toBeCloseTo(4, 12); // 2 intervals / 0.5 s
  });
  it('is 0 while it cannot be measured: under two frames, or no time span', () => {
    expect(drawnFps([])).toBe(0);
    expect(drawnFps([{ drawn: T0 }])).toBe(0);
    expect(drawnFps([{ drawn: T0 }, { drawn: T0 }])).toBe(0);
  });
});

describe('summarize', () => {
  it('gives latency tails per frame and stage times once per batch', () => {
    // Two batches of 2: inference 50 ms then 70 ms, the second with 2 frames dropped meanwhile.
    const window = [...batch([0, 1], 0, 30, 50, 0), ...batch([2, 3], 66, 100, 70, 2)];
    const s = summarize(window);
    expect(s.frames).toBe(4);
    expect(s.batches).toBe(2);
    // Latencies: 91, 82 (first batch); second batch post end 100+4+70+2 = 176, drawn 181, 182;
    // captured 66, 76 -> 115, 106. Sorted 82, 91, 106, 115: p50 = 98.5 (rank 1.5),
    // p90 = rank 2.7 -> 106 + 0.7 * 9 = 112.3, p99 = rank 2.97 -> 106 + 0.97 * 9 = 114.73.
    expect(s.latencyMs.p50).toBeCloseTo(98.5, 9);
    expect(s.latencyMs.p90).toBeCloseTo(112.3, 9);
    expect(s.latencyMs.p99).toBeCloseTo(114.73, 9);
    // Queue waits (captured -> batch start) 30, 20, 34, 24 -> sorted 20, 24, 30, 34: p50 = 27.
    expect(s.queueWaitMs.p50).toBeCloseTo(27, 9);
    // Counted per batch, not per frame: [50, 70] -> p50 60, whatever the batch size.
    expect(s.inferenceMsPerBatch.p50).toBeCloseTo(60, 9);
    expect(s.preprocessMsPerBatch.p50).toBe(4);
    expect(s.postprocessMsPerBatch.p50).toBe(2);
    // Drawn at 91, 92, 181, 182: 3 intervals over 91 ms.
    expect(s.fps).toBeCloseTo(3000 / 91, 9);
    expect(s.dropped).toEqual({ inWorker: 2, inWindow: 2 });
  });

  it('summarizes the ring buffer window, not the whole history', () => {
    const ring = new RingBuffer<FrameRecord>(3);
    for (let i = 0; i < 10; i++) batch([i], 100 * i, 100 * i + 1, i < 7 ? 1000 : 10, i).forEach((r) => ring.push(r));
    const s = summarize(ring.toArray());
    expect(s.frames).toBe(3);
    expect(s.inferenceMsPerBatch.p99).toBeCloseTo(10, 9); // the slow early frames have left the window
    expect(s.dropped).toEqual({ inWorker: 9, inWindow: 2 });
  });

  it('is empty but well-formed for an empty window', () => {
    const s = summarize([]);
    expect(s.frames).toBe(0);
    expect(s.fps).toBe(0);
    expect(s.latencyMs.p50).toBeNaN();
    expect(s.dropped).toEqual({ inWorker: 0, inWindow: 0 });
  });
});

describe('timeline', () => {
  it('puts each frame at seconds since the first drawn frame, with its latency', () => {
    const points = timeline(batch([0, 1], 0, 30, 50));
    expect(points).toEqual([
      { frameId: 0, t: 0, latencyMs: 91, queueWaitMs: 30 },
      { frameId: 1, t: 0.001, latencyMs: 82, queueWaitMs: 20 },
    ]);
  });
});
