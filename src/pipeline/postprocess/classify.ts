/** Softmax that subtracts the max first, so large logits do not overflow to Infinity/NaN. */
export function softmax(logits: Float32Array): Float32Array {
  let max = -Infinity;
  for (const v of logits) if (v > max) max = v;
  const out = new Float32Array(logits.length);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) {
    const e = Math.exp(logits[i]! - max);
    out[i] = e;
    sum += e;
  }
  for (let i = 0; i < out.length; i++) out[i]! /= sum;
  return out;
}

export interface ClassScore {
  index: number;
  prob: number;
}

/** The k highest scores, highest first; ties keep the lower class index first (stable, like numpy argsort on -p). */
export function topK(scores: Float32Array, k: number): ClassScore[] {
  const best: ClassScore[] = [];
  for (let index = 0; index < scores.length; index++) {
    const prob = scores[index]!;
    if (best.length === k && prob <= best[k - 1]!.prob) continue;
    let at = best.length;
    while (at > 0 && best[at - 1]!.prob < prob) at--;
    best.splice(at, 0, { index, prob });
    if (best.length > k) best.pop();
  }
  return best;
}

/** Splits an [N, C] output into N rows without copying. */
export function splitRows(data: Float32Array, rows: number): Float32Array[] {
  if (rows <= 0 || data.length % rows !== 0) throw new RangeError(`cannot split ${data.length} values into ${rows} rows`);
  const width = data.length / rows;
  return Array.from({ length: rows }, (_, n) => data.subarray(n * width, (n + 1) * width));
}

/** Largest absolute elementwise difference; used to check that two backends agree. */
export function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new RangeError(`length ${a.length} vs ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}
