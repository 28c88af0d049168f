import { AppError } from '../../domain/errors';
import type { Ms } from '../../domain/units';
import type { ModelManifest } from '../../domain/manifest';
import type { OutputTensor } from '../../domain/tensor';
import type { Backend } from '../../domain/backend';
import type { SessionVariant } from '../../domain/model';
import { captureConsole } from './consoleCapture';
import { ort } from './ort';

export interface OpenSession {
  session: ort.InferenceSession;
  backend: Backend;
  fallbackReason?: string;
  createMs: Ms;
}

function sessionOptions(backend: Backend, verboseLog: boolean): ort.InferenceSession.SessionOptions {
  return {
    // Severity 0 (verbose) makes ORT log where each node was placed: the proof that no node fell back to the CPU.
    logSeverityLevel: verboseLog ? 0 : 3,
    executionProviders: [
      backend === 'webgpu'
        ? ({ name: 'webgpu', powerPreference: 'high-performance' } as ort.InferenceSession.ExecutionProviderConfig)
        : 'wasm',
    ],
    graphOptimizationLevel: 'all',
    // Outputs stay on the GPU until readOutputs downloads the ones postprocessing needs (getData).
    ...(backend === 'webgpu' ? { preferredOutputLocation: 'gpu-buffer' as const } : {}),
  };
}

/**
 * A benchmark variant's WebGPU session. Graph capture (ORT's enableGraphCapture) records the GPU
 * commands on the first runs and replays them after: every shape must be fixed, so the batch
 * dimension is pinned, and the input must be a GPU buffer bound by the caller (VariantBatch).
 */
export function variantSessionOptions(variant: SessionVariant, batchDimension: string, batch: number): ort.InferenceSession.SessionOptions {
  return {
    ...sessionOptions('webgpu', false),
    ...(variant.graphCapture
      ? { enableGraphCapture: true, ...(batchDimension ? { freeDimensionOverrides: { [batchDimension]: batch } } : {}) }
      : {}),
  };
}

async function create(bytes: Uint8Array, backend: Backend, verboseLog: boolean): Promise<ort.InferenceSession> {
  // ORT may keep a reference to the buffer; give it a copy so the caller can reuse bytes for a fallback.
  return ort.InferenceSession.create(bytes.slice(), sessionOptions(backend, verboseLog));
}

/** Creates a session on the asked backend; when WebGPU cannot, falls back to WASM and says why. */
export async function openSession(bytes: Uint8Array, backend: Backend, modelName: string, verboseLog = false): Promise<OpenSession> {
  const started = performance.now();
  if (backend === 'webgpu') {
    const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
    const missing = !gpu ? 'this browser has no WebGPU' : (await gpu.requestAdapter().catch(() => null)) ? undefined : 'no WebGPU adapter';
    if (!missing) {
      try {
        const session = await create(bytes, 'webgpu', verboseLog);
        return { session, backend: 'webgpu', createMs: performance.now() - started };
      } catch (error) {
        return fallBack(bytes, modelName, `WebGPU could not create the session (${(error as Error).message})`, started, verboseLog);
      }
    }
    return fallBack(bytes, modelName, missing, started, verboseLog);
  }
  try {
    const session = await create(bytes, 'wasm', verboseLog);
    return { session, backend: 'wasm', createMs: performance.now() - started };
  } catch (error) {
    throw invalidModel(modelName, error);
  }
}

async function fallBack(bytes: Uint8Array, modelName: string, reason: string, started: number, verboseLog: boolean): Promise<OpenSession> {
  try {
    const session = await create(bytes, 'wasm', verboseLog);
    return { session, backend: 'wasm', fallbackReason: `${reason}; running on WASM instead`, createMs: performance.now() - started };
  } catch (error) {
    throw invalidModel(modelName, error);
  }
}

function invalidModel(modelName: string, error: unknown): AppError {
  return new AppError('MODEL_INVALID', `${modelName} could not be loaded by ONNX Runtime: ${(error as Error).message}`, { cause: error });
}

