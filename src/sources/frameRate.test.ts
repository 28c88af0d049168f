import { describe, expect, it } from 'vitest';
import { frameAtPosition, frameNumberAt, frameRateFromMediaTimes } from './frameRate';

describe('frameRateFromMediaTimes', () => {
  it('takes the smallest step, ignoring skipped frames and repeats', () => {
    expect(frameRateFromMediaTimes([0, 0.1, 0.3, 0.3, 0.4])).toBe(10);
  });
  it('snaps to NTSC rates', () => {
    expect(frameRateFromMediaTimes([0, 1001 / 30000, 2002 / 30000])).toBe(29.97);
  });
  it('is undefined before two distinct frames', () => {
    expect(frameRateFromMediaTimes([1.5])).toBeUndefined();
    expect(frameRateFromMediaTimes([1.5, 1.5])).toBeUndefined();
  });
});

describe('frameNumberAt', () => {
  it('rounds float media times to the frame they start', () => {
    expect(frameNumberAt(10.0, 10)).toBe(100);
    expect(frameNumberAt(9.999999, 10)).toBe(100);
    expect(frameNumberAt(3.3366, 29.97)).toBe(100);
  });
});

describe('frameAtPosition', () => {
  it('is the frame whose interval holds the position: its start, its middle, not yet the next', () => {
    expect(frameAtPosition(0.3, 10)).toBe(3); // 0.3 * 10 is 2.9999999999999996 in floating point
    expect(frameAtPosition(1.95, 10)).toBe(19);
    expect(frameAtPosition(1.999, 10)).toBe(19);
    expect(frameAtPosition(2, 10)).toBe(20);
    expect(frameAtPosition((100 + 0.5) / 29.97, 29.97)).toBe(100);
  });
});
