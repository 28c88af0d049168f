import { create, type StateCreator } from 'zustand';
import { toErrorPayload, type ErrorPayload } from '../domain/errors';
import type { StageTimings } from '../domain/units';
import { BUILT_IN_MODELS, DEFAULT_MODEL_ID } from '../models/registry';
import type { ModelSpec } from '../models/spec';
import type { Capabilities } from '../platform/capabilities';
import type { ConversionSummary } from '../caffe/convert';
import type { TimelinePoint, WindowSummary } from '../measure/metrics/frameMetrics';
import type { BenchRun } from '../measure/metrics/runFormat';
import { DEFAULT_BATCH_SIZES, formatBatchList } from '../measure/sweep/batchList';
import type { ClusterConfig, ModelManifest, YoloxConfig } from '../domain/manifest';
import type { OnnxSignature } from '../models/proposeManifest';
import type { LibraryEntry } from '../domain/library';
import type { ProgressEvent } from '../bridge/protocol';
import {
  PLAIN_SESSION,
  type BackendComparison,
  type ClassifiedImage,
  type KernelClock,
  type LoadedModel,
  type SessionVariant,
} from '../domain/model';
import type { Detection } from '../domain/box';
import type { Backend, PreprocessPath } from '../domain/backend';
import type { MemoryUse } from '../domain/memory';
import type { Pacing } from '../pipeline/pacing';

export type Status = 'idle' | 'loading' | 'ready' | 'running' | 'error';

/**
 * The controls whose action failed: the error is shown next to them as well as in the status bar
 * (which stays in view), so an error at the bottom of a view is not only reported at its top.
 */
export type ErrorOrigin = 'classify' | 'detect' | 'benchmark' | 'import' | 'downloads';

export type ShownError = ErrorPayload & { origin?: ErrorOrigin };

/** The store's error for a failure of the controls at `origin`. */
export function errorFrom(error: unknown, origin: ErrorOrigin): ShownError {
  return { ...toErrorPayload(error), origin };
}

export interface SessionSlice {
  capabilities?: Capabilities;
  /** What the picker offers: built-ins, the library, and urlModels (see modelList). */
  models: ModelSpec[];
  urlModels: ModelSpec[];
  modelId: string;
  backend: Backend;
  status: Status;
  progress?: Pick<ProgressEvent, 'stage' | 'loaded' | 'total'>;
  loaded?: LoadedModel;
  /** Something the user should know that is not an error (e.g. WebGPU fell back to WASM). */
  notice?: string;
  /** Why the backend in use is not the one asked for at start (e.g. ?backend=webgpu without WebGPU). */
  backendNotice?: string;
  error?: ShownError;
  /** What the worker holds on the GPU and in WASM memory, refreshed every few seconds (memoryMonitor.ts). */
  memory?: MemoryUse & { sampledAt: number };
}

export interface ClassifyRun {
  modelId: string;
  backend: Backend;
  image: ClassifiedImage;
  timings: StageTimings;
  preprocess: PreprocessPath;
}

export interface ImageSource {
  blob: Blob;
  name: string;
  previewUrl: string;
}

/** One image of a "Classify Many" run (DIGITS' name for it). */
export interface ManyItem {
  name: string;
  thumbUrl: string;
  label?: string;
  prob?: number;
  error?: string;
}

export interface ClassifyMany {
  /** The model that produced the table: another model's view does not show it. */
  modelId?: string;
  items: ManyItem[];
  batchSize: number;
  running: boolean;
  /** Wall time of the whole set, request to last reply. */
  totalMs?: number;
}

export interface ClassifySlice {
  /** Single-image requests finished (result or error): lets a caller wait for the one it started. */
  imagesDone: number;
  many?: ClassifyMany;
  image?: ImageSource;
  /** The latest result per backend for the current image and model, so backends can be compared. */
  runs: Partial<Record<Backend, ClassifyRun>>;
}

