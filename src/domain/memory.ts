/** Memory the inference worker holds, as the app itself counts it. */
export interface MemoryUse {
  /** Bytes of GPU buffers created on any GPUDevice in the worker (ONNX Runtime's and ours) and not yet destroyed. */
  gpuBytes: number;
  gpuBuffers: number;
  /** The most gpuBytes reached since the last request that asked to reset it (or since the worker started). */
  gpuPeakBytes: number;
  /** Size of the WebAssembly memory ONNX Runtime's WASM module runs in (it only grows). */
  wasmHeapBytes: number;
}

/** Binary units, one decimal under 10 (the adapter limits are powers of two, so MiB/GiB read exactly). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const text = unit === 0 || value >= 10 ? Math.round(value).toString() : value.toFixed(1).replace(/\.0$/, '');
  return `${text} ${units[unit]}`;
}
