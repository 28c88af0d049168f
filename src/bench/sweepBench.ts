// Driven by `npm run bench -- --sweep`: the app's own sweep (src/sweep/runSweep.ts) against the
// app's worker, headless, returning the same run file the app exports.
import { probeCapabilities } from '../runtime/capabilities';
import type { BenchRun } from '../metrics/runFormat';
import { runSweep } from '../sweep/runSweep';
import { batchFitFor, sweepRunFile } from '../sweep/sweepRun';
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
    const { state, points } = await runSweep({ client, batches, fits: batchFitFor(loaded, description, capabilities) });
    return sweepRunFile(`${loaded.manifest.name}, npm run bench`, loaded, capabilities, points, state.stop?.reason);
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
