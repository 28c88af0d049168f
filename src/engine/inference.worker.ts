/// <reference lib="webworker" />
import { AppError } from '../domain/errors';
import { type STAGES, type StageTimings } from '../domain/units';
import { parseLabels, parseManifestText } from '../models/manifest';
import { type ModelManifest } from '../domain/manifest';
import { packBatch } from '../pipeline/preprocess/normalize';
import { softmax, splitRows, topK } from '../pipeline/postprocess/classify';
import { fetchBytes, fetchText } from '../platform/fetchWithProgress';
import { configureOrt } from './runtime/ort';
import { installConsoleCapture } from './runtime/consoleCapture';
import { kernelTimesFromTrace } from './runtime/profile';
import { checkSessionMatchesManifest, openSession, profileRuns, runBatch, type OpenSession } from './runtime/session';
import { decodeToSize, type DecodedImage } from '../sources/decodeImage';
import { decodeModel } from '../onnx/schema';
import { describeModel, type ModelDescription } from '../onnx/modelDescription';
import { compareBackends } from './compareBackends';
import { DetectStream } from './detectStream';
import { importCaffeJob, importOnnx, importTrainedGoogLeNet, inspectOnnx } from './importers';
import { createDispatcher, withTransfer, type Handlers } from './dispatcher';
import type { WorkerMessage } from '../bridge/protocol';
import type { ClassifiedImage } from '../domain/model';

declare const self: DedicatedWorkerGlobalScope;

// Before ORT's WASM module starts: it binds the console once (see consoleCapture.ts).
installConsoleCapture();
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
// ImportResult classifiers with 1000 outputs use the app's own ImageNet labels.
const IMAGENET_LABELS_URL = appUrl('models/imagenet/labels.txt');

interface Loaded {
  open: OpenSession;
  manifest: ModelManifest;
  labels: string[];
  /** The model file, kept for describe (decoded only when a sweep asks). */
  bytes: Uint8Array;
  description?: ModelDescription;
  /** benchBare's input per batch size: a sweep sends one request per run, and allocating it each time would be counted as app overhead. */
  zeroInputs: Map<number, { data: Float32Array; dims: number[] }>;
}

let loaded: Loaded | undefined;

function requireModel(): Loaded {
  if (!loaded) throw new AppError('NO_SESSION', 'no model is loaded yet');
  return loaded;
}

async function releaseModel(): Promise<boolean> {
  const old = loaded;
  loaded = undefined;
  if (!old) return false;
  // Releasing frees the session's GPU buffers now rather than whenever GC runs.
  await old.open.session.release();
  return true;
}

/** A model with a fixed batch dimension can only take that many images per run. */
function maxBatch(manifest: ModelManifest): number {
  const n = manifest.input.shape[0];
  return n > 0 ? n : Infinity;
}

