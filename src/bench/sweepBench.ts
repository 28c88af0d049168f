// Driven by `npm run bench -- --sweep`: the app's own sweep (src/sweep/runSweep.ts) against the
// app's worker, headless, returning the same run file the app exports.
import { probeCapabilities } from '../platform/capabilities';
import type { BenchRun } from '../measure/metrics/runFormat';
import { runSweep } from '../measure/sweep/runSweep';
import { batchFitFor, sweepRunFile, sweepVariant } from '../measure/sweep/sweepRun';
import type { SessionVariant } from '../domain/model';
import type { Backend } from '../domain/backend';
import { startInferenceWorker } from '../bridge/workerHandle';

export interface SweepBenchOptions {
  manifestUrl: string;
  backend: Backend;
  batches: number[];
  /** WebGPU: time a session variant (graph capture, float16 weights), each batch checked against the plain session. */
  variant: SessionVariant;
}

async function runSweepBench({ manifestUrl, backend, batches, variant: asked }: SweepBenchOptions): Promise<BenchRun> {
  const capabilities = await probeCapabilities();
  const client = startInferenceWorker();
  try {
    const loaded = await client.request('load', { manifestUrl: new URL(manifestUrl, location.href).href, backend });
    const description = await client.request('describe', {});
    const variant = sweepVariant(asked, loaded, capabilities);
    const fits = batchFitFor(loaded, description, capabilities);
    const { state, points } = await runSweep({ client, batches, fits, variant });
    const name = `${loaded.manifest.name}, npm run bench`;
    return sweepRunFile(name, loaded, capabilities, points, state.stop?.reason, navigator.userAgent, variant);
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
