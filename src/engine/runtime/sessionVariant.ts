import { AppError } from '../../domain/errors';
import type { OutputTensor } from '../../domain/tensor';
import { ort } from './ort';
import { variantName, type SessionVariant } from '../../domain/model';
import { runBatch, variantSessionOptions } from './session';

/** Runs before the outputs are compared: with graph capture ORT records the GPU commands in one of the first runs and replays them after. */
const RUNS_BEFORE_CHECK = 3;

/** GPU buffers ORT binds are rounded up to 16 bytes, as WebGPU copies need multiples of 4 and ORT's own buffers use 16. */
const alignedBytes = (floats: number) => Math.ceil((floats * 4) / 16) * 16;

/**
 * A deterministic input with values across a normalized image's range (about -50..50), so the
 * compared outputs come from real arithmetic, not from zeros that only propagate the biases.
 */
export function patternInput(length: number): Float32Array<ArrayBuffer> {
  const data = new Float32Array(length);
  for (let i = 0; i < length; i++) data[i] = ((Math.imul(i, 2654435761) >>> 0) % 1000) / 10 - 50;
  return data;
}

/** The largest |a - b| over every output (Infinity where a value is NaN on one side, or the shapes differ). */
export function maxAbsDifference(a: Record<string, OutputTensor>, b: Record<string, OutputTensor>): number {
  let max = 0;
  for (const [name, x] of Object.entries(a)) {
    const y = b[name];
    if (!y || y.data.length !== x.data.length) return Infinity;
    for (let i = 0; i < x.data.length; i++) {
      const d = Math.abs(x.data[i]! - y.data[i]!);
      if (!(d <= max)) max = Number.isNaN(d) ? Infinity : d;
    }
  }
  return max;
}

/**
 * One batch size of a session variant, next to the plain session: its own session, and one input
 * buffer bound on every run (a graph-capture replay reuses exactly the buffers recorded at
 * capture). With graph capture every shape must be fixed, so the batch dimension is pinned; ORT
 * then hands back the same output buffers on every run (checked: from the first run on), which
 * belong to the session and are read, never disposed. (Binding our own output buffers through
 * `fetches` hung the second run in Chromium with ORT 1.30, so the outputs are ORT's.) With
 * float16 weights the session runs the converted model (float32 in and out). Each run reads
 * every output back, as the plain session's benchmark run does, so the two are timed alike. The
 * plain session's outputs for the same input are the reference the variant's are checked against.
 */
export class VariantBatch {
  /** Largest |difference| of the variant's outputs (after its first runs) from the plain session's, same input (set by create). */
  maxAbsDiffVsPlain = Number.NaN;

  private constructor(
    readonly batch: number,
    readonly variant: SessionVariant,
    private readonly session: ort.InferenceSession,
    private readonly inputName: string,
    private readonly input: { buffer: GPUBuffer; tensor: ort.Tensor },
    private readonly outputNames: readonly string[],
  ) {}

  static async create(
    /** The model file the variant runs (the float16 conversion for float16 weights). */
    bytes: Uint8Array,
    variant: SessionVariant,
    plain: ort.InferenceSession,
    device: GPUDevice,
    inputName: string,
    inputDims: readonly number[],
    outputNames: readonly string[],
    batch: number,
  ): Promise<VariantBatch> {
    const dims = [batch, ...inputDims.slice(1)];
    const data = patternInput(dims.reduce((a, b) => a * b, 1));
    const buffer = device.createBuffer({
      label: `variant input ${batch}`,
      size: alignedBytes(data.length),
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
    });
    device.queue.writeBuffer(buffer, 0, data);
    const input = { buffer, tensor: ort.Tensor.fromGpuBuffer(buffer, { dataType: 'float32', dims }) };
    let created: VariantBatch | undefined;
    try {
      const reference = await runBatch(plain, inputName, input, outputNames);
      const options = variantSessionOptions(variant, batchDimension(plain, inputName), batch);
      created = new VariantBatch(batch, variant, await ort.InferenceSession.create(bytes.slice(), options), inputName, input, outputNames);
      let outputs: Record<string, OutputTensor> = {};
      for (let i = 0; i < RUNS_BEFORE_CHECK; i++) outputs = await created.run();
      created.maxAbsDiffVsPlain = maxAbsDifference(reference, outputs);
      return created;
    } catch (error) {
      if (created) await created.release().catch(() => undefined);
      else buffer.destroy();
      if (error instanceof AppError) throw error;
      throw new AppError('INFERENCE_FAILED', `${variantName(variant)} at batch ${batch} failed: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  /** One run (with graph capture: a replay, or in the first runs the plain run and the recording), every output read back. */
  async run(): Promise<Record<string, OutputTensor>> {
    if (!this.variant.graphCapture) return runBatch(this.session, this.inputName, this.input, this.outputNames);
    const results = await this.session.run({ [this.inputName]: this.input.tensor }, this.outputNames as string[]);
    const out: Record<string, OutputTensor> = {};
    for (const name of this.outputNames) {
      const tensor = results[name];
      if (!tensor || tensor.type !== 'float32') throw new AppError('INFERENCE_FAILED', `output "${name}" is missing or not float32`);
      out[name] = { data: (await tensor.getData()) as Float32Array, dims: tensor.dims };
    }
    return out;
  }

  async release(): Promise<void> {
    try {
      await this.session.release();
    } finally {
      this.input.buffer.destroy();
    }
  }
}

/** The name of the input's batch dimension, to pin it ('' when the model's batch is already fixed). */
function batchDimension(session: ort.InferenceSession, inputName: string): string {
  const meta = session.inputMetadata.find((m) => m.name === inputName);
  const first = meta && meta.isTensor ? meta.shape[0] : undefined;
  return typeof first === 'string' ? first : '';
}
