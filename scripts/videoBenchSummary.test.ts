import { describe, expect, it } from 'vitest';
import type { SourceCounters, TimedFrame, VideoBenchReport, VideoPoint } from '../src/bench/videoBench';
import { appOverBareLimit, hostGrowth, hostTime, preprocessPathOf, summarize, summarizePoint } from './videoBenchSummary';

const counters = (completed: number, drawn: number): SourceCounters => ({
  presented: completed * 3,
  decoded: completed * 3,
  droppedByPlayer: 0,
  captured: completed * 3,
  droppedAtPage: 0,
  droppedInWorker: completed * 2,
  completed,
  drawn,
  superseded: completed - drawn,
});
const ZERO = counters(0, 0);

/** Batch 2: a run of 2 frames every 110 ms (4 ms preprocess, 100 ms run, 2 ms postprocess per run). */
function frames(batches: number, preprocess: 'gpu' | 'cpu' = 'gpu'): TimedFrame[] {
  return Array.from({ length: batches * 2 }, (_, i) => {
    const batchStart = 1000 + Math.floor(i / 2) * 110;
    return {
      frameId: i,
      captured: batchStart - 20,
      enqueued: batchStart - 10,
      batchStart,
      preprocessEnd: batchStart + 4,
      inferenceEnd: batchStart + 104,
      postprocessEnd: batchStart + 106,
      arrivedAt: batchStart + 107,
      batchSize: 2,
      framesPerRun: 2,
      boxes: 1,
      preprocess,
    };
  });
}

function point(overrides: Partial<VideoPoint> = {}): VideoPoint {
  const timed = frames(5);
  return {
    batch: 2,
    playbackRate: 1,
    stream: { batchSize: 2, maxWaitMs: 100, maxQueue: 4 },
    bareRunBatch: 2,
    // 100 ms per bare run of 2 frames: 50 ms a frame.
    bareSegments: [[100], [100]],
    rounds: [
      {
        window: { start: timed[0]!.arrivedAt, end: timed[timed.length - 1]!.arrivedAt },
        atStart: ZERO,
        // 10 results, 5 drawn (the other of each pair superseded in the same animation frame).
        atEnd: counters(10, 5),
        frames: timed,
        drawMs: [1, 1, 1, 1, 1],
        captureMs: [3, 3, 3],
      },
    ],
    ...overrides,
  };
}

describe('hostTime', () => {
  it('adds capture, preprocess, postprocess and the draws a frame gets', () => {
    const t = hostTime({ captureMs: 3, preprocessMs: 2, postprocessMs: 1, drawMs: 2, drawnPerCompleted: 0.25 });
    expect(t.parts).toEqual({ capture: 3, preprocess: 2, postprocess: 1, draw: 0.5 });
    expect(t.total).toBe(6.5);
  });
});

describe('summarizePoint', () => {
  it('gives app / bare per frame and the host time per frame from the frames own records', () => {
    const s = summarizePoint(point());
    expect(s.appMsPerFrame).toBeCloseTo(55, 9); // 110 ms per batch of 2
    expect(s.bareMsPerFrame).toBe(50);
    expect(s.appOverBare).toBeCloseTo(1.1, 9);
    expect(s.pipelineOverBare).toBeCloseTo(1 / 1.1, 9);
    // capture 3 + preprocess 4/2 + postprocess 2/2 + draw 1 x 5/10
    expect(s.hostMs).toEqual({ capture: 3, preprocess: 2, postprocess: 1, draw: 0.5 });
    expect(s.hostMsPerFrame).toBeCloseTo(6.5, 9);
    expect(s.preprocess).toBe('gpu');
  });
});

describe('preprocessPathOf', () => {
  it('names the one path, or says both ran', () => {
    expect(preprocessPathOf(frames(1, 'cpu'))).toBe('cpu');
    expect(preprocessPathOf([...frames(1, 'cpu'), ...frames(1, 'gpu')])).toBe('mixed');
  });
});

const report = (points: VideoPoint[], backend: 'wasm' | 'webgpu' = 'webgpu'): VideoBenchReport => ({
  model: 'm',
  backend,
  wasmThreads: 2,
  userAgent: 'ua',
  fixedBatch: 0,
  videoFps: 10,
  video: { width: 768, height: 576, duration: 10 },
  sessionCreateMs: 1,
  points,
});
const machine = { cores: 2, loadAverage1m: { before: 1, after: 1 } };

describe('summarize', () => {
  it('holds app / bare to 1.10 below batch 4 and 1.05 from 4, and WebGPU to GPU preprocessing', () => {
    expect(appOverBareLimit(1)).toBe(1.1);
    expect(appOverBareLimit(4)).toBe(1.05);
    // 1.1 at batch 2: within the limit.
    expect(summarize('detectnet', report([point()]), machine).meetsAppOverBare).toBe(true);
    // The same times at batch 4 exceed 1.05.
    expect(summarize('detectnet', report([point({ batch: 4 })]), machine).meetsAppOverBare).toBe(false);
    const cpu = point();
    cpu.rounds[0]!.frames = frames(5, 'cpu');
    expect(summarize('detectnet', report([cpu]), machine).meetsAppOverBare).toBe(false);
    expect(summarize('detectnet', report([cpu], 'wasm'), machine).meetsAppOverBare).toBe(true);
  });
});

describe('hostGrowth', () => {
  it("compares DetectNet's host time with YOLOX's at the batch sizes both ran", () => {
    const detectnet = summarize('detectnet', report([point()]), machine);
    const slower = point();
    slower.rounds[0]!.captureMs = [1.5, 1.5];
    const yolox = summarize('yolox', report([slower, point({ batch: 4 })]), machine);
    const growth = hostGrowth(detectnet, yolox);
    expect(growth).toHaveLength(1);
    expect(growth[0]!.batch).toBe(2);
    expect(growth[0]!.ratio).toBeCloseTo(6.5 / 5, 9);
  });
});