/** Checks the manifest against what the model file declares, naming both when they disagree. */
export function checkSessionMatchesManifest(session: ort.InferenceSession, manifest: ModelManifest): void {
  if (!session.inputNames.includes(manifest.input.name)) {
    throw new AppError(
      'MODEL_INVALID',
      `the manifest names input "${manifest.input.name}" but the model's inputs are ${JSON.stringify(session.inputNames)}`,
    );
  }
  for (const output of manifest.outputs) {
    if (!session.outputNames.includes(output.name)) {
      throw new AppError(
        'MODEL_INVALID',
        `the manifest names output "${output.name}" but the model's outputs are ${JSON.stringify(session.outputNames)}`,
      );
    }
  }
}

/** A batch input: floats on the CPU (uploaded by ORT), or a tensor already on the GPU (ort.Tensor.fromGpuBuffer). */
export type BatchInput = { data: Float32Array; dims: readonly number[] } | { tensor: ort.Tensor };

function feedOf(input: BatchInput): ort.Tensor {
  return 'tensor' in input ? input.tensor : new ort.Tensor('float32', input.data, input.dims);
}

/**
 * Runs one batch and returns the named outputs as Float32Arrays (with their dims) on the CPU, so
 * timing includes GPU completion and readback. Outputs a WebGPU session left on the GPU are
 * downloaded and their GPU buffers released here; only the outputs asked for are computed.
 */
export async function runBatch(
  session: ort.InferenceSession,
  inputName: string,
  input: BatchInput,
  outputNames: readonly string[],
): Promise<Record<string, OutputTensor>> {
  const feed = feedOf(input);
  let results: ort.InferenceSession.ReturnType;
  try {
    results = await session.run({ [inputName]: feed }, outputNames as string[]);
  } catch (error) {
    throw new AppError('INFERENCE_FAILED', `inference failed on a batch of ${feed.dims[0]}: ${(error as Error).message}`, { cause: error });
  }
  try {
    const out: Record<string, OutputTensor> = {};
    for (const name of outputNames) {
      const tensor = results[name];
      if (!tensor || tensor.type !== 'float32') throw new AppError('INFERENCE_FAILED', `output "${name}" is missing or not float32`);
      const data = tensor.location === 'gpu-buffer' ? await tensor.getData(true) : tensor.data;
      out[name] = { data: data as Float32Array, dims: tensor.dims };
    }
    return out;
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('INFERENCE_FAILED', `reading the outputs of a batch of ${feed.dims[0]} failed: ${(error as Error).message}`, {
      cause: error,
    });
  } finally {
    for (const tensor of Object.values(results)) if (tensor.location === 'gpu-buffer') tensor.dispose();
  }
}

/** Where the profiled runs' input comes from when it is not a zero tensor (the GPU preprocessing path). */
export interface ProfileInput {
  next(): Promise<BatchInput>;
  /** Called after each run (warm-up included), e.g. to read the preprocessing pass's timestamps. */
  afterRun(): Promise<void>;
}

/**
 * Profiles `runs` runs of a batch on a second session with ONNX Runtime's profiler on (the app's
 * session stays unprofiled, so its timings are not disturbed). The WASM build prints the trace to
 * the console, so console output is captured while the profile is ended (consoleCapture.ts). On
 * WebGPU, when the device has timestamp-query, the trace also holds each kernel's GPU time.
 */
export async function profileRuns(
  bytes: Uint8Array,
  backend: Backend,
  manifest: ModelManifest,
  batch: number,
  runs: number,
  input?: ProfileInput,
): Promise<{ lines: string[]; runMs: Ms[] }> {
  const session = await ort.InferenceSession.create(bytes.slice(), { ...sessionOptions(backend, false), enableProfiling: true });
  try {
    const [, c, h, w] = manifest.input.shape;
    const zeros: BatchInput = { data: new Float32Array(batch * c * h * w), dims: [batch, c, h, w] };
    const names = manifest.outputs.map((o) => o.name);
    const run = async () => {
      await runBatch(session, manifest.input.name, input ? await input.next() : zeros, names);
      await input?.afterRun();
    };
    await run(); // warm-up: shader compilation is not a kernel's cost
    const runMs: Ms[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      await run();
      runMs.push(performance.now() - started);
    }
    const { lines } = captureConsole(() => session.endProfiling());
    return { lines, runMs };
  } finally {
    await session.release();
  }
}
