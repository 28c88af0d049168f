/**
 * Every message between the UI thread and the inference worker. Each request carries an id;
 * the worker answers each request exactly once with a Reply of the same id, and may send
 * Progress events for that id before it.
 */
import type { ErrorPayload } from '../core/errors';
import type { Ms, StageTimings } from '../core/units';
import type { ConversionSummary } from '../caffe/convert';
import type { ModelManifest } from '../models/manifest';
import type { OnnxSignature } from '../models/proposeManifest';
import type { LibraryEntry } from '../storage/library';
import type { KernelTime } from '../runtime/profile';
import type { ModelDescription } from '../sweep/modelDescription';
import type { CaffeImportRequest } from './importers';

export type Backend = 'webgpu' | 'wasm';
export const BACKENDS: readonly Backend[] = ['webgpu', 'wasm'];

export interface LoadedModel {
  manifest: ModelManifest;
  labels: string[];
  /** The backend that really runs; differs from the request when WebGPU failed and WASM took over. */
  backend: Backend;
  fallbackReason?: string;
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
  batchSize: number;
  /** Durations for the whole request; per-image = these / images.length. */
  timings: StageTimings;
}

/** Wall-clock instants of one frame (epoch ms: performance.timeOrigin + performance.now(), the same clock in both threads). */
export interface FrameTimestamps {
  captured: number;
  enqueued: number;
  batchStart: number;
  preprocessEnd: number;
  inferenceEnd: number;
  postprocessEnd: number;
}

export interface FrameDetection {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  score: number;
  /** Class index for multi-class detectors (YOLOX); DetectNet has one class. */
  classIndex?: number;
}

export interface FrameResult {
  frameId: number;
  /** The frame itself, handed back (transferred, not copied) so the view draws boxes over the pixels they came from. */
  frame: ImageBitmap;
  /** Boxes in source-frame pixels. */
  detections: FrameDetection[];
  timestamps: FrameTimestamps;
  /** Frames in the batch this frame ran in. */
  batchSize: number;
  /** Frames the worker's batcher dropped so far because inference could not keep up. */
  droppedTotal: number;
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

export interface ImportResult {
  entry: LibraryEntry;
  manifestUrl: string;
}

export interface StreamConfig {
  batchSize: number;
  /** A partial batch runs once its oldest frame has waited this long (live sources). */
  maxWaitMs: number;
  /** Frames waiting beyond this are dropped, oldest first. */
  maxQueue: number;
}

export interface BareRunResult {
  /** session.run durations only, one per timed run, after warm-up. */
  runMs: Ms[];
}

/** Request payload and result type per request type: the single source of truth for both threads. */
export interface WorkerApi {
  /** verboseLog: ORT's verbose log (node placement per execution provider) on the console, for diagnosis and tests. */
  load: { request: { manifestUrl: string; backend: Backend; verboseLog?: boolean }; result: LoadedModel };
  classify: { request: { images: Blob[]; topK: number }; result: ClassifyResult };
  /** The bare session.run loop on a fixed tensor: the baseline the app's own path is compared with. */
  benchBare: { request: { batch: number; runs: number; warmupRuns: number }; result: BareRunResult };
  release: { request: Record<string, never>; result: { released: boolean } };
  /** Batching settings for detect requests; applies to frames already waiting too. */
  stream: { request: StreamConfig; result: StreamConfig };
  /** One frame into the batcher; the reply comes when its batch has run, or FRAME_DROPPED. */
  detect: { request: { frameId: number; frame: ImageBitmap; capturedAt: number }; result: FrameResult };
  /** A DIGITS/Caffe job converted to ONNX and stored in the library (progress: 'create' = layers done of total). */
  importCaffe: { request: CaffeImportRequest; result: ImportResult & { summary: ConversionSummary } };
  /** Reads a dropped .onnx file's inputs/outputs and proposes a manifest for the user to correct. */
  inspectOnnx: { request: { model: Blob; fileName: string }; result: { signature: OnnxSignature; proposal: ModelManifest } };
  importOnnx: { request: { model: Blob; manifest: ModelManifest; labels?: string }; result: ImportResult };
  /** BVLC's trained caffemodel (already downloaded and checksummed) into the built-in GoogLeNet graph. */
  importTrainedGoogLeNet: { request: { caffemodel: ArrayBuffer; fileName: string }; result: ImportResult };
  /** Tensor shapes and lifetimes of the loaded model, for the memory model of a batch-size sweep. */
  describe: { request: Record<string, never>; result: ModelDescription };
  /** Per-kernel times of `runs` runs (after one warm-up) from ONNX Runtime's profiler, on a separate profiling session. */
  profile: { request: { batch: number; runs: number }; result: { kernels: KernelTime[]; runMs: Ms[]; backend: Backend } };
  /** The same input through the loaded backend and the other one: do the outputs agree, and how fast is each? */
  compareBackends: { request: Record<string, never>; result: BackendComparison };
}

export type RequestType = keyof WorkerApi;

export type WorkerRequest = {
  [K in RequestType]: { id: number; type: K } & WorkerApi[K]['request'];
}[RequestType];

export type RequestOf<K extends RequestType> = Extract<WorkerRequest, { type: K }>;

export interface ProgressEvent {
  kind: 'progress';
  id: number;
  stage: 'download' | 'create' | 'warmup';
  loaded: number;
  /** 0 when unknown (no Content-Length). */
  total: number;
}

export type Reply =
  | { kind: 'reply'; id: number; ok: true; value: WorkerApi[RequestType]['result'] }
  | { kind: 'reply'; id: number; ok: false; error: ErrorPayload };

export type WorkerMessage = ProgressEvent | Reply;

export const REQUEST_TYPES: readonly RequestType[] = [
  'load', 'classify', 'benchBare', 'release', 'stream', 'detect', 'importCaffe', 'inspectOnnx', 'importOnnx', 'importTrainedGoogLeNet', 'describe', 'profile', 'compareBackends',
];
