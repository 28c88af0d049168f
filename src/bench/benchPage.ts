// Driven headlessly by scripts/bench.ts: the same worker and preprocessing the app uses, without React.
import { startInferenceWorker } from '../bridge/workerHandle';
import type { StageTimings } from '../domain/units';
import type { Backend, PreprocessPath } from '../domain/backend';

export interface BenchOptions {
  manifestUrl: string;
  backend: Backend;
  runs: number;
  warmupRuns: number;
  /** Images per request; each batch size is measured on its own. */
  batches: number[];
}

export interface BenchPoint {
  batch: number;
  /** Where the app's path turned the images into the input tensor. */
  preprocess: PreprocessPath;
  /** session.run (and reading back the outputs postprocessing needs), in the worker, on a fixed input already where the model reads it. */
  bareMs: number[];
  /** The app's path per request of `batch` images: post the files to the worker, decode, preprocess, run, postprocess, reply. */
  appMs: number[];
  /** The worker's stage times of each app request; `inference` is the same session.run + readback the bare loop times. */
  appStages: StageTimings[];
}

export interface BenchReport {
  backend: Backend;
  fallbackReason?: string;
  preprocessNote?: string;
  wasmThreads: number;
  userAgent: string;
  sessionCreateMs: number;
  firstRunMs: number;
  points: BenchPoint[];
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

async function runBench({ manifestUrl, backend, runs, warmupRuns, batches }: BenchOptions): Promise<BenchReport> {
  const client = startInferenceWorker();
  try {
    const loaded = await client.request('load', { manifestUrl: new URL(manifestUrl, location.href).href, backend });
    const image = await sampleJpeg();
    const points: BenchPoint[] = [];
    for (const batch of batches) {
      const images = Array.from({ length: batch }, () => image);
      // Warm-up through the app's path; the bare loop then runs the same session at the same shapes, with
      // nothing left to compile. Loading already ran one batch of 1 through this path: it counts for batch 1.
      const warmups = batch === 1 ? Math.max(0, warmupRuns - 1) : warmupRuns;
      for (let i = 0; i < warmups; i++) await client.request('classify', { images, topK: 5 });
      const point: BenchPoint = { batch, preprocess: loaded.preprocess, bareMs: [], appMs: [], appStages: [] };
      // Alternating one bare run with one app run keeps slow drifts of a noisy machine out of the ratio.
      for (let i = 0; i < runs; i++) {
        const bare = await client.request('benchBare', { batch, runs: 1, warmupRuns: 0 });
        point.bareMs.push(bare.runMs[0]!);
        const started = performance.now();
        const result = await client.request('classify', { images, topK: 5 });
        point.appMs.push(performance.now() - started);
        point.appStages.push(result.timings);
        point.preprocess = result.preprocess;
      }
      points.push(point);
    }
    return {
      backend: loaded.backend,
      fallbackReason: loaded.fallbackReason,
      preprocessNote: loaded.preprocessNote,
      wasmThreads: loaded.wasmThreads,
      userAgent: navigator.userAgent,
      sessionCreateMs: loaded.createMs,
      firstRunMs: loaded.warmupMs,
      points,
    };
  } finally {
    client.terminate();
  }
}

declare global {
  interface Window {
    runBench: typeof runBench;
  }
}
window.runBench = runBench;
