import { describe, expect, it } from 'vitest';
import { frameNumberAt, frameRateFromMediaTimes } from './frameRate';

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
