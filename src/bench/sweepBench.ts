// Driven by `npm run bench -- --sweep`: the app's own sweep (src/sweep/runSweep.ts) against the
// app's worker, headless, returning the same run file the app exports.
import { probeCapabilities } from '../runtime/capabilities';
import { RUN_SCHEMA_VERSION, type BenchRun } from '../metrics/runFormat';
import { checkBatch, WASM_MEMORY_LIMITS, webGpuMemoryLimits } from '../sweep/memoryModel';
import { runSweep } from '../sweep/runSweep';
import type { Backend } from '../worker/protocol';
import { startInferenceWorker } from '../worker/startWorker';

export interface SweepBenchOptions {
  manifestUrl: string;
  backend: Backend;
  batches: number[];
}

async function runSweepBench({ manifestUrl, backend, batches }: SweepBenchOptions): Promise<BenchRun> {
  const capabilities = await probeCapabilities();
  const client = startInferenceWorker();
  try {
    const loaded = await client.request('load', { manifestUrl: new URL(manifestUrl, location.href).href, backend });
    const description = await client.request('describe', {});
    const gpu = capabilities.webgpu.limits;
    const limits = loaded.backend === 'webgpu' && gpu ? webGpuMemoryLimits(gpu) : WASM_MEMORY_LIMITS;
    const fixed = loaded.manifest.input.shape[0];
    const { state, points } = await runSweep({
      client,
      batches,
      fits: (batch) => {
        if (fixed > 0 && batch > fixed) return { fits: false, reason: `${loaded.manifest.name} has a fixed batch dimension of ${fixed}` };
        const check = checkBatch(description, limits, batch);
        return check.fits ? { fits: true } : { fits: false, reason: check.reason };
      },
    });
    const support = capabilities[loaded.backend];
    return {
      schemaVersion: RUN_SCHEMA_VERSION,
      name: `${loaded.manifest.name}, npm run bench`,
      model: loaded.manifest.id,
      backend: loaded.backend,
      device: { description: support.detail ?? loaded.backend, software: support.software, wasmThreads: loaded.backend === 'wasm' ? loaded.wasmThreads : undefined },
      userAgent: navigator.userAgent,
      date: new Date().toISOString(),
      sessionCreateMs: loaded.createMs,
      firstRunMs: loaded.warmupMs,
      points,
      stopReason: state.stop?.reason,
    };
  } finally {
    client.terminate();
  }
}

declare global {
  interface Window {
    runSweepBench: typeof runSweepBench;
  }
}
window.runSweepBench = runSweepBench;
