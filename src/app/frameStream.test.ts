import { describe, expect, it } from 'vitest';
import { AppError } from '../domain/errors';
import type { CapturedFrame } from '../sources/videoFrames';
import { createFrameStream, type StreamedFrame } from './frameStream';
import { FakeWorker, fakeAnimationFrames, fakeFrame, settle, type FakeBitmap } from './testing/fakeWorker';

function setup(options: { batchSize?: number; worker?: FakeWorker } = {}) {
  const worker = options.worker ?? new FakeWorker();
  const frames = fakeAnimationFrames();
  const results: StreamedFrame[] = [];
  const drawn: { frameNumber: number; frameId: number; bitmap: FakeBitmap; closedWhenDrawn: boolean }[] = [];
  const errors: unknown[] = [];
  const stream = createFrameStream({
    worker: () => worker,
    batchSize: () => options.batchSize ?? 1,
    nextAnimationFrame: frames.request,
    draw: ({ result, entry }) => {
      const bitmap = result.frame as unknown as FakeBitmap;
      drawn.push({ frameNumber: entry.frameNumber, frameId: result.frameId, bitmap, closedWhenDrawn: bitmap.closed });
    },
    onResult: (f) => results.push(f),
    onError: (e) => errors.push(e),
  });
  return { worker, frames, results, drawn, errors, stream };
}

const bitmapOf = (f: CapturedFrame) => f.bitmap as unknown as FakeBitmap;

