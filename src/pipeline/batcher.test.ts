import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../onnx/seededRandom';
import { FrameBatcher, type BatcherConfig } from './batcher';

const cfg = (batchSize: number, maxWaitMs: number, maxQueue: number): BatcherConfig => ({
  batchSize,
  maxWaitMs,
  maxQueue,
});

/** A seeded generator drives the property test reproducibly. */
const rng = mulberry32;

describe('FrameBatcher validation', () => {
  it.each([
    [cfg(0, 10, 4), /batchSize .* got 0/],
    [cfg(1.5, 10, 4), /batchSize .* got 1.5/],
    [cfg(2, -1, 4), /maxWaitMs .* got -1/],
    [cfg(2, Number.NaN, 4), /maxWaitMs .* got NaN/],
    [cfg(4, 10, 3), /maxQueue .*\(4\), got 3/],
  ])('rejects %o', (config, message) => {
    expect(() => new FrameBatcher(config)).toThrow(RangeError);
    expect(() => new FrameBatcher(config)).toThrow(message);
  });

  it('rejects a bad reconfiguration and keeps the old settings and queue', () => {
    const b = new FrameBatcher<number>(cfg(2, 10, 4));
    b.push(1, 0);
    expect(() => b.configure(cfg(8, 10, 4))).toThrow(/maxQueue .*\(8\), got 4/);
    expect(b.size).toBe(1);
    b.push(2, 1);
    expect(b.take(1)?.items).toEqual([1, 2]);
  });
});

describe('FrameBatcher batching', () => {
  it('returns a full batch as soon as batchSize items are queued, oldest first', () => {
    const b = new FrameBatcher<string>(cfg(3, 100, 6));
    expect(b.msUntilReady(0)).toBeUndefined();
    expect(b.take(0)).toBeUndefined();
    b.push('a', 0);
    b.push('b', 1);
    expect(b.take(2)).toBeUndefined();
    b.push('c', 2);
    expect(b.msUntilReady(2)).toBe(0);
    expect(b.take(2)).toEqual({ items: ['a', 'b', 'c'], enqueuedAt: [0, 1, 2] });
    expect(b.size).toBe(0);
  });

  it('takes at most batchSize and leaves the rest queued', () => {
    const b = new FrameBatcher<number>(cfg(2, 100, 5));
    for (let i = 0; i < 5; i++) b.push(i, i);
    expect(b.take(5)?.items).toEqual([0, 1]);
    expect(b.take(5)?.items).toEqual([2, 3]);
    expect(b.take(5)).toBeUndefined(); // one left, waited 1 ms of 100
    expect(b.size).toBe(1);
  });

  it('releases a partial batch exactly when the oldest has waited maxWaitMs, not before', () => {
    const b = new FrameBatcher<number>(cfg(4, 30, 8));
    b.push(1, 1000);
    b.push(2, 1010);
    expect(b.msUntilReady(1000)).toBe(30);
    expect(b.msUntilReady(1029)).toBe(1);
    expect(b.take(1029)).toBeUndefined();
    expect(b.take(1029.999)).toBeUndefined();
    // Waited 30 ms: 30 >= 30, so it is due on the boundary itself.
    expect(b.msUntilReady(1030)).toBe(0);
    expect(b.take(1030)).toEqual({ items: [1, 2], enqueuedAt: [1000, 1010] });
  });

  it('measures the wait from the oldest item, not the newest', () => {
    const b = new FrameBatcher<number>(cfg(4, 30, 8));
    b.push(1, 0);
    b.push(2, 29); // a fresh arrival does not restart the clock
    expect(b.take(30)?.items).toEqual([1, 2]);
  });

  it('with maxWaitMs 0 never holds an item back', () => {
    const b = new FrameBatcher<number>(cfg(8, 0, 8));
    b.push(7, 5);
    expect(b.msUntilReady(5)).toBe(0);
    expect(b.take(5)?.items).toEqual([7]);
  });

  it('with batchSize 1 delivers each item on its own', () => {
    const b = new FrameBatcher<number>(cfg(1, 1000, 3));
    b.push(1, 0);
    b.push(2, 0);
    expect(b.take(0)?.items).toEqual([1]);
    expect(b.take(0)?.items).toEqual([2]);
  });
});

