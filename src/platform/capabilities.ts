import type { Backend } from '../domain/backend';

export interface BackendSupport {
  available: boolean;
  /** Why it is missing or degraded, in words a user can act on. */
  reason?: string;
  detail?: string;
  /** The adapter's buffer limits (WebGPU), for the memory model's check before a batch is tried. */
  limits?: { maxBufferSize: number; maxStorageBufferBindingSize: number };
  /** A software adapter (SwiftShader): its timings are not GPU timings. */
  software?: boolean;
  /** The adapter computes in half precision (WebGPU's shader-f16): float16 models can run. */
  shaderF16?: boolean;
}

export type Capabilities = Record<Backend, BackendSupport>;

/** What this browser offers, probed once at start so the backend picker can disable and explain. */
export async function probeCapabilities(): Promise<Capabilities> {
  return { webgpu: await probeWebGpu(), wasm: probeWasm() };
}

async function probeWebGpu(): Promise<BackendSupport> {
  if (!('gpu' in navigator) || !navigator.gpu) {
    return { available: false, reason: 'this browser has no WebGPU (navigator.gpu is missing; try Chrome/Edge 113+ or enable WebGPU)' };
  }
  try {
    const adapter = await navigator.gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter)
      return { available: false, reason: 'WebGPU is present but no GPU adapter was found (blocklisted driver or GPU disabled)' };
    const info = adapter.info;
    const name = [info?.vendor, info?.architecture, info?.description].filter(Boolean).join(' ') || 'unknown adapter';
    const isSoftware = /swiftshader/i.test(name) || (info as { isFallbackAdapter?: boolean } | undefined)?.isFallbackAdapter === true;
    return {
      available: true,
      detail: `${name}; max buffer ${Math.round(adapter.limits.maxBufferSize / 2 ** 20)} MiB${['timestamp-query', 'shader-f16']
        .filter((f) => adapter.features.has(f))
        .map((f) => `; ${f}`)
        .join('')}`,
      reason: isSoftware ? 'the WebGPU adapter is a software renderer (SwiftShader): correct but slow, not GPU timing' : undefined,
      limits: { maxBufferSize: adapter.limits.maxBufferSize, maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize },
      software: isSoftware,
      shaderF16: adapter.features.has('shader-f16'),
    };
  } catch (error) {
    return { available: false, reason: `requesting a WebGPU adapter failed: ${(error as Error).message}` };
  }
}

export function wasmThreadCount(): number {
  const isolated = typeof crossOriginIsolated !== 'undefined' && crossOriginIsolated && typeof SharedArrayBuffer !== 'undefined';
  return isolated ? Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1)) : 1;
}

function probeWasm(): BackendSupport {
  if (typeof WebAssembly === 'undefined') return { available: false, reason: 'this browser has no WebAssembly' };
  const threads = wasmThreadCount();
  if (threads === 1) {
    return {
      available: true,
      detail: '1 thread',
      reason: 'the page is not cross-origin isolated (COOP/COEP headers missing), so WASM runs on one thread',
    };
  }
  return { available: true, detail: `${threads} threads, SIMD` };
}