describe('frame stream, live pacing', () => {
  it('matches replies to their frames by request id whatever the order they come in, and draws only the newest, once', async () => {
    const { worker, frames, results, drawn, stream } = setup({ batchSize: 2 });
    const sent = [5, 6, 7].map((n) => fakeFrame(n));
    sent.forEach((f) => stream.offer(f));
    expect(worker.pending.map((p) => p.frameId)).toEqual([1, 2, 3]);

    worker.answerFrame(3);
    worker.answerFrame(1);
    await settle();
    // Each result carries the number of the frame that was sent with its id, and its own pixels.
    expect(results.map((r) => [r.result.frameId, r.entry.frameNumber])).toEqual([
      [3, 7],
      [1, 5],
    ]);
    expect(results[0]!.result.frame).toBe(sent[2]!.bitmap);
    // Frame 1 is older than frame 3, which will be drawn: it is closed without being drawn.
    expect(bitmapOf(sent[0]!).closed).toBe(true);
    expect(frames.run()).toBe(1);
    expect(drawn).toEqual([{ frameNumber: 7, frameId: 3, bitmap: bitmapOf(sent[2]!), closedWhenDrawn: false }]);
    expect(bitmapOf(sent[2]!).closed).toBe(true); // closed right after drawing

    worker.answerFrame(2);
    await settle();
    expect(frames.run()).toBe(0); // older than what is on screen: reported, not drawn
    expect(results.map((r) => r.entry.frameNumber)).toEqual([7, 5, 6]);
    expect(stream.counters).toMatchObject({ sent: 3, completed: 3, drawn: 1, superseded: 2 });
  });

  it('several results before one animation frame: the newest is drawn, the others closed', async () => {
    const { worker, frames, drawn, stream } = setup({ batchSize: 4 });
    const sent = [0, 1, 2, 3].map((n) => fakeFrame(n));
    sent.forEach((f) => stream.offer(f));
    worker.answer(4);
    await settle();
    expect(frames.run()).toBe(1);
    expect(drawn.map((d) => d.frameNumber)).toEqual([3]);
    expect(sent.every((f) => bitmapOf(f).closed)).toBe(true);
  });

  it('keeps to its window: 2B in flight, B waiting, the oldest waiting frame dropped and closed', async () => {
    const { worker, stream } = setup({ batchSize: 1 });
    const sent = [0, 1, 2, 3, 4].map((n) => fakeFrame(n));
    sent.forEach((f) => stream.offer(f));
    expect(worker.pending.map((p) => p.frame.label)).toEqual(['frame 0', 'frame 1']);
    expect([2, 3].map((i) => bitmapOf(sent[i]!).closed)).toEqual([true, true]);
    expect(stream.counters.droppedAtPage).toBe(2);
    worker.answer(1);
    await settle();
    // The freshest waiting frame goes next.
    expect(worker.pending.map((p) => p.frame.label)).toEqual(['frame 1', 'frame 4']);
  });

  it('a reset (seek, new source) drops waiting frames and every reply still to come, unseen', async () => {
    const { worker, frames, results, drawn, stream } = setup({ batchSize: 1 });
    const before = [0, 1, 2].map((n) => fakeFrame(n));
    before.forEach((f) => stream.offer(f));
    stream.reset();
    expect(bitmapOf(before[2]!).closed).toBe(true); // was waiting on the page
    worker.answer();
    await settle();
    expect(results).toEqual([]);
    expect(before.every((f) => bitmapOf(f).closed)).toBe(true);
    expect(frames.run()).toBe(0);

    // The new timeline draws from its first frame on, even though its ids are not larger than anything drawn before.
    const after = fakeFrame(40);
    stream.offer(after);
    worker.answer();
    await settle();
    frames.run();
    expect(drawn.map((d) => d.frameNumber)).toEqual([40]);
    await expect(stream.whenIdle()).resolves.toBeUndefined();
  });

  it('a result that arrives after a reset while its draw is pending is not drawn', async () => {
    const { worker, frames, drawn, stream } = setup();
    const f = fakeFrame(1);
    stream.offer(f);
    worker.answer();
    await settle();
    stream.reset();
    expect(bitmapOf(f).closed).toBe(true);
    frames.run();
    expect(drawn).toEqual([]);
  });

  it('skips dropped, superseded and no-session frames silently, reports other failures, and frees the slot either way', async () => {
    const { worker, errors, stream } = setup({ batchSize: 1 });
    [0, 1].forEach((n) => stream.offer(fakeFrame(n)));
    stream.offer(fakeFrame(2)); // waits
    worker.fail(1, 'FRAME_DROPPED');
    await settle();
    expect(worker.pending.map((p) => p.frameId)).toEqual([2, 3]);
    worker.fail(2, 'NO_SESSION');
    worker.fail(3, 'SUPERSEDED');
    await settle();
    expect(errors).toEqual([]);
    stream.offer(fakeFrame(3));
    worker.fail(4, 'INFERENCE_FAILED');
    await settle();
    expect(errors).toHaveLength(1);
    expect((errors[0] as AppError).code).toBe('INFERENCE_FAILED');
    expect(stream.inFlight).toBe(0);
  });

  it('stop tells the worker to discard what waits for a batch', () => {
    const { worker, stream } = setup();
    stream.stop();
    expect(worker.sent('endStream')).toEqual([{ discard: true }]);
  });
});

