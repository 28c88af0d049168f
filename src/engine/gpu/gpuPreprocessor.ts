import { AppError } from '../../domain/errors';
import type { InputSpec } from '../../domain/manifest';
import type { Placement } from '../../pipeline/preprocess/placement';
import {
  bytesPerSlot,
  canvasSamplePositions,
  framePlacement,
  packPreprocessUniforms,
  preprocessParams,
  PREPROCESS_UNIFORM_BYTES,
  slotBinding,
  workgroupCount,
} from '../../pipeline/preprocess/gpuParams';
import { ort } from '../runtime/ort';
import { PREPROCESS_WGSL, PREPROCESS_WORKGROUP } from './preprocess.wgsl';

/** A batch prepared on the GPU: the tensor ORT reads (our buffer, never copied to the CPU) and where each frame landed. */
export interface GpuBatch {
  tensor: ort.Tensor;
  placements: Placement[];
}

/** Pixels per span of Skia's raster image shader (found by measurement: 127 makes every byte match). */
export const CANVAS_SPAN = 127;

/** A slot's frame texture and the sample tables for its geometry, reused while frames keep their size. */
interface SlotFrame {
  texture: GPUTexture;
  positions: GPUBuffer;
  key: string;
}

interface BatchBuffer {
  buffer: GPUBuffer;
  tensor: ort.Tensor;
}

/** A frame for the GPU: its pixels (maybe a copy scaled down to fit the GPU's textures) and its own size. */
export interface GpuFrame {
  image: ImageBitmap;
  width: number;
  height: number;
}

/**
 * Frames -> textures -> one compute pass -> the batch's NCHW input buffer, on the GPUDevice that
 * ONNX Runtime runs on, so the model reads the buffer in place (ort.Tensor.fromGpuBuffer).
 * Everything here is asynchronous on the GPU queue: prepare() returns after submitting, and
 * session.run, submitted later on the same queue, sees the finished buffer.
 */
export class GpuPreprocessor {
  private readonly frames: (SlotFrame | undefined)[] = [];
  private readonly uniforms: GPUBuffer[] = [];
  private readonly batches = new Map<number, BatchBuffer>();
  private zeros: GPUBuffer | undefined;
  private readonly slotBytes: number;
  private timing: { querySet: GPUQuerySet; resolve: GPUBuffer; read: GPUBuffer } | undefined;
  private timedPasses = 0;

  private constructor(
    readonly device: GPUDevice,
    private readonly input: InputSpec,
    private readonly pipeline: GPUComputePipeline,
  ) {
    this.slotBytes = bytesPerSlot(input);
    const limit = device.limits.maxStorageBufferBindingSize;
    if (this.slotBytes + device.limits.minStorageBufferOffsetAlignment > limit) {
      throw new AppError(
        'BACKEND_UNAVAILABLE',
        `one ${input.shape.slice(1).join('x')} input needs ${this.slotBytes} bytes; this GPU binds at most ${limit} bytes (maxStorageBufferBindingSize)`,
      );
    }
  }

  static async create(device: GPUDevice, input: InputSpec): Promise<GpuPreprocessor> {
    const module = device.createShaderModule({ label: 'preprocess', code: PREPROCESS_WGSL });
    const pipeline = await device.createComputePipelineAsync({
      label: 'preprocess',
      layout: 'auto',
      compute: { module, entryPoint: 'main' },
    });
    return new GpuPreprocessor(device, input, pipeline);
  }

  /** The largest frame side a texture may have here; larger frames must be scaled down first. */
  get maxTextureDimension(): number {
    return this.device.limits.maxTextureDimension2D;
  }

  get canTime(): boolean {
    return this.device.features.has('timestamp-query');
  }

  /** Encodes and submits the pass for these frames into slots 0..n-1 of the batch-of-n buffer. */
  prepare(frames: readonly GpuFrame[], timed = false): GpuBatch {
    if (frames.length === 0) throw new AppError('BAD_REQUEST', 'no frames to preprocess');
    const batch = this.batchBuffer(frames.length);
    const encoder = this.device.createCommandEncoder({ label: 'preprocess' });
    const bindings: GPUBindGroup[] = [];
    const placements = frames.map((frame, k) => {
      const slot = slotBinding(k, this.slotBytes, this.device.limits.minStorageBufferOffsetAlignment);
      const params = preprocessParams(frame.image, framePlacement(frame.width, frame.height, this.input), this.input, slot.firstFloat);
      const { texture, positions } = this.upload(frame.image, k, params.placement);
      this.device.queue.writeBuffer(this.uniformBuffer(k), 0, packPreprocessUniforms(params));
      bindings.push(
        this.device.createBindGroup({
          layout: this.pipeline.getBindGroupLayout(0),
          entries: [
            { binding: 0, resource: { buffer: this.uniformBuffer(k) } },
            { binding: 1, resource: texture.createView() },
            { binding: 2, resource: { buffer: batch.buffer, offset: slot.offset, size: slot.size } },
            { binding: 3, resource: { buffer: positions } },
          ],
        }),
      );
      return params.placement;
    });
    const timing = timed && this.canTime ? this.timestamps() : undefined;
    const pass = encoder.beginComputePass({
      label: 'preprocess',
      ...(timing ? { timestampWrites: { querySet: timing.querySet, beginningOfPassWriteIndex: 0, endOfPassWriteIndex: 1 } } : {}),
    });
    pass.setPipeline(this.pipeline);
    const [, , height, width] = this.input.shape;
    const [x, y] = workgroupCount(width, height, PREPROCESS_WORKGROUP);
    for (const group of bindings) {
      pass.setBindGroup(0, group);
      pass.dispatchWorkgroups(x, y);
    }
    pass.end();
    if (timing) {
      encoder.resolveQuerySet(timing.querySet, 0, 2, timing.resolve, 0);
      encoder.copyBufferToBuffer(timing.resolve, 0, timing.read, 0, 16);
      this.timedPasses++;
    }
    this.device.queue.submit([encoder.finish()]);
    return { tensor: batch.tensor, placements };
  }

