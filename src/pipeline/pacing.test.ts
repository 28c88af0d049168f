import { describe, expect, it } from 'vitest';
import { frameNumberAt } from '../sources/frameRate';
import { mulberry32 } from '../onnx/seededRandom';
import {
  EVERY_FRAME_MAX_WAIT_MS,
  EveryFramePacing,
  everyFrameInFlight,
  everyFramePlan,
  everyFramePlanOf,
  frameCountOf,
  livePacing,
  seekTimeOf,
  streamConfigFor,
} from './pacing';

/**
 * Drives an EveryFramePacing the way the page does, with the events in a random order: captures
 * finish, results come back in send order (a batch at a time or one by one). Returns what a
 * user would check: which frames were captured, in which order, and how many were ever in flight.
 */
function simulate(frames: number[], maxInFlight: number, seed: number) {
  const pacing = new EveryFramePacing(frames, maxInFlight);
  const random = mulberry32(seed);
  const requested: number[] = [];
  const analysed: number[] = [];
  const sent: number[] = [];
  let capturing: number | undefined;
  let maxSeen = 0;
  let allSentAt: number | undefined;
  for (let step = 0; step < 100_000 && pacing.state === 'running'; step++) {
    const next = pacing.next();
    if (next !== undefined) {
      expect(capturing).toBeUndefined(); // one capture at a time
      capturing = next;
      requested.push(next);
    }
    maxSeen = Math.max(maxSeen, pacing.inFlight);
    const r = random();
    if (capturing !== undefined && r < 0.5) {
      pacing.captured(capturing);
      sent.push(capturing);
      capturing = undefined;
      if (pacing.allSent) allSentAt ??= analysed.length;
    } else if (sent.length > 0) {
      // Results come back in the order the frames were sent: one, or a whole batch together.
      const count = 1 + Math.floor(random() * Math.min(sent.length, 4));
      for (const frame of sent.splice(0, count)) {
        pacing.settled(frame);
        analysed.push(frame);
      }
    }
  }
  return { pacing, requested, analysed, maxSeen, allSentAt };
}

describe('every-frame pacing', () => {
  it('asks for each planned frame exactly once, in order, drops none, keeps to the in-flight limit and finishes', () => {
    const frames = everyFramePlan(20, {});
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const { pacing, requested, analysed, maxSeen } = simulate(frames, everyFrameInFlight(4), seed);
      expect(requested).toEqual(frames);
      expect(analysed).toEqual(frames);
      expect(maxSeen).toBeLessThanOrEqual(8);
      expect(pacing.state).toBe('done');
      expect(pacing.progress).toEqual({ analysed: 20, total: 20 });
      expect(pacing.inFlight).toBe(0);
    }
  });

  it('fills the window: with results slow to come, exactly maxInFlight frames are out before the first result', () => {
    const pacing = new EveryFramePacing(everyFramePlan(100, {}), 8);
    const out: number[] = [];
    for (let n = pacing.next(); n !== undefined; n = pacing.next()) {
      pacing.captured(n);
      out.push(n);
    }
    expect(out).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(pacing.next()).toBeUndefined();
    pacing.settled(0);
    expect(pacing.next()).toBe(8);
  });

  it('says when every frame has been sent (the moment to flush the last partial batch), not before', () => {
    const pacing = new EveryFramePacing([0, 1, 2], 8);
    for (const n of [0, 1]) {
      expect(pacing.next()).toBe(n);
      pacing.captured(n);
      expect(pacing.allSent).toBe(false);
    }
    expect(pacing.next()).toBe(2);
    expect(pacing.allSent).toBe(false); // still capturing
    pacing.captured(2);
    expect(pacing.allSent).toBe(true);
    expect(pacing.state).toBe('running'); // results still to come
    [0, 1, 2].forEach((n) => pacing.settled(n));
    expect(pacing.state).toBe('done');
  });

  it('a cancelled or failed run hands out nothing more', () => {
    const cancelled = new EveryFramePacing([0, 1, 2], 2);
    sendOne(cancelled, 0);
    cancelled.cancel();
    expect(cancelled.next()).toBeUndefined();
    expect(cancelled.state).toBe('cancelled');
    cancelled.settled(0); // a result in flight still settles
    expect(cancelled.state).toBe('cancelled');

    const failed = new EveryFramePacing([0, 1], 2);
    sendOne(failed, 0);
    failed.fail();
    expect(failed.next()).toBeUndefined();
    expect(failed.state).toBe('failed');

    function sendOne(p: EveryFramePacing, expected: number) {
      expect(p.next()).toBe(expected);
      p.captured(expected);
    }
  });

  it('refuses bookkeeping that would lose or repeat a frame', () => {
    const p = new EveryFramePacing([0, 1], 2);
    expect(() => p.captured(0)).toThrow(/not being captured/);
    expect(p.next()).toBe(0);
    expect(() => p.settled(1)).toThrow(/not in flight/);
    p.captured(0);
    p.settled(0);
    expect(() => p.settled(0)).toThrow(/not in flight/);
    expect(() => new EveryFramePacing([0], 0)).toThrow(/maxInFlight/);
  });

  it('an empty plan is done at once', () => {
    const p = new EveryFramePacing([], 4);
    expect(p.state).toBe('done');
    expect(p.next()).toBeUndefined();
  });
});