describe('FrameBatcher flush (no more frames will come)', () => {
  it('releases what waits at once, in batches of at most batchSize, and nothing pushed after the flush', () => {
    const b = new FrameBatcher<number>(cfg(4, 10_000, 8));
    for (let i = 0; i < 6; i++) b.push(i, 0);
    expect(b.take(1)?.items).toEqual([0, 1, 2, 3]); // full anyway
    expect(b.take(1)).toBeUndefined(); // two wait for a fuller batch, up to 10 s
    expect(b.flush()).toBe(2);
    expect(b.msUntilReady(1)).toBe(0);
    b.push(6, 1); // arrived after the flush: not part of it
    expect(b.take(1)?.items).toEqual([4, 5, 6]);
    expect(b.take(1)).toBeUndefined();
  });

  it('a flush of more than one batch runs them all without waiting, then waiting is normal again', () => {
    const b = new FrameBatcher<number>(cfg(2, 10_000, 8));
    for (let i = 0; i < 5; i++) b.push(i, 0);
    b.flush();
    expect([b.take(0)?.items, b.take(0)?.items, b.take(0)?.items]).toEqual([[0, 1], [2, 3], [4]]);
    b.push(9, 0);
    expect(b.msUntilReady(0)).toBe(10_000);
  });

  it('drain and overflow forget flushed items that left the queue', () => {
    const b = new FrameBatcher<number>(cfg(4, 10_000, 4));
    b.push(1, 0);
    b.flush();
    b.drain();
    b.push(2, 0);
    expect(b.take(0)).toBeUndefined();
    b.flush();
    for (let i = 3; i <= 6; i++) b.push(i, 0); // 2 is pushed out by the overflow
    expect(b.take(0)?.items).toEqual([3, 4, 5, 6]);
    b.push(7, 0);
    expect(b.take(0)).toBeUndefined();
  });
});

describe('FrameBatcher overflow', () => {
  it('drops the oldest items when the queue is full and counts them', () => {
    const b = new FrameBatcher<number>(cfg(2, 100, 3));
    expect(b.push(0, 0)).toEqual([]);
    expect(b.push(1, 1)).toEqual([]);
    expect(b.push(2, 2)).toEqual([]);
    expect(b.push(3, 3)).toEqual([0]);
    expect(b.push(4, 4)).toEqual([1]);
    expect(b.size).toBe(3);
    expect(b.droppedTotal).toBe(2);
    // The surviving items keep their own enqueue times, so queue wait stays truthful.
    expect(b.take(4)).toEqual({ items: [2, 3], enqueuedAt: [2, 3] });
    expect(b.droppedTotal).toBe(2);
  });

  it('drain empties the queue without counting drops', () => {
    const b = new FrameBatcher<number>(cfg(4, 100, 4));
    for (let i = 0; i < 6; i++) b.push(i, i);
    expect(b.drain()).toEqual([2, 3, 4, 5]);
    expect(b.size).toBe(0);
    expect(b.droppedTotal).toBe(2);
    expect(b.msUntilReady(100)).toBeUndefined();
    expect(b.take(1e9)).toBeUndefined();
  });
});

