/// <reference lib="webworker" />
import { AppError } from '../domain/errors';
import { parseLabels, parseManifestText } from '../models/manifest';
import { withYoloxParams, yoloxParamsError } from '../models/yoloxParams';
import { fetchBytes, fetchText } from '../platform/fetchWithProgress';
import { configureOrt } from './runtime/ort';
import { installConsoleCapture } from './runtime/consoleCapture';
import { installMemoryProbe, memoryUse } from './runtime/memoryProbe';
import { kernelTimesFromTrace } from './runtime/profile';
import { profileRuns, runBatch, type BatchInput } from './runtime/session';
import { decodeModel } from '../onnx/schema';
import { describeModel } from '../onnx/modelDescription';
import { compareBackends } from './compareBackends';
import { DetectStream } from './detectStream';
import { importCaffeJob, importOnnx, importTrainedGoogLeNet, inspectOnnx } from './importers';
import { createDispatcher, withTransfer, type Handlers } from './dispatcher';
import type { WorkerMessage } from '../bridge/protocol';
import { classifyImages } from './classifyImages';
import { closeModel, guardDeviceLoss, openModel, preprocessPath, type LoadedModel } from './loadedModel';
import { gpuProfileInput } from './gpu/profileInput';
import { variantBatchFor } from './benchVariant';
import type { VariantBatch } from './runtime/sessionVariant';
import { isVariant, variantName } from '../domain/model';
import { preprocessBothPaths } from './gpu/preprocessBothPaths';

declare const self: DedicatedWorkerGlobalScope;

// Before ORT's WASM module starts: it binds the console once (see consoleCapture.ts).
installConsoleCapture();
// Before ORT's first allocation, so every GPU buffer and its WASM memory are counted.
installMemoryProbe();
// A Content-Security-Policy refusal inside a worker only fails the fetch or compile that caused it;
// say which directive refused what, on the console where the page's own violations also appear.
self.addEventListener('securitypolicyviolation', (event) => {
  const e = event as SecurityPolicyViolationEvent;
  console.error(
    `Content-Security-Policy violation in the inference worker: ${e.effectiveDirective} refused ${e.blockedURI || 'inline code'}`,
  );
});

const appUrl = (path: string) => new URL(`${import.meta.env.BASE_URL}${path}`, self.location.origin).href;
const ort = configureOrt(appUrl('ort/'));
// Imported classifiers with 1000 outputs use the app's own ImageNet labels.
const IMAGENET_LABELS_URL = appUrl('models/imagenet/labels.txt');

let loaded: LoadedModel | undefined;

function requireModel(): LoadedModel {
  if (!loaded) throw new AppError('NO_SESSION', 'no model is loaded yet');
  return loaded;
}

async function releaseModel(): Promise<boolean> {
  const old = loaded;
  loaded = undefined;
  if (!old) return false;
  await closeModel(old);
  return true;
}

/**
 * A lost GPU device takes the session with it. The request that was running fails with a
 * DEVICE_LOST error; the session is rebuilt (on the new device ORT then creates) in the request
 * queue, so requests sent after the failure, and frames still waiting in the batcher, run on the
 * new session: a stream resumes by itself.
 */
function watchDeviceLoss(model: LoadedModel): void {
  void model.gpu?.device.lost.then((info) => {
    if (loaded !== model) return; // released or replaced on purpose
    model.lost = info;
    void dispatcher.exclusive(() => rebuildAfterLoss(model));
  });
}

async function rebuildAfterLoss(model: LoadedModel): Promise<void> {
  if (loaded !== model) return;
  // The lost model stays current until its replacement is ready: requests meanwhile fail with DEVICE_LOST, never NO_SESSION.
  await closeModel(model).catch(() => undefined); // its device is gone: releasing may fail, and that is fine
  try {
    const fresh = await openModel(model.bytes, model.manifest, model.labels, model.open.backend, false);
    if (loaded !== model) return void (await closeModel(fresh)); // a new model was loaded meanwhile
    fresh.rebuiltAfter = {
      count: (model.rebuiltAfter?.count ?? 0) + 1,
      loss: `${model.lost!.reason}: ${model.lost!.message || 'no message'}`,
    };
    loaded = fresh;
    watchDeviceLoss(fresh);
  } catch (error) {
    model.rebuildFailed = (error as Error).message;
  }
}

