import { describe, expect, it } from 'vitest';
import { SendWindow, sendLimitsFor } from './sendWindow';

describe('SendWindow', () => {
  it('sends up to the in-flight limit, then holds, then drops the oldest waiting', () => {
    const w = new SendWindow<number>(() => ({ inFlight: 2, waiting: 2 }));
    expect(w.offer(1)).toEqual({ send: [1], dropped: [] });
    expect(w.offer(2)).toEqual({ send: [2], dropped: [] });
    expect(w.offer(3)).toEqual({ send: [], dropped: [] });
    expect(w.offer(4)).toEqual({ send: [], dropped: [] });
    expect(w.offer(5)).toEqual({ send: [], dropped: [3] });
    expect([w.inFlight, w.waitingCount]).toEqual([2, 2]);
    // An answer frees one slot: the oldest of the frames still waiting goes next.
    expect(w.settled()).toEqual([4]);
    expect(w.settled()).toEqual([5]);
    expect(w.settled()).toEqual([]);
    expect([w.inFlight, w.waitingCount]).toEqual([1, 0]);
  });

  it('follows limits that change while running (a new batch size)', () => {
    let limits = { inFlight: 1, waiting: 1 };
    const w = new SendWindow<string>(() => limits);
    w.offer('a');
    expect(w.offer('b').send).toEqual([]);
    limits = { inFlight: 3, waiting: 3 };
    expect(w.offer('c').send).toEqual(['b', 'c']);
  });

  it('clears what waits, and never counts below zero in flight', () => {
    const w = new SendWindow<number>(() => ({ inFlight: 1, waiting: 4 }));
    w.offer(1);
    w.offer(2);
    w.offer(3);
    expect(w.clear()).toEqual([2, 3]);
    w.settled();
    w.settled();
    expect(w.inFlight).toBe(0);
  });

  it('keeps one batch running and one filling', () => {
    expect(sendLimitsFor(4)).toEqual({ inFlight: 8, waiting: 4 });
  });
});