/** One frame's result as the frame log shows it. */
export interface FrameLogEntry {
  frameId: number;
  frameNumber: number;
  mediaTime: number;
  boxes: number;
  batchSize: number;
  /** Batch inference time divided by the frames in the batch. */
  inferenceMsPerFrame: number;
  /** Capture to the result reaching the page (the frame is drawn within the next animation frame). */
  latencyMs: number;
  detections: Detection[];
}

export interface VideoSourceInfo {
  kind: 'file' | 'webcam';
  name: string;
  /** Object URL of a file source. */
  url?: string;
  fps?: number;
}

/** An every-frame analysis of a file: progress while it runs, and one row per frame (in frame order). */
export interface EveryFrameView {
  state: 'running' | 'done' | 'cancelled' | 'failed';
  fileName: string;
  /** Frames planned; `rows` holds those analysed so far. */
  total: number;
  batchSize: number;
  /** Epoch ms of the start and (once over) the end of the run. */
  startedAt: number;
  finishedAt?: number;
  rows: FrameLogEntry[];
}

export interface DetectSlice {
  batchSize: number;
  everyNth: number;
  /** How a video file's frames reach the model: in real time (dropping) or every frame (waiting). */
  pacing: Pacing;
  everyFrame?: EveryFrameView;
  source?: VideoSourceInfo;
  /** The newest results, oldest first, flushed a few times a second (never one React render per frame). */
  frameLog: FrameLogEntry[];
  droppedAtSource: number;
  droppedInWorker: number;
  /** Frames the source handed over, and results received, since the source started. */
  framesCaptured: number;
  framesCompleted: number;
  /** Rolling-window metrics of the live source, refreshed a few times a second. */
  liveMetrics?: { summary: WindowSummary; timeline: TimelinePoint[] };
  /** YOLOX settings changed in the Detect view, for the loaded model they were sent to (a new load starts from its manifest). */
  yoloxLive?: { model: LoadedModel; yolox: YoloxConfig };
  /** A video file starts over at its end. */
  loopVideo: boolean;
  /** DetectNet's coverage map drawn over the frame (models with a coverage output). */
  showCoverage: boolean;
  /** DetectNet clustering set in the Detect view, for the loaded model it was set on (see clusterParamsOf). */
  clusterOverride?: { model: LoadedModel; params: ClusterConfig };
}

/** The clustering the loaded DetectNet uses now: the Detect view's values, else its manifest's. */
export function clusterParamsOf(state: Pick<AppState, 'loaded' | 'clusterOverride'>): ClusterConfig | undefined {
  const { loaded, clusterOverride } = state;
  if (!loaded) return undefined;
  return clusterOverride?.model === loaded ? clusterOverride.params : loaded.manifest.cluster;
}

export const FRAME_LOG_LENGTH = 120;

export interface PendingCaffeJob {
  prototxt: File;
  /** Snapshots, newest iteration first (DIGITS' "Select Model" picks an epoch). */
  caffemodels: File[];
  mean?: File;
  labels?: File;
  name: string;
}

export interface PendingOnnx {
  file: File;
  signature: OnnxSignature;
  proposal: ModelManifest;
  labels?: File;
}

export interface DownloadSettings {
  caffeUrl: string;
  caffeSha1: string;
  onnxZooUrl: string;
  /** Trained YOLOX-Nano (ONNX): where to fetch it and the sha256 it must have. */
  yoloxUrl: string;
  yoloxSha256: string;
}

export interface LibrarySlice {
  library: LibraryEntry[];
  pendingCaffe?: PendingCaffeJob;
  pendingOnnx?: PendingOnnx;
  /** Conversion or download under way: what, and how far. */
  importProgress?: { label: string; loaded: number; total: number; cancellable: boolean };
  lastSummary?: ConversionSummary;
  downloads: DownloadSettings;
}

