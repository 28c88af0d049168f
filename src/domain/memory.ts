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
