import { describe, expect, it } from 'vitest';
import { formatDuration, formatDurationTick, formatPercent, formatRate, significant } from './quantity';

describe('significant', () => {
  it('keeps three significant figures and drops trailing zeros', () => {
    expect(significant(1.2)).toBe('1.2');
    expect(significant(28)).toBe('28');
    expect(significant(61.44)).toBe('61.4');
    expect(significant(107.6)).toBe('108');
    expect(significant(28275.5)).toBe('28300');
    expect(significant(0.0523)).toBe('0.0523');
    expect(significant(2.5, 1)).toBe('3');
    expect(significant(100)).toBe('100');
    expect(significant(0)).toBe('0');
    expect(significant(-1.25)).toBe('-1.25');
    expect(significant(Number.NaN)).toBe('—');
  });
});

describe('formatDuration', () => {
  it('writes seconds from 1000 ms on, not "1200 ms"', () => {
    expect(formatDuration(1200)).toBe('1.2 s');
    expect(formatDuration(28000)).toBe('28 s');
    expect(formatDuration(28275.5)).toBe('28.3 s');
    expect(formatDuration(1000)).toBe('1 s');
  });
  it('writes milliseconds between 1 and 1000 ms', () => {
    expect(formatDuration(61.4)).toBe('61.4 ms');
    expect(formatDuration(999.4)).toBe('999 ms');
    expect(formatDuration(1)).toBe('1 ms');
  });
  it('writes microseconds below 1 ms', () => {
    expect(formatDuration(0.37)).toBe('370 µs');
    expect(formatDuration(0.0042)).toBe('4.2 µs');
  });
  it('says zero and unknown plainly', () => {
    expect(formatDuration(0)).toBe('0 ms');
    expect(formatDurationTick(0)).toBe('0');
    expect(formatDurationTick(500)).toBe('500 ms');
    expect(formatDurationTick(1500)).toBe('1.5 s');
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe('—');
  });
});

describe('formatRate, formatPercent', () => {
  it('carry their units', () => {
    expect(formatRate(16.34)).toBe('16.3 frames/s');
    expect(formatRate(4.5, 'images/s')).toBe('4.5 images/s');
    expect(formatPercent(0.1234)).toBe('12.3%');
  });
});

describe('formatDuration at the unit boundaries', () => {
  it('rounds before it picks the unit', () => {
    expect(formatDuration(999.7)).toBe('1 s');
    expect(formatDuration(0.9996)).toBe('1 ms');
  });
});
