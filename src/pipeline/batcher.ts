/**
 * Batching of live frames for the inference worker: collect `batchSize` frames, or give up waiting
 * after `maxWaitMs` and run a partial batch. Pure: no timers and no clock; the caller passes `now`
 * (the same clock as the frames' timestamps, so queue wait is derived from one clock only) and
 * schedules its own wake-up with `msUntilReady`.
 *
 * Accounting invariant: every pushed item leaves the queue exactly once, in push order, through one
 * of `take` (in a batch, full, timed out or flushed), `push`/`configure` (returned as dropped) or `drain`. All three remove from
 * the front, so a live source that outruns inference loses its stalest frames, never the newest.
 */

export interface BatcherConfig {
  batchSize: number;
  maxWaitMs: number;
  maxQueue: number;
}

/** `enqueuedAt[i]` is the `now` that `items[i]` was pushed with. */
export interface Batch<T> {
  items: T[];
  enqueuedAt: number[];
}

function validate(config: BatcherConfig): BatcherConfig {
  const { batchSize, maxWaitMs, maxQueue } = config;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`batchSize must be an integer >= 1, got ${batchSize}`);
  }
  if (!Number.isFinite(maxWaitMs) || maxWaitMs < 0) {
    throw new RangeError(`maxWaitMs must be a finite number >= 0, got ${maxWaitMs}`);
  }
  if (!Number.isInteger(maxQueue) || maxQueue < batchSize) {
    // A queue shorter than a batch could never fill one: every batch would wait the full maxWaitMs.
    throw new RangeError(`maxQueue must be an integer >= batchSize (${batchSize}), got ${maxQueue}`);
  }
  return { batchSize, maxWaitMs, maxQueue };
}

export class FrameBatcher<T> {
  private config: BatcherConfig;
  // Parallel arrays; the queue is bounded by maxQueue (a handful of frames), so shifting is cheap.
  private items: T[] = [];
  private times: number[] = [];
  private dropped = 0;
  // The first `due` items run without waiting for maxWaitMs: the source said no more frames will come for them.
  private due = 0;

  constructor(config: BatcherConfig) {
    this.config = validate(config);
  }

  get size(): number {
    return this.items.length;
  }

  get droppedTotal(): number {
    return this.dropped;
  }

  /** Takes effect immediately; returns what no longer fits a smaller queue, oldest first. */
  configure(config: BatcherConfig): T[] {
    this.config = validate(config);
    return this.dropOverflow();
  }

  /** Enqueues `item`; returns the oldest items pushed out when the queue is over `maxQueue`. */
  push(item: T, now: number): T[] {
    this.items.push(item);
    this.times.push(now);
    return this.dropOverflow();
  }

  /** A batch when one is due (full, flushed, or the oldest item has waited `maxWaitMs`); else undefined. */
  take(now: number): Batch<T> | undefined {
    if (this.msUntilReady(now) !== 0) return undefined;
    const n = Math.min(this.config.batchSize, this.items.length);
    this.due = Math.max(0, this.due - n);
    return { items: this.items.splice(0, n), enqueuedAt: this.times.splice(0, n) };
  }

  /**
   * Everything waiting now is due at once, in batches of at most `batchSize`: the source has no
   * more frames to fill the last partial batch with (the end of a file analysed frame by frame).
   * Items pushed later wait as usual. Returns how many items were made due.
   */
  flush(): number {
    this.due = this.items.length;
    return this.due;
  }

  /** 0 when `take(now)` would return a batch; undefined when there is nothing to wait for. */
  msUntilReady(now: number): number | undefined {
    const oldest = this.times[0];
    if (oldest === undefined) return undefined;
    if (this.items.length >= this.config.batchSize || this.due > 0) return 0;
    // Due once the oldest has waited >= maxWaitMs; x - y is 0 only when x === y, so the boundary is exact.
    return Math.max(0, this.config.maxWaitMs - (now - oldest));
  }

  /** Empties the queue (stop, seek): these items are neither batched nor counted as dropped. */
  drain(): T[] {
    const all = this.items;
    this.items = [];
    this.times = [];
    this.due = 0;
    return all;
  }

  private dropOverflow(): T[] {
    const excess = this.items.length - this.config.maxQueue;
    if (excess <= 0) return [];
    this.times.splice(0, excess);
    this.dropped += excess;
    this.due = Math.max(0, this.due - excess);
    return this.items.splice(0, excess);
  }
}
