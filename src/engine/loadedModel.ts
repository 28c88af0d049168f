import type { Backend, PreprocessPath } from '../domain/backend';
import { AppError } from '../domain/errors';
import type { ModelManifest } from '../domain/manifest';
import type { SessionRebuild } from '../domain/model';
import type { OutputTensor } from '../domain/tensor';
import type { Ms } from '../domain/units';
import type { ModelDescription } from '../onnx/modelDescription';
import { GpuPreprocessor } from './gpu/gpuPreprocessor';
import { ortWebGpuDevice } from './gpu/ortDevice';
import type { VariantBatch } from './runtime/sessionVariant';
import { checkSessionMatchesManifest, openSession, runBatch, type BatchInput, type OpenSession } from './runtime/session';

/** The worker's model: its session, and on WebGPU the preprocessing pass on ORT's device. */
export interface LoadedModel {
  open: OpenSession;
  manifest: ModelManifest;
  labels: string[];
  /** The model file, kept for describe, profile, compare and rebuilding the session. */
  bytes: Uint8Array;
  /** Present when images and frames are preprocessed on the GPU (WebGPU sessions). */
  gpu?: GpuPreprocessor;
  preprocessNote?: string;
  description?: ModelDescription;
  /** benchBare's input for the batch size last asked: a sweep sends one request per run, and allocating it each time would be counted as app overhead. */
  bareInput?: { batch: number; input: BatchInput };
  /** benchBare's session variant for the batch size last asked (one at a time: each holds its own session and buffers). */
  variant?: VariantBatch;
  /** The model converted to float16, made on first use by a float16 benchmark variant. */
  float16Bytes?: Uint8Array;
  /** Set once the GPU device under the session is lost; the worker then rebuilds the session. */
  lost?: GPUDeviceLostInfo;
  /** On a session rebuilt after a device loss: which rebuild, and the loss. */
  rebuiltAfter?: SessionRebuild;
  /** Why rebuilding the session after the loss failed, if it did. */
  rebuildFailed?: string;
  closed?: boolean;
  /** Debug hook: destroy the device just before the next run, to test recovery from a device lost mid-stream. */
  loseDeviceBeforeRun?: boolean;
  warmupMs: Ms;
}

export function preprocessPath(model: Pick<LoadedModel, 'gpu'>): PreprocessPath {
  return model.gpu ? 'gpu' : 'cpu';
}

/** A model with a fixed batch dimension can only take that many images per run. */
export function maxBatch(manifest: ModelManifest): number {
  const n = manifest.input.shape[0];
  return n > 0 ? n : Infinity;
}

async function blankFrame(width: number, height: number): Promise<ImageBitmap> {
  return createImageBitmap(new ImageData(width, height));
}

/**
 * Opens the session and, on WebGPU, the preprocessing pass on ORT's own device, then runs one
 * warm-up batch through the path real requests take (shader compilation lands here, never in a
 * measured run). A GPU pass that cannot be built leaves the session on the CPU path, with the reason.
 */
export async function openModel(
  bytes: Uint8Array,
  manifest: ModelManifest,
  labels: string[],
  backend: Backend,
  verboseLog: boolean,
  onWarmup?: () => void,
): Promise<LoadedModel> {
  const open = await openSession(bytes, backend, manifest.name, verboseLog);
  const model: LoadedModel = { open, manifest, labels, bytes, warmupMs: 0 };
  try {
    // Before any run, so a manifest naming the wrong tensors gets an error that names both.
    checkSessionMatchesManifest(open.session, manifest);
    if (open.backend === 'webgpu') {
      try {
        model.gpu = await GpuPreprocessor.create(await ortWebGpuDevice(), manifest.input);
      } catch (error) {
        model.preprocessNote = `preprocessing runs on the CPU: ${(error as Error).message}`;
      }
    }
    onWarmup?.();
    const started = performance.now();
    const [, c, h, w] = manifest.input.shape;
    const names = manifest.outputs.map((o) => o.name);
    if (model.gpu) {
      const frame = await blankFrame(w, h);
      try {
        await runBatch(
          open.session,
          manifest.input.name,
          { tensor: model.gpu.prepare([{ image: frame, width: w, height: h }]).tensor },
          names,
        );
      } finally {
        frame.close();
      }
    } else {
      await runBatch(open.session, manifest.input.name, { data: new Float32Array(c * h * w), dims: [1, c, h, w] }, names);
    }
    model.warmupMs = performance.now() - started;
    return model;
  } catch (error) {
    await closeModel(model);
    throw error;
  }
}

/** Frees the session's and the preprocessing pass's GPU memory now rather than whenever GC runs (once). */
export async function closeModel(model: LoadedModel): Promise<void> {
  if (model.closed) return;
  model.closed = true;
  try {
    await model.variant?.release().catch(() => undefined); // the device may be gone; the rest must still be freed
    model.gpu?.destroy();
  } finally {
    await model.open.session.release();
  }
}

/** Waits briefly for a device loss to be reported: a run that failed because of one often fails first. */
async function lossOf(model: LoadedModel): Promise<GPUDeviceLostInfo | undefined> {
  if (model.lost || !model.gpu) return model.lost;
  const timeout = new Promise<undefined>((resolve) => setTimeout(resolve, 250));
  return Promise.race([model.gpu.device.lost, timeout]);
}

export function deviceLostError(info: GPUDeviceLostInfo, what: string, rebuildFailed?: string): AppError {
  const lost = `the GPU device was lost while ${what} (${info.reason}: ${info.message || 'no message'})`;
  return new AppError(
    'DEVICE_LOST',
    rebuildFailed
      ? `${lost}, and rebuilding the session failed (${rebuildFailed}): choose the model or backend again`
      : `${lost}; the session is being rebuilt on a new device — run it again`,
  );
}

/**
 * One batch through the model's session, as every request runs it. A failure caused by a lost GPU
 * device becomes a DEVICE_LOST error that says so (the worker rebuilds the session meanwhile).
 */
export async function runModel(model: LoadedModel, input: BatchInput, what: string): Promise<Record<string, OutputTensor>> {
  return guardDeviceLoss(model, what, () =>
    runBatch(
      model.open.session,
      model.manifest.input.name,
      input,
      model.manifest.outputs.map((o) => o.name),
    ),
  );
}

/** Runs `work` on the model's session, turning a failure caused by a lost GPU device into DEVICE_LOST (benchmark runs too). */
export async function guardDeviceLoss<T>(model: LoadedModel, what: string, work: () => Promise<T>): Promise<T> {
  if (model.lost) throw deviceLostError(model.lost, what, model.rebuildFailed);
  if (model.loseDeviceBeforeRun && model.gpu) {
    model.loseDeviceBeforeRun = false;
    model.gpu.device.destroy();
  }
  try {
    return await work();
  } catch (error) {
    const lost = await lossOf(model);
    throw lost ? deviceLostError(lost, what) : error;
  }
}
