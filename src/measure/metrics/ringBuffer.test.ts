import { describe, expect, it } from 'vitest';
import { RingBuffer } from './ringBuffer';

describe('RingBuffer', () => {
  it('keeps values oldest first until full', () => {
    const ring = new RingBuffer<number>(3);
    expect(ring.toArray()).toEqual([]);
    expect(ring.last()).toBeUndefined();
    ring.push(1);
    ring.push(2);
    expect(ring.size).toBe(2);
    expect(ring.toArray()).toEqual([1, 2]);
    expect(ring.last()).toBe(2);
  });

  it('overwrites the oldest once full, and stays at capacity', () => {
    const ring = new RingBuffer<number>(3);
    for (let i = 1; i <= 7; i++) ring.push(i);
    expect(ring.size).toBe(3);
    expect(ring.toArray()).toEqual([5, 6, 7]);
    expect(ring.last()).toBe(7);
  });

  it('holds records, and toArray is a copy the caller may mutate', () => {
    const ring = new RingBuffer<{ id: number }>(2);
    ring.push({ id: 1 });
    const copy = ring.toArray();
    copy.push({ id: 99 });
    expect(ring.toArray()).toEqual([{ id: 1 }]);
  });

  it('starts over after clear', () => {
    const ring = new RingBuffer<number>(2);
    ring.push(1);
    ring.push(2);
    ring.push(3);
    ring.clear();
    expect(ring.size).toBe(0);
    expect(ring.toArray()).toEqual([]);
    ring.push(4);
    expect(ring.toArray()).toEqual([4]);
  });

  it('rejects a capacity that is not a positive integer', () => {
    expect(() => new RingBuffer(0)).toThrow(/positive integer, got 0/);
    expect(() => new RingBuffer(2.5)).toThrow(/got 2.5/);
  });
});
