// Driven headlessly by scripts/bench.ts: the same worker and preprocessing the app uses, without React.
import { startInferenceWorker } from '../bridge/workerHandle';
import type { StageTimings } from '../domain/units';
import type { Backend } from '../domain/backend';

export interface BenchOptions {
  manifestUrl: string;
  backend: Backend;
  runs: number;
  warmupRuns: number;
}

export interface BenchReport {
  backend: Backend;
  fallbackReason?: string;
  wasmThreads: number;
  userAgent: string;
  sessionCreateMs: number;
  firstRunMs: number;
  /** session.run alone, in the worker, on a fixed tensor. */
  bareMs: number[];
  /** The app's path per image: post the file to the worker, decode, preprocess, run, postprocess, reply. */
  appMs: number[];
  appStages: StageTimings[];
}

/** A photo-sized JPEG made here, so the app path includes a real decode and resize. */
async function sampleJpeg(): Promise<Blob> {
  const canvas = new OffscreenCanvas(640, 480);
  const ctx = canvas.getContext('2d')!;
  const gradient = ctx.createLinearGradient(0, 0, 640, 480);
  gradient.addColorStop(0, '#2a6');
  gradient.addColorStop(1, '#a26');
  ctx.fillStyle = gradient;
  ctx.fillRect(0, 0, 640, 480);
  return canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
}

async function runBench({ manifestUrl, backend, runs, warmupRuns }: BenchOptions): Promise<BenchReport> {
  const client = startInferenceWorker();
  const loaded = await client.request('load', { manifestUrl: new URL(manifestUrl, location.href).href, backend });
  const image = await sampleJpeg();
  for (let i = 0; i < warmupRuns; i++) await client.request('classify', { images: [image], topK: 5 });
  await client.request('benchBare', { batch: 1, runs: 0, warmupRuns });

  const bareMs: number[] = [];
  const appMs: number[] = [];
  const appStages: StageTimings[] = [];
  // Alternating one bare run with one app run keeps slow drifts of a noisy machine out of the ratio.
  for (let i = 0; i < runs; i++) {
    const bare = await client.request('benchBare', { batch: 1, runs: 1, warmupRuns: 0 });
    bareMs.push(bare.runMs[0]!);
    const started = performance.now();
    const result = await client.request('classify', { images: [image], topK: 5 });
    appMs.push(performance.now() - started);
    appStages.push(result.timings);
  }
  client.terminate();
  return {
    backend: loaded.backend,
    fallbackReason: loaded.fallbackReason,
    wasmThreads: loaded.wasmThreads,
    userAgent: navigator.userAgent,
    sessionCreateMs: loaded.createMs,
    firstRunMs: loaded.warmupMs,
    bareMs,
    appMs,
    appStages,
  };
}

declare global {
  interface Window {
    runBench: typeof runBench;
  }
}
window.runBench = runBench;