describe('FrameBatcher reconfiguration mid-stream', () => {
  it('a bigger batch makes queued items wait for more company', () => {
    const b = new FrameBatcher<number>(cfg(2, 50, 4));
    b.push(0, 0);
    b.push(1, 1);
    expect(b.configure(cfg(4, 50, 8))).toEqual([]);
    expect(b.take(2)).toBeUndefined();
    b.push(2, 2);
    b.push(3, 3);
    expect(b.take(3)?.items).toEqual([0, 1, 2, 3]);
  });

  it('a smaller batch releases already-queued items at once', () => {
    const b = new FrameBatcher<number>(cfg(4, 50, 8));
    for (let i = 0; i < 3; i++) b.push(i, i);
    expect(b.take(3)).toBeUndefined();
    b.configure(cfg(2, 50, 8));
    expect(b.take(3)?.items).toEqual([0, 1]);
    expect(b.take(3)).toBeUndefined(); // one left, not yet waited 50 ms
    expect(b.take(52)?.items).toEqual([2]);
  });

  it('a smaller queue drops the oldest items and returns them', () => {
    const b = new FrameBatcher<number>(cfg(2, 50, 6));
    for (let i = 0; i < 6; i++) b.push(i, i);
    expect(b.configure(cfg(1, 50, 2))).toEqual([0, 1, 2, 3]);
    expect(b.droppedTotal).toBe(4);
    expect(b.take(6)?.items).toEqual([4]);
    expect(b.take(6)?.items).toEqual([5]);
  });

  it('a shorter maxWaitMs applies to items already waiting', () => {
    const b = new FrameBatcher<number>(cfg(4, 100, 4));
    b.push(0, 0);
    expect(b.take(20)).toBeUndefined();
    b.configure(cfg(4, 20, 4));
    expect(b.take(20)?.items).toEqual([0]);
  });
});

describe('FrameBatcher property: every pushed item leaves exactly once, in order', () => {
  it.each([1, 2, 3, 42, 2024])('seed %i', (seed) => {
    const random = rng(seed);
    const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
    const randomConfig = () => {
      const batchSize = int(1, 8);
      return cfg(batchSize, int(0, 3) === 0 ? 0 : int(0, 40), batchSize + int(0, 10));
    };

    let config = randomConfig();
    const b = new FrameBatcher<number>(config);
    // Every removal path takes from the front, so concatenating all removals in the order they
    // happened must give back 0, 1, 2, ... with nothing missing, doubled or reordered.
    const removed: number[] = [];
    let droppedSeen = 0;
    let nextId = 0;
    let now = 0;

    for (let step = 0; step < 5000; step++) {
      now += int(0, 3) === 0 ? 0 : random() * 10;
      const op = random();
      if (op < 0.5) {
        const sizeBefore = b.size;
        const dropped = b.push(nextId++, now);
        expect(dropped.length).toBe(Math.max(0, sizeBefore + 1 - config.maxQueue));
        droppedSeen += dropped.length;
        removed.push(...dropped);
      } else if (op < 0.85) {
        const sizeBefore = b.size;
        const wait = b.msUntilReady(now);
        const batch = b.take(now);
        // take() and msUntilReady() agree on readiness.
        expect(batch !== undefined).toBe(wait === 0);
        if (batch) {
          expect(batch.items.length).toBe(Math.min(config.batchSize, sizeBefore));
          expect(batch.enqueuedAt.length).toBe(batch.items.length);
          // A partial batch is only released once its oldest has waited maxWaitMs.
          if (batch.items.length < config.batchSize) {
            expect(now - batch.enqueuedAt[0]!).toBeGreaterThanOrEqual(config.maxWaitMs);
          }
          removed.push(...batch.items);
        } else if (sizeBefore > 0) {
          expect(sizeBefore).toBeLessThan(config.batchSize);
          expect(wait).toBeGreaterThan(0);
        }
      } else if (op < 0.97) {
        config = randomConfig();
        const dropped = b.configure(config);
        droppedSeen += dropped.length;
        removed.push(...dropped);
      } else {
        removed.push(...b.drain());
      }
      expect(b.size).toBeLessThanOrEqual(config.maxQueue);
      expect(removed.length + b.size).toBe(nextId);
      expect(b.droppedTotal).toBe(droppedSeen);
    }
    removed.push(...b.drain());

    expect(nextId).toBeGreaterThan(2000);
    expect(droppedSeen).toBeGreaterThan(0);
    expect(removed).toEqual(Array.from({ length: nextId }, (_, i) => i));
  });
});
