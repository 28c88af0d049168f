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

  it('names the list and the entry that breaks the rule', () => {
    for (const [text, reason] of [
      ['1, 2, x', "'x' is not a whole number"],
      ['1, two, 4', "'two' is not a whole number"],
      ['2.5', "'2.5' is not a whole number"],
      ['1e3', "'1e3' is not a whole number"],
      ['1, 0', '0 is outside 1 to 4096'],
      ['-4', '-4 is outside 1 to 4096'],
      [' 5000 ', '5000 is outside 1 to 4096'],
    ]) {
      const result = parseBatchList(text!);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toBe(`'${text!.trim()}' is not a list of batch sizes: ${reason}`);
    }
  });

  it('asks for at least one size when empty', () => {
    expect(parseBatchList(' , ')).toEqual({ ok: false, error: "enter at least one batch size, e.g. '1, 2, 4, 8'" });
  });
});