export const DEFAULT_DOWNLOADS: DownloadSettings = {
  // The Caffe Model Zoo's own server; it sends no CORS headers, so browsers refuse it unless a mirror that does is set here.
  caffeUrl: 'http://dl.caffe.berkeleyvision.org/bvlc_googlenet.caffemodel',
  caffeSha1: '405fc5acd08a3bb12de8ee5e23a96bec22f08204',
  // Hugging Face serves files with Access-Control-Allow-Origin: *.
  onnxZooUrl: 'https://huggingface.co/onnxmodelzoo/googlenet-3/resolve/main/googlenet-3.onnx',
  // A Hugging Face copy of YOLOX-Nano: the official file is a GitHub release asset, which a page cannot
  // fetch cross-origin. The pinned sha256 is that of the yolox_nano.onnx this project tests with (taken
  // from a public YOLOX sample repository, not checked against the release asset): a mirror serving a
  // different build, or a damaged copy, is refused with both hashes named.
  yoloxUrl: 'https://huggingface.co/bradex/yolox/resolve/main/yolox_nano.onnx',
  yoloxSha256: '695e750a5d5754bb5a8d5325643b59282191a7e7a564e435a415fd3c578eab14',
};

export interface SweepView {
  running: boolean;
  /** 0..1 */
  progress: number;
  /** What the sweep is doing, or why it stopped. */
  message?: string;
  stopped?: boolean;
}

export interface BenchSlice {
  batchListText: string;
  /** The session variant the next sweep times (offered on WebGPU only; float16 where the adapter has shader-f16). */
  sweepVariant: SessionVariant;
  sweep?: SweepView;
  /** Runs on the same axes: sweeps measured here (newest last) and runs imported from files. */
  benchRuns: BenchRun[];
  kernelProfile?: KernelProfile;
  backendComparison?: BackendComparison;
}

export interface KernelProfile {
  modelName: string;
  backend: Backend;
  runs: number;
  /** Per run, all kernels, largest first. */
  kernels: { node: string; op: string; provider: string; msPerRun: number }[];
  /** GPU timestamps or CPU-side times (absent while it runs). */
  clock?: KernelClock;
  /** Median wall time of a profiled run (profiling adds overhead; compare kernels with each other, not with the sweep). */
  runMsP50: number;
  running?: boolean;
}

export type AppState = SessionSlice & ClassifySlice & DetectSlice & LibrarySlice & BenchSlice;

const createSessionSlice: StateCreator<AppState, [], [], SessionSlice> = () => ({
  models: [...BUILT_IN_MODELS],
  urlModels: [],
  modelId: DEFAULT_MODEL_ID,
  backend: 'wasm',
  status: 'idle',
});

const createClassifySlice: StateCreator<AppState, [], [], ClassifySlice> = () => ({
  imagesDone: 0,
  runs: {},
});

const createDetectSlice: StateCreator<AppState, [], [], DetectSlice> = () => ({
  batchSize: 1,
  everyNth: 1,
  pacing: 'live',
  frameLog: [],
  droppedAtSource: 0,
  droppedInWorker: 0,
  framesCaptured: 0,
  framesCompleted: 0,
  loopVideo: true,
  showCoverage: true,
});

const createBenchSlice: StateCreator<AppState, [], [], BenchSlice> = () => ({
  batchListText: formatBatchList(DEFAULT_BATCH_SIZES),
  sweepVariant: PLAIN_SESSION,
  benchRuns: [],
});

const createLibrarySlice: StateCreator<AppState, [], [], LibrarySlice> = () => ({
  library: [],
  downloads: DEFAULT_DOWNLOADS,
});

/** A fresh store; the app makes one (useAppStore), unit tests one per test. */
export const createAppStore = () =>
  create<AppState>()((...a) => ({
    ...createBenchSlice(...a),
    ...createLibrarySlice(...a),
    ...createSessionSlice(...a),
    ...createClassifySlice(...a),
    ...createDetectSlice(...a),
  }));

export const useAppStore = createAppStore();

export type AppStore = ReturnType<typeof createAppStore>;
