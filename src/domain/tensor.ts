/** A model output read back to the CPU. */
export interface OutputTensor {
  data: Float32Array;
  dims: readonly number[];
}

/** Number of elements of a tensor with these dimensions (1 for a scalar). */
export function elementCount(dims: readonly number[]): number {
  let count = 1;
  for (const d of dims) count *= d;
  return count;
}
