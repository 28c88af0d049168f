// How much memory a model needs at a batch size, and the largest batch a device can hold,
// worked out before a batch is tried: a sweep should say "batch 16 does not fit" instead of
// losing the GPU device halfway through. Rough by design: it assumes every tensor is its own
// buffer and nothing is fused or computed in place, so it errs towards needing more.
import type { ModelDescription, TensorLife } from '../../onnx/modelDescription';
import { formatBytes } from '../../domain/memory';

export interface NamedBytes {
  name: string;
  bytes: number;
}

export interface MemoryEstimate {
  batch: number;
  /** Graph inputs, fed each run. */
  inputBytes: number;
  /** The largest single activation: it must fit one GPU buffer. */
  largestActivation: NamedBytes;
  /** Activations alive at once at the worst node (inputs still to be read plus outputs written). */
  peakActivationBytes: number;
  /** The node at which that peak happens. */
  peakAt: string;
  weightBytes: number;
  largestWeight: NamedBytes;
  /** weights + peak activations: the rough total the backend has to hold during a run. */
  totalBytes: number;
}

/** Bytes of a tensor at a batch size: every symbolic dimension is the batch. */
export function tensorBytes(t: Pick<TensorLife, 'dims' | 'bytesPerElement'>, batch: number): number {
  return t.dims.reduce<number>((n, d) => n * (typeof d === 'number' ? d : batch), t.bytesPerElement);
}

/** The first of the largest, so ties go to the tensor the graph makes first (conv1, not its ReLU). */
const largest = (items: readonly NamedBytes[]): NamedBytes =>
  items.reduce<NamedBytes>((best, { name, bytes }) => (bytes > best.bytes ? { name, bytes } : best), { name: '', bytes: 0 });

export function estimateMemory(model: ModelDescription, batch: number): MemoryEstimate {
  const sized = model.activations.map((t) => ({ ...t, bytes: tensorBytes(t, batch) }));
  // live[i] = bytes of tensors with from <= i <= until: a difference array over node indices.
  const steps = Math.max(1, model.nodes.length);
  const delta = new Array<number>(steps + 1).fill(0);
  for (const t of sized) {
    const from = Math.max(0, t.from);
    const until = Math.min(steps - 1, Math.max(from, t.until));
    delta[from]! += t.bytes;
    delta[until + 1]! -= t.bytes;
  }
  let live = 0;
  let peak = 0;
  let peakIndex = 0;
  for (let i = 0; i < steps; i++) {
    live += delta[i]!;
    if (live > peak) {
      peak = live;
      peakIndex = i;
    }
  }
  const weightBytes = model.weights.reduce((sum, w) => sum + w.bytes, 0);
  return {
    batch,
    inputBytes: sized.filter((t) => model.inputs.includes(t.name)).reduce((sum, t) => sum + t.bytes, 0),
    largestActivation: largest(sized),
    peakActivationBytes: peak,
    peakAt: model.nodes[peakIndex] ?? '',
    weightBytes,
    largestWeight: largest(model.weights),
    totalBytes: weightBytes + peak,
  };
}

/** What a backend allows. Any limit may be absent: WebGPU does not expose total GPU memory, WASM has no per-buffer limit. */
export interface MemoryLimits {
  /** Who imposes the limits, for messages: 'this device', 'WASM memory'. */
  holder: string;
  /** The largest single buffer, and the name of the limit that sets it. */
  perBuffer?: { bytes: number; limit: string };
  /** Everything at once: weights plus peak activations. */
  total?: { bytes: number; limit: string };
}

/**
 * ONNX Runtime's WebGPU EP keeps each tensor in its own GPUBuffer and binds it as a storage
 * buffer, so a tensor must fit both maxBufferSize and maxStorageBufferBindingSize (it asks
 * the device for the adapter's limits, so the adapter's values are the ones that apply).
 */
export function webGpuMemoryLimits(limits: { maxBufferSize: number; maxStorageBufferBindingSize: number }): MemoryLimits {
  const binding = limits.maxStorageBufferBindingSize < limits.maxBufferSize;
  return {
    holder: 'this device',
    perBuffer: binding
      ? { bytes: limits.maxStorageBufferBindingSize, limit: 'maxStorageBufferBindingSize' }
      : { bytes: limits.maxBufferSize, limit: 'maxBufferSize' },
  };
}

/** onnxruntime-web's WASM build is wasm32: one linear memory of at most 4 GiB holds weights and activations. */
export const WASM_MEMORY_LIMITS: MemoryLimits = { holder: 'WASM memory', total: { bytes: 4 * 2 ** 30, limit: 'wasm32 linear memory' } };

export type BatchCheck =
  { fits: true; estimate: MemoryEstimate } | { fits: false; estimate: MemoryEstimate; reason: string; maxBatch: number };

function violation(e: MemoryEstimate, limits: MemoryLimits): string | undefined {
  const buffer = limits.perBuffer;
  if (buffer) {
    const worst = e.largestWeight.bytes > e.largestActivation.bytes ? e.largestWeight : e.largestActivation;
    if (worst.bytes > buffer.bytes) {
      return `batch ${e.batch} needs ${formatBytes(worst.bytes)} in one buffer ('${worst.name}'); ${limits.holder} allows ${formatBytes(buffer.bytes)} per buffer (${buffer.limit})`;
    }
  }
  const total = limits.total;
  if (total && e.totalBytes > total.bytes) {
    return `batch ${e.batch} needs about ${formatBytes(e.totalBytes)} (weights ${formatBytes(e.weightBytes)} + activations ${formatBytes(e.peakActivationBytes)} at '${e.peakAt}'); ${limits.holder} allows ${formatBytes(total.bytes)} (${total.limit})`;
  }
  return undefined;
}

/**
 * The largest batch (up to `ceiling`) whose estimate is within the limits; 0 when not even
 * batch 1 fits. Memory only grows with the batch, so a binary search finds the boundary.
 */
export function maxBatchThatFits(model: ModelDescription, limits: MemoryLimits, ceiling = 4096): number {
  if (violation(estimateMemory(model, 1), limits)) return 0;
  let fits = 1;
  let fails = ceiling + 1;
  while (fails - fits > 1) {
    const mid = Math.floor((fits + fails) / 2);
    if (violation(estimateMemory(model, mid), limits)) fails = mid;
    else fits = mid;
  }
  return fits;
}

/** Checks one batch size; when it does not fit, the reason names the sizes, the limit and the largest batch that does. */
export function checkBatch(model: ModelDescription, limits: MemoryLimits, batch: number): BatchCheck {
  const estimate = estimateMemory(model, batch);
  const problem = violation(estimate, limits);
  if (!problem) return { fits: true, estimate };
  const maxBatch = maxBatchThatFits(model, limits, batch);
  return { fits: false, estimate, maxBatch, reason: `${problem} (${maxBatch > 0 ? `max batch ${maxBatch}` : 'not even batch 1 fits'})` };
}
