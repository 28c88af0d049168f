import { AppError, toErrorPayload } from '../domain/errors';
import { modelList, modelSpecFromUrl } from '../models/registry';
import type { ClientHandle } from '../bridge/client';
import type { Backend } from '../domain/backend';
import { startManyRun } from './manyRun';
import { tuneYolox } from './yoloxTuning';
import type { YoloxLiveParams } from '../domain/manifest';
import { browserEnv, fileNameOf, pageParam, type PageEnv } from './pageEnv';
import type { AppStore, ErrorOrigin, ImageSource, ShownError } from './store';

const TOP_K = 5;
/** More crashes than this within CRASH_WINDOW_MS: stop reloading and let the user decide. */
const MAX_CRASHES = 3;
const CRASH_WINDOW_MS = 60_000;

/** The app's actions: the only place that talks to the inference worker. Components call these and read the store. */
export function createController(store: AppStore, worker: ClientHandle, env: PageEnv = browserEnv()) {
  // Each load gets a generation; results of a superseded load or classify are dropped, never shown.
  let generation = 0;
  // When the worker crashed lately (epoch ms), to stop reloading a model that crashes it every time.
  let crashes: number[] = [];

  const fail = (error: unknown, status: 'ready' | 'error', origin?: ErrorOrigin) => {
    const payload: ShownError = { ...toErrorPayload(error), origin };
    // The handle has already started a fresh worker and recoverFromCrash reloads the model.
    if (payload.code === 'WORKER_CRASHED') return;
    store.setState({ status, error: payload, progress: undefined });
  };

  async function loadModel(): Promise<void> {
    const mine = ++generation;
    const { models, modelId, backend } = store.getState();
    const spec = models.find((m) => m.id === modelId);
    if (!spec) return fail(new AppError('BAD_REQUEST', `unknown model "${modelId}"`), 'error');
    store.setState({
      status: 'loading',
      error: undefined,
      notice: undefined,
      loaded: undefined,
      progress: { stage: 'download', loaded: 0, total: 0 },
    });
    try {
      const verboseLog = pageParam(env, 'ortLog') === 'verbose';
      const loaded = await worker.current.request(
        'load',
        { manifestUrl: new URL(spec.manifestUrl, env.baseUri).href, backend, verboseLog },
        {
          onProgress: ({ stage, loaded: bytes, total }) => {
            if (mine === generation) store.setState({ progress: { stage, loaded: bytes, total } });
          },
        },
      );
      if (mine !== generation) return;
      store.setState((s) => {
        // A URL model's task is known once its manifest is read; remembering it keeps the right panel up during later reloads.
        const urlModels = s.urlModels.map((m) => (m.id === spec.id && !m.task ? { ...m, task: loaded.manifest.task } : m));
        return {
          status: 'ready',
          loaded,
          progress: undefined,
          notice: loaded.fallbackReason ?? s.backendNotice,
          urlModels,
          models: modelList(s.library, urlModels),
        };
      });
      const { image } = store.getState();
      if (image && loaded.manifest.task === 'classification') await classify(image);
    } catch (error) {
      if (mine === generation) fail(error, 'error');
    }
  }

  async function classify(image: ImageSource): Promise<void> {
    const { loaded, status } = store.getState();
    if (!loaded || status === 'loading') return; // the load in progress classifies the image when it is ready
    const mine = generation;
    store.setState({ status: 'running', error: undefined });
    try {
      const result = await worker.current.request('classify', { images: [image.blob], topK: TOP_K });
      if (mine !== generation || store.getState().image !== image) return;
      store.setState((s) => ({
        status: 'ready',
        runs: {
          ...s.runs,
          [result.backend]: {
            modelId: loaded.manifest.id,
            backend: result.backend,
            image: result.images[0]!,
            timings: result.timings,
            preprocess: result.preprocess,
          },
        },
      }));
    } catch (error) {
      if (mine === generation) fail(error, 'ready', 'classify');
    } finally {
      store.setState((s) => ({ imagesDone: s.imagesDone + 1 }));
    }
  }

  return {
    async init(): Promise<void> {
      const capabilities = await env.probeCapabilities();
      const modelParam = pageParam(env, 'model');
      const backendParam = pageParam(env, 'backend');
      // A software WebGPU adapter (SwiftShader) is correct but far slower than WASM: start on WASM there.
      const gpu = capabilities.webgpu;
      const wanted: Backend =
        backendParam === 'webgpu' || backendParam === 'wasm' ? backendParam : gpu.available && !gpu.software ? 'webgpu' : 'wasm';
      const webgpuMissing = wanted === 'webgpu' && !capabilities.webgpu.available;
      const library = await env.listLibrary();
      store.setState((s) => {
        const extra = modelParam ? [modelSpecFromUrl(modelParam)] : [];
        return {
          capabilities,
          library,
          urlModels: extra,
          models: modelList(library, extra),
          modelId: extra[0]?.id ?? s.modelId,
          backend: webgpuMissing ? 'wasm' : wanted,
          backendNotice: webgpuMissing
            ? `WebGPU was asked for but is unavailable: ${capabilities.webgpu.reason}. Running on WASM instead.`
            : undefined,
        };
      });
      await loadModel();
    },

    selectModel(modelId: string): Promise<void> {
      store.setState({ modelId, runs: {} });
      return loadModel();
    },

    /**
     * The worker died (an uncaught error, out of memory) and the handle started a new one: load
     * the model again, unless it keeps crashing.
     */
    async recoverFromCrash(cause: AppError): Promise<void> {
      const now = Date.now();
      crashes = [...crashes.filter((t) => now - t < CRASH_WINDOW_MS), now];
      if (crashes.length > MAX_CRASHES) {
        generation++;
        store.setState({
          loaded: undefined,
          status: 'error',
          progress: undefined,
          error: {
            code: 'WORKER_CRASHED',
            message: `${cause.message}. It crashed ${crashes.length} times within a minute, so it was not reloaded again: choose a model or backend to try again.`,
          },
        });
        return;
      }
      await loadModel();
      if (store.getState().status === 'ready') store.setState({ notice: `${cause.message}. It was restarted and the model loaded again.` });
    },

    /** Builds the current model's session again (after out-of-memory or a lost device), choices unchanged. */
    reload(): Promise<void> {
      return loadModel();
    },

    /** Score threshold, NMS IoU threshold and class filter of the loaded YOLOX-style model, from the next frame on. */
    tuneYolox(params: YoloxLiveParams): Promise<void> {
      return tuneYolox(store, worker, params);
    },

    selectBackend(backend: Backend): Promise<void> {
      store.setState({ backend, backendNotice: undefined });
      return loadModel();
    },

    /** Takes a new image (file, drop, paste or URL), forgets the old image's results, and classifies it. */
    setImage(blob: Blob, name: string): Promise<void> {
      const previous = store.getState().image;
      if (previous) env.objectUrls.revoke(previous.previewUrl);
      const image: ImageSource = { blob, name, previewUrl: env.objectUrls.create(blob) };
      store.setState({ image, runs: {} });
      return classify(image);
    },

    async setImageFromUrl(url: string): Promise<void> {
      let blob: Blob;
      try {
        const response = await env.fetch(url);
        if (!response.ok) throw new AppError('IMAGE_DECODE_FAILED', `could not fetch ${url}: HTTP ${response.status}`);
        blob = await response.blob();
      } catch (error) {
        const cause =
          error instanceof AppError
            ? error
            : new AppError(
                'IMAGE_DECODE_FAILED',
                `could not fetch ${url}: the server is unreachable or does not allow cross-origin requests (CORS)`,
              );
        return fail(cause, store.getState().loaded ? 'ready' : 'error', 'classify');
      }
      const name = fileNameOf(url, env.pageUrl, url);
      return this.setImage(new File([blob], name, { type: blob.type }), name);
    },

    /** Many images through the worker at the chosen batch size: a table of top-1 results, total time, images per second. */
    async classifyMany(files: File[]): Promise<void> {
      const { loaded, batchSize } = store.getState();
      if (!loaded) return;
      const fixed = loaded.manifest.input.shape[0];
      const size = fixed > 0 ? Math.min(fixed, batchSize) : batchSize;
      const run = startManyRun(store, files, size, env);
      const mine = generation;
      store.setState({ status: 'running' });
      const classifyChunk = async (start: number, chunk: File[]): Promise<void> => {
        try {
          const result = await worker.current.request('classify', { images: chunk, topK: 1 });
          result.images.forEach((image, i) => run.update(start + i, { label: image.top[0]?.label, prob: image.top[0]?.prob }));
        } catch (error) {
          // One bad file fails its whole batch: run that batch's images one by one to name the culprit.
          if (chunk.length > 1) for (let i = 0; i < chunk.length; i++) await classifyChunk(start + i, [chunk[i]!]);
          else run.update(start, { error: toErrorPayload(error).message });
        }
      };
      for (let start = 0; start < files.length; start += size) {
        // Another model was chosen: its load owns the status now, and the rest of the set would run on it.
        if (mine !== generation) return run.finish(false);
        await classifyChunk(start, files.slice(start, start + size));
      }
      run.finish(mine === generation);
      if (mine === generation) store.setState({ status: 'ready' });
    },
  };
}

export type Controller = ReturnType<typeof createController>;
