// Driven by `npm run bench -- --sweep`: the app's own sweep (src/sweep/runSweep.ts) against the
// app's worker, headless, returning the same run file the app exports.
import { probeCapabilities } from '../platform/capabilities';
import type { BenchRun } from '../measure/metrics/runFormat';
import { runSweep } from '../measure/sweep/runSweep';
import { batchFitFor, sweepRunFile } from '../measure/sweep/sweepRun';
import type { Backend } from '../domain/backend';
import { startInferenceWorker } from '../bridge/workerHandle';

export interface SweepBenchOptions {
  manifestUrl: string;
  backend: Backend;
  batches: number[];
  /** WebGPU: time ORT's graph capture, each batch checked against the plain session. */
  graphCapture: boolean;
}

async function runSweepBench({ manifestUrl, backend, batches, graphCapture }: SweepBenchOptions): Promise<BenchRun> {
  const capabilities = await probeCapabilities();
  const client = startInferenceWorker();
  try {
    const loaded = await client.request('load', { manifestUrl: new URL(manifestUrl, location.href).href, backend });
    const description = await client.request('describe', {});
    const captured = graphCapture && loaded.backend === 'webgpu';
    const fits = batchFitFor(loaded, description, capabilities);
    const { state, points } = await runSweep({ client, batches, fits, graphCapture: captured });
    const name = `${loaded.manifest.name}, npm run bench`;
    return sweepRunFile(name, loaded, capabilities, points, state.stop?.reason, navigator.userAgent, captured);
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