describe('every-frame plan and seek times', () => {
  it('plans every n-th frame of a range, clamped to the file', () => {
    expect(everyFramePlan(300, { first: 0, last: 19 })).toEqual([...Array(20).keys()]);
    expect(everyFramePlan(300, { first: 0, last: 19, everyNth: 5 })).toEqual([0, 5, 10, 15]);
    expect(everyFramePlan(10, { first: 7, last: 50, everyNth: 2 })).toEqual([7, 9]);
    expect(everyFramePlan(10, { first: 12 })).toEqual([]);
    expect(everyFramePlan(4, {})).toEqual([0, 1, 2, 3]);
  });

  it('plans a file, or says why it cannot: no frame rate, or a range outside the file', () => {
    expect(everyFramePlanOf({ name: 'a.webm', fps: 10, durationSeconds: 30 }, { first: 0, last: 3 })).toEqual([0, 1, 2, 3]);
    expect(() => everyFramePlanOf({ name: 'a.webm', durationSeconds: 30 }, {})).toThrow(/frame rate of "a.webm" could not be measured/);
    expect(() => everyFramePlanOf({ name: 'a.webm', fps: 10, durationSeconds: 30 }, { first: 400 })).toThrow(
      'no frames to analyse from 400 to 299: "a.webm" has 300 frames',
    );
  });

  it('counts the frames of a file from its duration', () => {
    expect(frameCountOf(30, 10)).toBe(300);
    expect(frameCountOf(10.01, 29.97)).toBe(300);
    expect(frameCountOf(Number.NaN, 10)).toBe(0);
    expect(frameCountOf(Infinity, 10)).toBe(0);
  });

  it("seeks inside frame n's interval, and the frame presented there numbers back to n", () => {
    for (const fps of [10, 12, 23.976, 25, 29.97, 30, 59.94, 60]) {
      for (const n of [0, 1, 2, 9, 10, 99, 1000, 9999]) {
        const t = seekTimeOf(n, fps);
        expect(t).toBeGreaterThanOrEqual(n / fps);
        expect(t).toBeLessThan((n + 1) / fps);
        // The presented frame reports its own start time, n / fps.
        expect(frameNumberAt(n / fps, fps)).toBe(n);
      }
    }
    // The last frame of a 30 s file at 10 fps starts at 29.9 s; a seek stays before the end.
    expect(seekTimeOf(299, 10, 30)).toBeCloseTo(29.95, 9);
    expect(seekTimeOf(300, 10, 30)).toBeLessThan(30);
  });
});

describe('stream settings per pacing', () => {
  it('live waits about B frame intervals; every frame waits long and queues every frame in flight', () => {
    expect(streamConfigFor('live', 4, 10)).toEqual({ batchSize: 4, maxWaitMs: 600, maxQueue: 8 });
    expect(streamConfigFor('live', 1, 30)).toEqual({ batchSize: 1, maxWaitMs: 50, maxQueue: 4 });
    const everyFrame = streamConfigFor('every-frame', 4, 10);
    expect(everyFrame).toEqual({ batchSize: 4, maxWaitMs: EVERY_FRAME_MAX_WAIT_MS, maxQueue: everyFrameInFlight(4) });
  });
});

describe('live pacing', () => {
  it('is a bounded queue: never more than 2B in flight and B waiting, the oldest waiting dropped', () => {
    let batch = 2;
    const live = livePacing<number>(() => batch);
    const sent: number[] = [];
    const dropped: number[] = [];
    for (let i = 0; i < 10; i++) {
      const r = live.offer(i);
      sent.push(...r.send);
      dropped.push(...r.dropped);
      expect(live.inFlight).toBeLessThanOrEqual(4);
      expect(live.waitingCount).toBeLessThanOrEqual(2);
    }
    expect(sent).toEqual([0, 1, 2, 3]);
    expect(dropped).toEqual([4, 5, 6, 7]);
    expect(live.settled()).toEqual([8]); // the freshest waiting frames go next
    batch = 1; // a smaller batch shrinks the window
    expect(live.offer(10)).toEqual({ send: [], dropped: [9] });
  });
});
