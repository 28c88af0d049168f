// The editable list of batch sizes a sweep runs. The default walks powers of two with 5
// included, as the lab's pycaffe experiment does, so the chart shows the knee between 4 and 8.

export const DEFAULT_BATCH_SIZES: readonly number[] = [1, 2, 4, 5, 8, 16, 32];

/** Beyond this a typo (10000 for 100) would only waste a memory check; the memory model searches up to the same bound. */
export const MAX_BATCH_SIZE = 4096;

export type BatchListResult = { ok: true; batches: number[] } | { ok: false; error: string };

/**
 * "1, 2, 4 8" -> [1, 2, 4, 8]: commas and/or spaces separate; the result is sorted and without repeats.
 * An error names the whole list and the first entry that breaks the rule, e.g.
 * "'1, 2, x' is not a list of batch sizes: 'x' is not a whole number".
 */
export function parseBatchList(text: string): BatchListResult {
  const tokens = text.split(/[\s,;]+/).filter((t) => t !== '');
  if (tokens.length === 0) return { ok: false, error: "enter at least one batch size, e.g. '1, 2, 4, 8'" };
  const list = `'${text.trim()}' is not a list of batch sizes`;
  const batches = new Set<number>();
  for (const token of tokens) {
    if (!/^[-+]?\d+$/.test(token)) return { ok: false, error: `${list}: '${token}' is not a whole number` };
    const value = Number(token);
    if (value < 1 || value > MAX_BATCH_SIZE) return { ok: false, error: `${list}: ${value} is outside 1 to ${MAX_BATCH_SIZE}` };
    batches.add(value);
  }
  return { ok: true, batches: [...batches].sort((a, b) => a - b) };
}

export const formatBatchList = (batches: readonly number[]): string => batches.join(', ');
