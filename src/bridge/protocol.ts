/**
 * Every message between the UI thread and the inference worker. Each request carries an id;
 * the worker answers each request exactly once with a Reply of the same id, and may send
 * Progress events for that id before it.
 */
import type { ConversionSummary } from '../caffe/convert';
import type { Backend } from '../domain/backend';
import type { ErrorPayload } from '../domain/errors';
import type { FrameResult, StreamConfig } from '../domain/frame';
import type { CaffeImportRequest, ImportResult } from '../domain/library';
import type { ClusterConfig, InputSpec, ModelManifest, YoloxConfig, YoloxLiveParams } from '../domain/manifest';
import type { MemoryUse } from '../domain/memory';
import type {
  BackendComparison,
  BareRunResult,
  ClassifyResult,
  KernelClock,
  KernelTime,
  LoadedModel,
  SessionVariant,
} from '../domain/model';
import type { Ms } from '../domain/units';
import type { OnnxSignature } from '../models/proposeManifest';
import type { ModelDescription } from '../onnx/modelDescription';

/** Request payload and result type per request type: the single source of truth for both threads. */
export interface WorkerApi {
  /** verboseLog: ORT's verbose log (node placement per execution provider) on the console, for diagnosis and tests. */
  load: { request: { manifestUrl: string; backend: Backend; verboseLog?: boolean }; result: LoadedModel };
  classify: { request: { images: Blob[]; topK: number }; result: ClassifyResult };
  /**
   * The bare session.run loop on a fixed tensor: the baseline the app's own path is compared with.
   * variant (WebGPU): time a session variant instead (graph capture, float16 weights), checked against the plain session.
   */
  benchBare: { request: { batch: number; runs: number; warmupRuns: number; variant?: SessionVariant }; result: BareRunResult };
  /** A benchmark session variant's own session and buffers freed (a sweep with one ends); released: there was one. */
  releaseVariant: { request: Record<string, never>; result: { released: boolean } };
  release: { request: Record<string, never>; result: { released: boolean } };
  /** Batching settings for detect requests; applies to frames already waiting too. */
  stream: { request: StreamConfig; result: StreamConfig };
  /**
   * New score threshold, NMS IoU threshold and class filter for the loaded YOLOX-style model; batches
   * that start after it use them (no reload). The reply is the model's YOLOX settings now.
   */
  setYolox: { request: YoloxLiveParams; result: YoloxConfig };
  /**
   * DetectNet's clustering thresholds for the next batches of the loaded model, without reloading it;
   * none = back to the manifest's values. Answers the values now in use.
   */
  cluster: { request: { params?: ClusterConfig }; result: ClusterConfig };
  /** One frame into the batcher; the reply comes when its batch has run, or FRAME_DROPPED. */
  detect: { request: { frameId: number; frame: ImageBitmap; capturedAt: number }; result: FrameResult };
  /**
   * The source sent its last frame: the waiting partial batch runs now (discard false), or the
   * waiting frames fail as SUPERSEDED (discard true). Handled on arrival, beside a running batch.
   */
  endStream: { request: { discard: boolean }; result: { frames: number } };
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
  profile: {
    request: { batch: number; runs: number };
    /** clock: GPU timestamps or CPU-side times; on the GPU path one entry is the app's own preprocessing pass. */
    result: { kernels: KernelTime[]; runMs: Ms[]; backend: Backend; clock: KernelClock };
  };
  /** The same input through the loaded backend and the other one: do the outputs agree, and how fast is each? */
  compareBackends: { request: Record<string, never>; result: BackendComparison };
  /** GPU buffers and WASM memory the worker holds now; answered between runs, never queued behind them. */
  memory: { request: { resetPeak?: boolean }; result: MemoryUse };
  /**
   * Test hook: the input tensor the CPU path and the GPU path make of the same images, as images
   * (decoded to the model size) or as video frames (full size, resampled like a frame). `input`
   * overrides the loaded model's input spec, so one small WebGPU session can check any model's preprocessing.
   */
  debugPreprocess: {
    request: { images: Blob[]; mode: 'image' | 'frame'; input?: InputSpec };
    result: { cpu: Float32Array; gpu: Float32Array; dims: number[]; downscaled: { from: [number, number]; to: [number, number] }[] };
  };
  /** Test hook: destroy the WebGPU device now, or just before the next run (a device lost mid-request). */
  debugLoseDevice: { request: { when: 'now' | 'next-run' }; result: { armed: boolean } };
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
  'load',
  'classify',
  'benchBare',
  'releaseVariant',
  'release',
  'stream',
  'setYolox',
  'cluster',
  'detect',
  'endStream',
  'importCaffe',
  'inspectOnnx',
  'importOnnx',
  'importTrainedGoogLeNet',
  'describe',
  'profile',
  'compareBackends',
  'memory',
  'debugPreprocess',
  'debugLoseDevice',
];