function zeros(manifest: ModelManifest, batch: number): { data: Float32Array; dims: number[] } {
  const [, c, h, w] = manifest.input.shape;
  return { data: new Float32Array(batch * c * h * w), dims: [batch, c, h, w] };
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
    const open = await openSession(bytes, backend, manifest.name, verboseLog);
    try {
      checkSessionMatchesManifest(open.session, manifest);
      progress({ stage: 'warmup', loaded: 0, total: 0 });
      const warmStarted = performance.now();
      const input = zeros(manifest, Math.min(1, maxBatch(manifest)));
      await runBatch(
        open.session,
        manifest.input.name,
        input.data,
        input.dims,
        manifest.outputs.map((o) => o.name),
      );
      const warmupMs = performance.now() - warmStarted;
      loaded = { open, manifest, labels, bytes, zeroInputs: new Map() };
      return {
        manifest,
        labels,
        backend: open.backend,
        fallbackReason: open.fallbackReason,
        wasmThreads: ort.env.wasm.numThreads ?? 1,
        modelBytes: bytes.byteLength,
        fetchMs,
        createMs: open.createMs,
        warmupMs,
      };
    } catch (error) {
      await open.session.release();
      throw error;
    }
  },

  async classify({ images, topK: k }) {
    const { open, manifest, labels } = requireModel();
    if (manifest.task !== 'classification')
      throw new AppError('BAD_REQUEST', `${manifest.name} is a ${manifest.task} model, not a classifier`);
    if (images.length === 0) throw new AppError('BAD_REQUEST', 'no images to classify');
    const limit = maxBatch(manifest);
    if (images.length > limit)
      throw new AppError('BAD_REQUEST', `${manifest.name} takes at most ${limit} image(s) per batch, got ${images.length}`);
    const [, , height, width] = manifest.input.shape;
    const timings: StageTimings = { decode: 0, preprocess: 0, inference: 0, postprocess: 0 };
    let t = performance.now();
    const mark = (stage: (typeof STAGES)[number]) => {
      const now = performance.now();
      timings[stage] += now - t;
      t = now;
    };

    const decoded: DecodedImage[] = [];
    for (const image of images) decoded.push(await decodeToSize(image, width, height));
    mark('decode');
    const batch = packBatch(
      decoded.map((d) => d.rgba),
      width,
      height,
      manifest.input,
    );
    mark('preprocess');
    const output = manifest.outputs[0]!;
    const result = await runBatch(open.session, manifest.input.name, batch, [images.length, 3, height, width], [output.name]);
    mark('inference');
    const classified = splitRows(result[output.name]!.data, images.length).map((row, n): ClassifiedImage => {
      const probs = output.kind === 'logits' ? softmax(row) : row.slice();
      return {
        probs,
        top: topK(probs, k).map(({ index, prob }) => ({ index, prob, label: labels[index] ?? `class ${index}` })),
        sourceWidth: decoded[n]!.sourceWidth,
        sourceHeight: decoded[n]!.sourceHeight,
      };
    });
    mark('postprocess');
    return { images: classified, backend: open.backend, batchSize: images.length, timings };
  },

  async benchBare({ batch, runs, warmupRuns }) {
    const { open, manifest, zeroInputs } = requireModel();
    const input = zeroInputs.get(batch) ?? zeros(manifest, batch);
    zeroInputs.set(batch, input);
    const names = manifest.outputs.map((o) => o.name);
    for (let i = 0; i < warmupRuns; i++) await runBatch(open.session, manifest.input.name, input.data, input.dims, names);
    const runMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      await runBatch(open.session, manifest.input.name, input.data, input.dims, names);
      runMs.push(performance.now() - started);
    }
    return { runMs };
  },

  async release() {
    detectStream.cancelAll('was waiting when the model was released');
    return { released: await releaseModel() };
  },

  async stream(config) {
    return detectStream.configure(config);
  },

  async detect({ frameId, frame, capturedAt }) {
    const result = await detectStream.push(frameId, frame, capturedAt);
    return withTransfer(result, [result.frame]);
  },

  async describe() {
    const model = requireModel();
    model.description ??= describeModel(decodeModel(model.bytes));
    return model.description;
  },

  async profile({ batch, runs }) {
    const { bytes, open, manifest } = requireModel();
    const { lines, runMs } = await profileRuns(bytes, open.backend, manifest, batch, runs);
    // The profile covers the warm-up run too; kernelTimesFromTrace sums every run it printed.
    return { kernels: kernelTimesFromTrace(lines), runMs, backend: open.backend };
  },

  async compareBackends() {
    const { bytes, open, manifest } = requireModel();
    return compareBackends(bytes, open, manifest);
  },

  importCaffe: (request, progress) => importCaffeJob(request, IMAGENET_LABELS_URL, progress),

  inspectOnnx: ({ model, fileName }) => inspectOnnx(model, fileName, IMAGENET_LABELS_URL),

  importOnnx: ({ model, manifest, labels }) => importOnnx(model, manifest, labels),

  async importTrainedGoogLeNet({ caffemodel, fileName }) {
    const builtIn = parseManifestText(await fetchText(appUrl('models/googlenet/manifest.json'), 'the GoogLeNet manifest'), 'googlenet');
    return importTrainedGoogLeNet(new Uint8Array(caffemodel), fileName, builtIn, IMAGENET_LABELS_URL);
  },
};

// Frames enter the batcher as they arrive; only the batch run itself waits its turn in the queue.
const dispatcher = createDispatcher(handlers, (message: WorkerMessage, transfer = []) => self.postMessage(message, transfer), ['detect']);
const detectStream = new DetectStream(requireModel, dispatcher.exclusive);
self.addEventListener('message', (event: MessageEvent) => void dispatcher.dispatch(event.data));
