import { describe, expect, it } from 'vitest';
import { DEFAULT_BATCH_SIZES, formatBatchList, parseBatchList } from './batchList';

describe('parseBatchList', () => {
  it('reads commas and spaces, sorts and removes repeats', () => {
    expect(parseBatchList('1, 2, 4, 8')).toEqual({ ok: true, batches: [1, 2, 4, 8] });
    expect(parseBatchList(' 8 4,2  1,,4 ')).toEqual({ ok: true, batches: [1, 2, 4, 8] });
  });

  it('round-trips the default list', () => {
    expect(parseBatchList(formatBatchList(DEFAULT_BATCH_SIZES))).toEqual({ ok: true, batches: [1, 2, 4, 5, 8, 16, 32] });
  });

  it('names the token it cannot use', () => {
    for (const [text, token] of [
      ['1, two, 4', 'two'],
      ['1, 0', '0'],
      ['2.5', '2.5'],
      ['-4', '-4'],
      ['1e3', '1e3'],
      ['5000', '5000'],
    ]) {
      const result = parseBatchList(text!);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toBe(`"${token}" is not a batch size: use whole numbers from 1 to 4096, separated by commas`);
    }
  });

  it('asks for at least one size when empty', () => {
    expect(parseBatchList(' , ')).toEqual({ ok: false, error: 'enter at least one batch size, e.g. "1, 2, 4, 8"' });
  });
});
