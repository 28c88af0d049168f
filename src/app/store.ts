import { create, type StateCreator } from 'zustand';
import type { ErrorPayload } from '../core/errors';
import type { StageTimings } from '../core/units';
import { BUILT_IN_MODELS, DEFAULT_MODEL_ID } from '../models/registry';
import type { ModelSpec } from '../models/spec';
import type { Capabilities } from '../runtime/capabilities';
import type { Backend, ClassifiedImage, FrameDetection, LoadedModel, ProgressEvent } from '../worker/protocol';

export type Status = 'idle' | 'loading' | 'ready' | 'running' | 'error';

export interface SessionSlice {
  capabilities?: Capabilities;
  models: ModelSpec[];
  modelId: string;
  backend: Backend;
  status: Status;
  progress?: Pick<ProgressEvent, 'stage' | 'loaded' | 'total'>;
  loaded?: LoadedModel;
  /** Something the user should know that is not an error (e.g. WebGPU fell back to WASM). */
  notice?: string;
  /** Why the backend in use is not the one asked for at start (e.g. ?backend=webgpu without WebGPU). */
  backendNotice?: string;
  error?: ErrorPayload;
}

export interface ClassifyRun {
  modelId: string;
  backend: Backend;
  image: ClassifiedImage;
  timings: StageTimings;
}

export interface ImageSource {
  blob: Blob;
  name: string;
  previewUrl: string;
}

export interface ClassifySlice {
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
  /** Capture to drawn (or to result, for frames superseded before they were drawn). */
  latencyMs: number;
  detections: FrameDetection[];
}

export interface VideoSourceInfo {
  kind: 'file' | 'webcam';
  name: string;
  /** Object URL of a file source. */
  url?: string;
  fps?: number;
}

export interface DetectSlice {
  batchSize: number;
  everyNth: number;
  source?: VideoSourceInfo;
  /** The newest results, oldest first, flushed a few times a second (never one React render per frame). */
  frameLog: FrameLogEntry[];
  droppedAtSource: number;
  droppedInWorker: number;
}

export const FRAME_LOG_LENGTH = 120;

export type AppState = SessionSlice & ClassifySlice & DetectSlice;

const createSessionSlice: StateCreator<AppState, [], [], SessionSlice> = () => ({
  models: [...BUILT_IN_MODELS],
  modelId: DEFAULT_MODEL_ID,
  backend: 'wasm',
  status: 'idle',
});

const createClassifySlice: StateCreator<AppState, [], [], ClassifySlice> = () => ({
  runs: {},
});

const createDetectSlice: StateCreator<AppState, [], [], DetectSlice> = () => ({
  batchSize: 1,
  everyNth: 1,
  frameLog: [],
  droppedAtSource: 0,
  droppedInWorker: 0,
});

export const useAppStore = create<AppState>()((...a) => ({
  ...createSessionSlice(...a),
  ...createClassifySlice(...a),
  ...createDetectSlice(...a),
}));

export type AppStore = typeof useAppStore;