/** benchBare's fixed input: zeros, on the GPU when the app's path feeds the model from the GPU (no upload, like the app). */
function bareInput(model: LoadedModel, batch: number): BatchInput {
  if (model.bareInput?.batch !== batch) {
    const [, c, h, w] = model.manifest.input.shape;
    const input = model.gpu
      ? { tensor: model.gpu.zeroTensor(batch) }
      : { data: new Float32Array(batch * c * h * w), dims: [batch, c, h, w] };
    model.bareInput = { batch, input };
  }
  return model.bareInput.input;
}

const handlers: Handlers = {
  async load({ manifestUrl, backend, verboseLog = false }, progress) {
    detectStream.cancelAll('was waiting when the model changed');
    await releaseModel();
    const manifestHref = new URL(manifestUrl, self.location.href).href;
    const started = performance.now();
    const manifest = parseManifestText(await fetchText(manifestHref, 'the model manifest'), manifestHref);
    const bytes = await fetchBytes(new URL(manifest.model, manifestHref).href, `model ${manifest.name}`, (loadedBytes, total) =>
      progress({ stage: 'download', loaded: loadedBytes, total }),
    );
    const labels = manifest.labels ? parseLabels(await fetchText(new URL(manifest.labels, manifestHref).href, 'the labels file')) : [];
    const fetchMs = performance.now() - started;

    progress({ stage: 'create', loaded: 0, total: 0 });
    const model = await openModel(bytes, manifest, labels, backend, verboseLog, () => progress({ stage: 'warmup', loaded: 0, total: 0 }));
    loaded = model;
    watchDeviceLoss(model);
    return {
      manifest,
      labels,
      backend: model.open.backend,
      fallbackReason: model.open.fallbackReason,
      preprocess: preprocessPath(model),
      preprocessNote: model.preprocessNote,
      wasmThreads: ort.env.wasm.numThreads ?? 1,
      modelBytes: bytes.byteLength,
      fetchMs,
      createMs: model.open.createMs,
      warmupMs: model.warmupMs,
    };
  },

  async classify({ images, topK }) {
    return classifyImages(requireModel(), images, topK);
  },

  async benchBare({ batch, runs, warmupRuns, variant }) {
    const model = requireModel();
    const what = `timing batch ${batch}`;
    let run: () => Promise<unknown>;
    let variantBatch: VariantBatch | undefined;
    if (variant && isVariant(variant)) {
      variantBatch = await guardDeviceLoss(model, `${what} (${variantName(variant)})`, () => variantBatchFor(model, variant, batch));
      run = () => guardDeviceLoss(model, what, () => variantBatch!.run());
    } else {
      const input = bareInput(model, batch);
      const names = model.manifest.outputs.map((o) => o.name);
      run = () => guardDeviceLoss(model, what, () => runBatch(model.open.session, model.manifest.input.name, input, names));
    }
    for (let i = 0; i < warmupRuns; i++) await run();
    const runMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      await run();
      runMs.push(performance.now() - started);
    }
    return {
      runMs,
      ...(model.rebuiltAfter ? { rebuiltAfter: model.rebuiltAfter } : {}),
      ...(variantBatch ? { maxAbsDiffVsPlain: variantBatch.maxAbsDiffVsPlain } : {}),
    };
  },

  async releaseVariant() {
    const model = requireModel();
    const variant = model.variant;
    model.variant = undefined;
    await variant?.release();
    return { released: variant !== undefined };
  },

  async release() {
    detectStream.cancelAll('was waiting when the model was released');
    return { released: await releaseModel() };
  },

  async stream(config) {
    return detectStream.configure(config);
  },

  async setYolox(params) {
    const model = requireModel();
    const { manifest } = model;
    if (manifest.task !== 'yolox' || !manifest.yolox)
      throw new AppError('BAD_REQUEST', `${manifest.name} is a ${manifest.task} model: it has no YOLOX settings`);
    const problem = yoloxParamsError(params, manifest.yolox.numClasses);
    if (problem) throw new AppError('BAD_REQUEST', `${manifest.name}: ${problem}`);
    // Each batch reads the manifest when it starts: the batch running now finishes with the old settings.
    model.manifest = withYoloxParams(manifest, params);
    return model.manifest.yolox!;
  },

  async cluster({ params }) {
    return detectStream.setCluster(params);
  },

  async detect({ frameId, frame, capturedAt }) {
    const result = await detectStream.push(frameId, frame, capturedAt);
    return withTransfer(result, result.coverage ? [result.frame, result.coverage.values.buffer] : [result.frame]);
  },

  async endStream({ discard }) {
    return { frames: detectStream.end(discard) };
  },

  async describe() {
    const model = requireModel();
    model.description ??= describeModel(decodeModel(model.bytes));
    return model.description;
  },

  async profile({ batch, runs }) {
    const { bytes, open, manifest, gpu } = requireModel();
    // On the GPU path the profiled runs are fed by the app's own preprocessing pass, timed as one more kernel.
    const input = gpu ? gpuProfileInput(gpu, batch) : undefined;
    try {
      const { lines, runMs } = await profileRuns(bytes, open.backend, manifest, batch, runs, input);
      // The profile covers the warm-up run too; kernelTimesFromTrace sums every run it printed.
      const { kernels, clock } = kernelTimesFromTrace(lines);
      const pass = input?.passTime(clock);
      return {
        kernels: pass ? [...kernels, pass].sort((a, b) => b.totalMs - a.totalMs) : kernels,
        runMs,
        backend: open.backend,
        clock,
      };
    } finally {
      input?.close();
    }
  },

  async memory({ resetPeak }) {
    return memoryUse({ resetPeak });
  },

  async compareBackends() {
    const { bytes, open, manifest } = requireModel();
    return compareBackends(bytes, open, manifest);
  },

  importCaffe: (request, progress) => importCaffeJob(request, IMAGENET_LABELS_URL, progress),

  inspectOnnx: ({ model, fileName }) => inspectOnnx(model, fileName, IMAGENET_LABELS_URL),

  importOnnx: ({ model, manifest, labels }) => importOnnx(model, manifest, labels),

  async debugPreprocess({ images, mode, input }) {
    const model = requireModel();
    if (!model.gpu) throw new AppError('BACKEND_UNAVAILABLE', `${model.manifest.name} runs on ${model.open.backend} without the GPU path`);
    const result = await preprocessBothPaths(model.gpu.device, input ?? model.manifest.input, images, mode);
    return withTransfer(result, [result.cpu.buffer, result.gpu.buffer]);
  },

  async debugLoseDevice({ when }) {
    const model = requireModel();
    if (!model.gpu) throw new AppError('BACKEND_UNAVAILABLE', 'no WebGPU device to lose: the model runs on the CPU path');
    if (when === 'now') model.gpu.device.destroy();
    else model.loseDeviceBeforeRun = true;
    return { armed: true };
  },

  async importTrainedGoogLeNet({ caffemodel, fileName }) {
    const builtIn = parseManifestText(await fetchText(appUrl('models/googlenet/manifest.json'), 'the GoogLeNet manifest'), 'googlenet');
    return importTrainedGoogLeNet(new Uint8Array(caffemodel), fileName, builtIn, IMAGENET_LABELS_URL);
  },
};

// Frames enter the batcher as they arrive, and the end of a stream reaches it right behind them;
// only the batch run itself waits its turn in the queue.
const dispatcher = createDispatcher(handlers, (message: WorkerMessage, transfer = []) => self.postMessage(message, transfer), [
  'detect',
  'endStream',
  'memory',
]);
const detectStream = new DetectStream(requireModel, dispatcher.exclusive);
self.addEventListener('message', (event: MessageEvent) => void dispatcher.dispatch(event.data));
