import { create, type StateCreator } from 'zustand';
import type { ErrorPayload } from '../core/errors';
import type { StageTimings } from '../core/units';
import { BUILT_IN_MODELS, DEFAULT_MODEL_ID } from '../models/registry';
import type { ModelSpec } from '../models/spec';
import type { Capabilities } from '../runtime/capabilities';
import type { Backend, ClassifiedImage, LoadedModel, ProgressEvent } from '../worker/protocol';

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

export type AppState = SessionSlice & ClassifySlice;

const createSessionSlice: StateCreator<AppState, [], [], SessionSlice> = () => ({
  models: [...BUILT_IN_MODELS],
  modelId: DEFAULT_MODEL_ID,
  backend: 'wasm',
  status: 'idle',
});

const createClassifySlice: StateCreator<AppState, [], [], ClassifySlice> = () => ({
  runs: {},
});

export const useAppStore = create<AppState>()((...a) => ({
  ...createSessionSlice(...a),
  ...createClassifySlice(...a),
}));

export type AppStore = typeof useAppStore;
