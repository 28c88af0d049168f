/**
 * A fixed-capacity window of the most recent values: a live source produces frames forever,
 * and the metrics only ever look at the last `capacity` of them. Pushing past capacity
 * overwrites the oldest value in place, so a long run neither grows memory nor shifts arrays.
 */
export class RingBuffer<T> {
  private readonly slots: (T | undefined)[];
  /** Index the next push writes to. */
  private head = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`ring buffer capacity must be a positive integer, got ${capacity}`);
    this.slots = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  push(value: T): void {
    this.slots[this.head] = value;
    this.head = (this.head + 1) % this.capacity;
    if (this.count < this.capacity) this.count += 1;
  }

  /** The most recent value, or undefined when empty. */
  last(): T | undefined {
    return this.count === 0 ? undefined : this.slots[(this.head - 1 + this.capacity) % this.capacity];
  }

  /** A copy, oldest first: callers may sort or keep it while pushes continue. */
  toArray(): T[] {
    const start = (this.head - this.count + this.capacity) % this.capacity;
    const out = new Array<T>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.slots[(start + i) % this.capacity] as T;
    return out;
  }

  clear(): void {
    // Drop references too, so records holding large objects can be collected.
    this.slots.fill(undefined);
    this.head = 0;
    this.count = 0;
  }
}