describe('frame stream, every-frame pacing', () => {
  /** A capture that takes a turn of the event loop, like a seek, and records what was asked. */
  function capturer() {
    const asked: number[] = [];
    const made: CapturedFrame[] = [];
    return {
      asked,
      made,
      capture: async (n: number, signal: AbortSignal) => {
        asked.push(n);
        await Promise.resolve();
        if (signal.aborted) throw new AppError('SUPERSEDED', `capture of ${n} cancelled`);
        const frame = fakeFrame(n);
        made.push(frame);
        return frame;
      },
    };
  }

  it('analyses each frame exactly once, in order, none dropped, batches full, the last partial batch flushed', async () => {
    const worker = new FakeWorker(4);
    const { results, stream } = setup({ worker });
    const { asked, capture } = capturer();
    const frames = [...Array(22).keys()];
    const run = stream.analyseEveryFrame({ frames, maxInFlight: 8, capture });
    const outcome = await run.done;
    expect(outcome).toEqual({ state: 'done', analysed: 22, total: 22, error: undefined });
    expect(asked).toEqual(frames);
    expect(results.map((r) => r.entry.frameNumber)).toEqual(frames);
    expect(results.map((r) => r.result.batchSize)).toEqual([...Array(20).fill(4), 2, 2]);
    expect(worker.maxPending).toBeLessThanOrEqual(8);
    // The flush follows the last frame, and only it.
    const order = worker.requests.map((r) => r.type);
    expect(order.filter((t) => t === 'endStream')).toHaveLength(1);
    expect(order.lastIndexOf('detect')).toBeLessThan(order.indexOf('endStream'));
    expect(worker.sent('endStream')).toEqual([{ discard: false }]);
    expect(stream.counters.droppedAtPage).toBe(0);
  });

  it('keeps at most maxInFlight frames between capture and result while inference is slow', async () => {
    const worker = new FakeWorker();
    const { stream } = setup({ worker });
    const { asked, capture } = capturer();
    const run = stream.analyseEveryFrame({ frames: [...Array(20).keys()], maxInFlight: 8, capture });
    await settle(100);
    expect(asked).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(worker.pending).toHaveLength(8);
    worker.answer(4);
    await settle(100);
    expect(asked).toHaveLength(12);
    worker.answer(8);
    await settle(100);
    worker.answer(8);
    expect((await run.done).state).toBe('done');
  });

  it('cancel stops the captures, discards what waits in the worker, and ends once nothing is in flight', async () => {
    const worker = new FakeWorker();
    const { results, stream } = setup({ worker });
    const { asked, made, capture } = capturer();
    const run = stream.analyseEveryFrame({ frames: [...Array(20).keys()], maxInFlight: 4, capture });
    await settle(100);
    worker.answer(2);
    await settle(100);
    run.cancel();
    expect(worker.sent('endStream')).toEqual([{ discard: true }]);
    const outcome = await run.done;
    expect(outcome.state).toBe('cancelled');
    expect(outcome.analysed).toBe(2);
    expect(asked.length).toBeLessThanOrEqual(6);
    expect(results).toHaveLength(2);
    expect(made.every((f) => bitmapOf(f).closed)).toBe(true);
  });

  it('a frame the worker fails ends the run with an error that names the frame', async () => {
    const worker = new FakeWorker();
    const { stream, errors } = setup({ worker });
    const { capture } = capturer();
    const run = stream.analyseEveryFrame({ frames: [10, 11, 12], maxInFlight: 4, capture });
    await settle(100);
    worker.fail(2, 'INFERENCE_FAILED');
    const outcome = await run.done;
    expect(outcome.state).toBe('failed');
    expect(outcome.error?.code).toBe('INFERENCE_FAILED');
    expect(outcome.error?.message).toMatch(/^frame 11 was not analysed/);
    expect(errors).toEqual([]); // the run reports it, not the live error path
  });

  it('a dropped frame is a failure here, not a skip: every frame or an error', async () => {
    const worker = new FakeWorker();
    const { stream } = setup({ worker });
    const run = stream.analyseEveryFrame({ frames: [0, 1], maxInFlight: 2, capture: capturer().capture });
    await settle(100);
    worker.fail(1, 'FRAME_DROPPED');
    expect((await run.done).error?.code).toBe('FRAME_DROPPED');
  });

  it('a capture that shows the wrong frame ends the run with that error', async () => {
    const { stream } = setup();
    const run = stream.analyseEveryFrame({
      frames: [0, 1],
      maxInFlight: 2,
      capture: (n) => Promise.reject(new AppError('VIDEO_SEEK_MISMATCH', `seeking to frame ${n} showed frame ${n + 1}`)),
    });
    const outcome = await run.done;
    expect(outcome).toMatchObject({ state: 'failed', analysed: 0 });
    expect(outcome.error?.message).toBe('frame 0 could not be captured: seeking to frame 0 showed frame 1');
  });

  it('a reset of the stream (a new source) cancels the run', async () => {
    const worker = new FakeWorker();
    const { stream } = setup({ worker });
    const run = stream.analyseEveryFrame({ frames: [0, 1, 2], maxInFlight: 2, capture: capturer().capture });
    await settle(100);
    stream.reset();
    worker.answer();
    expect((await run.done).state).toBe('cancelled');
  });
});
