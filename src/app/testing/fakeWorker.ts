// Fakes for the page side of the frame path in unit tests (node): a worker client that answers
// 'detect' requests only when told to (or batches them like the real worker), and bitmaps that
// know whether they were closed.
import type { WorkerApi } from '../../bridge/protocol';
import { AppError, type ErrorCode } from '../../domain/errors';
import type { FrameResult } from '../../domain/frame';
import { DEFAULT_CLUSTER } from '../../domain/manifest';
import type { CapturedFrame } from '../../sources/videoFrames';
import type { FrameWorker } from '../frameStream';

export interface FakeBitmap {
  readonly label: string;
  closed: boolean;
  close(): void;
  width: number;
  height: number;
}

export function fakeBitmap(label: string): FakeBitmap {
  return {
    label,
    closed: false,
    width: 768,
    height: 576,
    close() {
      this.closed = true;
    },
  };
}

/** A captured frame with media time n / fps, as the source would hand it over. */
export function fakeFrame(frameNumber: number, fps = 10): CapturedFrame & { bitmap: ImageBitmap } {
  return {
    bitmap: fakeBitmap(`frame ${frameNumber}`) as unknown as ImageBitmap,
    capturedAt: 1000 + frameNumber,
    frameNumber,
    mediaTime: frameNumber / fps,
  };
}

export interface PendingDetect {
  frameId: number;
  frame: FakeBitmap;
  resolve(result: FrameResult): void;
  reject(error: AppError): void;
}

/**
 * Records every request. 'stream', 'cluster' and 'endStream' answer at once; 'detect' waits in `pending`
 * until the test replies, or, with `batchSize` set, the fake answers B at a time in arrival order
 * (and whatever waits when an endStream without discard comes), like the worker's batcher.
 */
export class FakeWorker implements FrameWorker {
  readonly requests: { type: string; payload: unknown }[] = [];
  readonly pending: PendingDetect[] = [];
  maxPending = 0;
  droppedTotal = 0;

  constructor(private readonly batchSize?: number) {}

  request<K extends 'detect' | 'stream' | 'endStream' | 'cluster'>(
    type: K,
    payload: WorkerApi[K]['request'],
  ): Promise<WorkerApi[K]['result']> {
    this.requests.push({ type, payload });
    if (type === 'stream') return Promise.resolve(payload as WorkerApi[K]['result']);
    if (type === 'cluster') {
      const { params } = payload as WorkerApi['cluster']['request'];
      return Promise.resolve((params ?? DEFAULT_CLUSTER) as WorkerApi[K]['result']);
    }
    if (type === 'endStream') {
      const { discard } = payload as WorkerApi['endStream']['request'];
      const waiting = this.pending.length;
      if (discard) this.failWaiting('SUPERSEDED');
      else if (this.batchSize) this.answer(this.pending.length);
      return Promise.resolve({ frames: waiting } as WorkerApi[K]['result']);
    }
    const { frameId, frame } = payload as WorkerApi['detect']['request'];
    return new Promise((resolve, reject) => {
      this.pending.push({ frameId, frame: frame as unknown as FakeBitmap, resolve: resolve as (r: FrameResult) => void, reject });
      this.maxPending = Math.max(this.maxPending, this.pending.length);
      if (this.batchSize && this.pending.length >= this.batchSize) this.answer(this.batchSize);
    });
  }

  /** Answers the oldest `count` waiting frames as one batch, in order. */
  answer(count = this.pending.length): PendingDetect[] {
    const batch = this.pending.splice(0, count);
    batch.forEach((p) => p.resolve(resultFor(p, batch.length, this.droppedTotal)));
    return batch;
  }

  /** Answers one waiting frame, chosen by frame id (replies may come in any order). */
  answerFrame(frameId: number): void {
    const i = this.pending.findIndex((p) => p.frameId === frameId);
    if (i < 0) throw new Error(`frame ${frameId} is not waiting`);
    const [p] = this.pending.splice(i, 1);
    p!.resolve(resultFor(p!, 1, this.droppedTotal));
  }

  fail(frameId: number, code: ErrorCode): void {
    const i = this.pending.findIndex((p) => p.frameId === frameId);
    const [p] = this.pending.splice(i, 1);
    p!.reject(new AppError(code, `frame ${frameId} ${code.toLowerCase()}`));
  }

  failWaiting(code: ErrorCode): void {
    for (const p of this.pending.splice(0)) p.reject(new AppError(code, `frame ${p.frameId} ${code.toLowerCase()}`));
  }

  sent(type: string): unknown[] {
    return this.requests.filter((r) => r.type === type).map((r) => r.payload);
  }
}

function resultFor(p: PendingDetect, batchSize: number, droppedTotal: number): FrameResult {
  const t = 2000 + p.frameId;
  return {
    frameId: p.frameId,
    // The worker hands the very frame back (transferred), so the boxes are drawn over their own pixels.
    frame: p.frame as unknown as ImageBitmap,
    detections: [{ x1: p.frameId, y1: 0, x2: p.frameId + 10, y2: 20, score: 0.9 }],
    timestamps: {
      captured: 1000,
      enqueued: t,
      batchStart: t,
      preprocessEnd: t + 1,
      inferenceEnd: t + 1 + 40 * batchSize,
      postprocessEnd: t + 42,
    },
    batchSize,
    framesPerRun: batchSize,
    preprocess: 'cpu',
    droppedTotal,
  };
}

/** Lets every settled promise run its callbacks (several rounds: callbacks chain further promises). */
export async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}

/** requestAnimationFrame stand-in: callbacks run when the test says a frame was painted. */
export function fakeAnimationFrames() {
  let queue: (() => void)[] = [];
  return {
    request: (callback: () => void) => void queue.push(callback),
    run(): number {
      const now = queue;
      queue = [];
      now.forEach((cb) => cb());
      return now.length;
    },
    get waiting() {
      return queue.length;
    },
  };
}
