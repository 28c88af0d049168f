import type { MemoryUse } from '../../domain/memory';

// Counted by wrapping the two calls every GPU allocation goes through. Wrapping the prototypes
// (rather than one device) covers ONNX Runtime's own device, which it creates internally, and
// any device created after a device loss. A buffer dropped without destroy() stays counted:
// that is a leak worth seeing.
const gpuBufferBytes = new WeakMap<GPUBuffer, number>();
let gpuBytes = 0;
let gpuBuffers = 0;
let gpuPeakBytes = 0;
// ORT's WASM memory: seen when its module is instantiated (threaded builds pass it in as an
// import, single-threaded ones export it).
const wasmMemories = new Set<WebAssembly.Memory>();
let installed = false;

function collectMemories(object: unknown, depth = 0): void {
  if (!object || typeof object !== 'object' || depth > 2) return;
  if (object instanceof WebAssembly.Memory) {
    wasmMemories.add(object);
    return;
  }
  for (const value of Object.values(object)) collectMemories(value, depth + 1);
}

function wrapGpu(): void {
  const Device = (globalThis as { GPUDevice?: { prototype: GPUDevice } }).GPUDevice;
  const Buffer = (globalThis as { GPUBuffer?: { prototype: GPUBuffer } }).GPUBuffer;
  if (!Device || !Buffer) return;
  const createBuffer = Device.prototype.createBuffer;
  Device.prototype.createBuffer = function (this: GPUDevice, descriptor: GPUBufferDescriptor): GPUBuffer {
    const buffer = createBuffer.call(this, descriptor);
    gpuBufferBytes.set(buffer, descriptor.size);
    gpuBytes += descriptor.size;
    gpuPeakBytes = Math.max(gpuPeakBytes, gpuBytes);
    gpuBuffers++;
    return buffer;
  };
  const destroy = Buffer.prototype.destroy;
  Buffer.prototype.destroy = function (this: GPUBuffer): undefined {
    const bytes = gpuBufferBytes.get(this);
    if (bytes !== undefined) {
      gpuBufferBytes.delete(this);
      gpuBytes -= bytes;
      gpuBuffers--;
    }
    return destroy.call(this);
  };
}

function wrapWasm(): void {
  const instantiate = WebAssembly.instantiate.bind(WebAssembly) as (...args: unknown[]) => Promise<unknown>;
  (WebAssembly as { instantiate: unknown }).instantiate = async (source: unknown, imports?: unknown) => {
    collectMemories(imports);
    const result = await instantiate(source, imports);
    collectMemories((result as { instance?: WebAssembly.Instance }).instance?.exports ?? (result as WebAssembly.Instance).exports);
    return result;
  };
  const streaming = WebAssembly.instantiateStreaming?.bind(WebAssembly);
  if (streaming) {
    WebAssembly.instantiateStreaming = async (source, imports) => {
      collectMemories(imports);
      const result = await streaming(source, imports);
      collectMemories(result.instance.exports);
      return result;
    };
  }
}

/** Must run before ONNX Runtime starts its WASM module or creates a GPU device. */
export function installMemoryProbe(): void {
  if (installed) return;
  installed = true;
  wrapGpu();
  wrapWasm();
}

/** `resetPeak`: the peak starts again from what is in use now, after this reading (a sweep point measures its own). */
export function memoryUse({ resetPeak = false } = {}): MemoryUse {
  let wasmHeapBytes = 0;
  for (const memory of wasmMemories) wasmHeapBytes = Math.max(wasmHeapBytes, memory.buffer.byteLength);
  const use = { gpuBytes, gpuBuffers, gpuPeakBytes, wasmHeapBytes };
  if (resetPeak) gpuPeakBytes = gpuBytes;
  return use;
}
