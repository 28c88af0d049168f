// Why a sweep stopped, in words that name the batch, the cause and the largest batch that
// worked. A run that fails for lack of memory is an answer the sweep was asked for (the lab's
// "batch size greater than 8 runs out of GPU memory"), not a crash.

export type RunFailureKind = 'out-of-memory' | 'device-lost' | 'other';

export interface RunFailure {
  kind: RunFailureKind;
  message: string;
}

// What WebGPU, ONNX Runtime's WebGPU and WASM backends and the JS engine say when memory runs out.
const OUT_OF_MEMORY = [
  /out of memory/i,
  /\bOOM\b/,
  /GPUOutOfMemoryError/,
  /failed to allocate/i,
  /allocation failed/i,
  /bad_alloc/,
  /cannot enlarge memory/i,
  /exceeds the max(imum)? buffer size/i,
  /max(Storage)?Buffer(Binding)?Size/i,
];
const DEVICE_LOST = [/device (was |is |has been )?lost/i, /DeviceLost/, /lost the (GPU )?device/i];

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') {
    return (error as { message: string }).message; // an ErrorPayload from the worker
  }
  return String(error);
}

export function classifyRunError(error: unknown): RunFailure {
  const message = messageOf(error);
  // Device loss first: a lost device is often reported with the allocation that noticed it.
  if (DEVICE_LOST.some((p) => p.test(message))) return { kind: 'device-lost', message };
  if (OUT_OF_MEMORY.some((p) => p.test(message))) return { kind: 'out-of-memory', message };
  return { kind: 'other', message };
}

/** A device-lost or out-of-memory failure can leave the session (or the GPU device under it) unusable. */
export const needsSessionRebuild = (failure: RunFailure): boolean => failure.kind !== 'other';

const stoppedAt = (largestWorked: number | undefined): string =>
  largestWorked === undefined ? 'no batch size completed' : `the sweep stopped at batch ${largestWorked}, the largest that ran`;

export function failureReason(batch: number, failure: RunFailure, largestWorked: number | undefined): string {
  const what =
    failure.kind === 'out-of-memory'
      ? `batch ${batch} ran out of memory (${failure.message})`
      : failure.kind === 'device-lost'
        ? `the GPU device was lost at batch ${batch} (${failure.message})`
        : `batch ${batch} failed (${failure.message})`;
  return `${what}; ${stoppedAt(largestWorked)}`;
}
