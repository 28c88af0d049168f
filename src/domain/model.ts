import type { Backend, PreprocessPath } from './backend';
import type { ModelManifest } from './manifest';
import type { Ms, StageTimings } from './units';

export interface LoadedModel {
  manifest: ModelManifest;
  labels: string[];
  /** The backend that really runs; differs from the request when WebGPU failed and WASM took over. */
  backend: Backend;
  fallbackReason?: string;
  /** Which preprocessing path images and frames take on this session. */
  preprocess: PreprocessPath;
  /** Why a WebGPU session preprocesses on the CPU (absent when it does not). */
  preprocessNote?: string;
  wasmThreads: number;
  modelBytes: number;
  fetchMs: Ms;
  createMs: Ms;
  /** First run (batch 1, zeros): shader compilation and allocation land here, never in measured runs. */
  warmupMs: Ms;
}

export interface ClassifiedImage {
  /** Full probability vector, so backends can be compared element by element. */
  probs: Float32Array;
  top: { index: number; label: string; prob: number }[];
  sourceWidth: number;
  sourceHeight: number;
}

export interface ClassifyResult {
  images: ClassifiedImage[];
  backend: Backend;
  preprocess: PreprocessPath;
  batchSize: number;
  /** Durations for the whole request; per-image = these / images.length. */
  timings: StageTimings;
}

export interface BackendComparison {
  backends: [Backend, Backend];
  /** One run each, after a warm-up run each. */
  ms: [Ms, Ms];
  outputs: { name: string; maxAbsDiff: number }[];
  /** Top-5 classes equal (classifiers), or the same boxes within 1 px (detectors). */
  agree: boolean;
  detail: string;
}

/** How a benchmark session differs from the app's plain one (both false: the plain session). */
export interface SessionVariant {
  /** ORT's graph capture (WebGPU): one session per batch size, its recorded GPU commands replayed. */
  graphCapture: boolean;
  /** The model converted to float16 (inputs and outputs stay float32): WebGPU adapters with shader-f16. */
  float16: boolean;
}

export const PLAIN_SESSION: SessionVariant = { graphCapture: false, float16: false };

/** Whether a session (or a run file's fields) differs from the plain session at all. */
export function isVariant(variant: Partial<SessionVariant> | undefined): boolean {
  return Boolean(variant?.graphCapture || variant?.float16);
}

/** "graph capture", "float16 weights", both, or "plain session": how runs and errors name a variant. */
export function variantName(variant: Partial<SessionVariant>): string {
  const parts = [variant.float16 ? 'float16 weights' : '', variant.graphCapture ? 'graph capture' : ''].filter(Boolean);
  return parts.length ? parts.join(' + ') : 'plain session';
}

export interface BareRunResult {
  /** session.run durations only, one per timed run, after warm-up. */
  runMs: Ms[];
  /**
   * Why the session that ran is not the one the model was loaded with: the GPU device under the
   * first was lost and the worker rebuilt it. A sweep that sees this mid-way stops, as its timings
   * would mix two sessions (and the run that waited for the rebuild).
   */
  rebuiltAfter?: SessionRebuild;
  /** Variant runs: the largest |difference| of the variant's outputs from the plain session's on the same input. */
  maxAbsDiffVsPlain?: number;
}

export interface SessionRebuild {
  /** How many times this model's session has been rebuilt after a device loss (1 for the first). */
  count: number;
  /** The last loss, e.g. "destroyed: device was destroyed". */
  loss: string;
}

/**
 * Which clock measured the kernels: 'gpu' = GPU timestamps of each kernel's dispatch (WebGPU with
 * timestamp-query); 'cpu' = ONNX Runtime's CPU-side time per kernel (WASM, or WebGPU without timestamps,
 * where it is the time to encode and submit).
 */
export type KernelClock = 'gpu' | 'cpu';

/** One kernel's time over the profiled runs. */
export interface KernelTime {
  /** The node's name in the model (a Caffe layer name for converted models). */
  node: string;
  op: string;
  provider: string;
  totalMs: number;
  calls: number;
}