  /**
   * A zero-filled batch on the GPU, apart from the preprocessing buffers: the bare benchmark's input,
   * with no upload, like the app's. One at a time: asking for another size frees the previous one.
   */
  zeroTensor(n: number): ort.Tensor {
    const [, c, h, w] = this.input.shape;
    this.zeros?.destroy();
    // New buffers are zero-initialized by WebGPU.
    this.zeros = this.device.createBuffer({
      label: `zeros ${n}`,
      size: n * this.slotBytes,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
    });
    return ort.Tensor.fromGpuBuffer(this.zeros, { dataType: 'float32', dims: [n, c, h, w] });
  }

  /** GPU time of the last timed pass, from its timestamps (undefined when this adapter has no timestamp-query). */
  async lastPassMs(): Promise<number | undefined> {
    if (!this.timing || this.timedPasses === 0) return undefined;
    const { read } = this.timing;
    await read.mapAsync(GPUMapMode.READ);
    const [begin, end] = new BigUint64Array(read.getMappedRange().slice(0));
    read.unmap();
    return Number(end! - begin!) / 1e6;
  }

  /** The first `batch` slots of the input buffer, copied back (for checking the GPU path against the CPU path). */
  async readBatch(batch: number): Promise<Float32Array> {
    const source = this.batchBuffer(batch).buffer;
    const read = this.device.createBuffer({ size: source.size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    try {
      const encoder = this.device.createCommandEncoder();
      encoder.copyBufferToBuffer(source, 0, read, 0, source.size);
      this.device.queue.submit([encoder.finish()]);
      await read.mapAsync(GPUMapMode.READ);
      return new Float32Array(read.getMappedRange().slice(0));
    } finally {
      read.destroy();
    }
  }

  destroy(): void {
    for (const f of this.frames) {
      f?.texture.destroy();
      f?.positions.destroy();
    }
    for (const u of this.uniforms) u.destroy();
    for (const b of this.batches.values()) b.buffer.destroy();
    this.zeros?.destroy();
    this.zeros = undefined;
    if (this.timing) for (const r of [this.timing.querySet, this.timing.resolve, this.timing.read]) r.destroy();
    this.frames.length = 0;
    this.uniforms.length = 0;
    this.batches.clear();
  }

  private upload(frame: ImageBitmap, k: number, placement: Placement): SlotFrame {
    const max = this.maxTextureDimension;
    if (frame.width > max || frame.height > max) {
      throw new AppError(
        'IMAGE_TOO_LARGE',
        `a ${frame.width}x${frame.height} frame exceeds this GPU's texture limit of ${max} (maxTextureDimension2D)`,
      );
    }
    const key = `${frame.width}x${frame.height}->${placement.width}x${placement.height}`;
    let slot = this.frames[k];
    if (slot?.key !== key) {
      if (slot) {
        slot.texture.destroy();
        slot.positions.destroy();
      }
      const texture = this.device.createTexture({
        label: `frame ${k}`,
        size: [frame.width, frame.height],
        format: 'rgba8unorm',
        // copyExternalImageToTexture writes through a render pass internally: RENDER_ATTACHMENT is required.
        usage: GPUTextureUsage.TEXTURE_BINDING | GPUTextureUsage.COPY_DST | GPUTextureUsage.RENDER_ATTACHMENT,
      });
      const table = new Int32Array(placement.width + placement.height);
      table.set(canvasSamplePositions(frame.width, placement.width, CANVAS_SPAN), 0);
      // Rows are mapped one at a time (a span never crosses rows).
      table.set(canvasSamplePositions(frame.height, placement.height, 1), placement.width);
      const positions = this.device.createBuffer({
        label: `sample points ${k}`,
        size: table.byteLength,
        usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
      });
      this.device.queue.writeBuffer(positions, 0, table);
      slot = { texture, positions, key };
      this.frames[k] = slot;
    }
    // Unpremultiplied, like getImageData: the CPU path ignores alpha the same way.
    this.device.queue.copyExternalImageToTexture({ source: frame }, { texture: slot.texture, premultipliedAlpha: false }, [
      frame.width,
      frame.height,
    ]);
    return slot;
  }

  private uniformBuffer(k: number): GPUBuffer {
    this.uniforms[k] ??= this.device.createBuffer({
      label: `preprocess params ${k}`,
      size: PREPROCESS_UNIFORM_BYTES,
      usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
    });
    return this.uniforms[k];
  }

  private batchBuffer(n: number): BatchBuffer {
    let entry = this.batches.get(n);
    if (!entry) {
      const [, c, h, w] = this.input.shape;
      const buffer = this.device.createBuffer({
        label: `input batch ${n}`,
        size: n * this.slotBytes,
        usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
      });
      entry = { buffer, tensor: ort.Tensor.fromGpuBuffer(buffer, { dataType: 'float32', dims: [n, c, h, w] }) };
      this.batches.set(n, entry);
    }
    return entry;
  }

  private timestamps() {
    this.timing ??= {
      querySet: this.device.createQuerySet({ type: 'timestamp', count: 2 }),
      resolve: this.device.createBuffer({ size: 16, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC }),
      read: this.device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST }),
    };
    return this.timing;
  }
}
