import { epochNow } from '../domain/clock';
import { AppError } from '../domain/errors';
import { clusterFormTexts, parseClusterForm } from '../pipeline/postprocess/clusterFields';
import { coverageGridsForBatch } from '../pipeline/postprocess/coverageMap';
import { detectionsForBatch } from '../pipeline/postprocess/detections';
import { drawFramesToTensor } from '../pipeline/preprocess/drawFrames';
import type { Placement } from '../pipeline/preprocess/placement';
import { FrameBatcher } from '../pipeline/batcher';
import type { FrameResult, StreamConfig } from '../domain/frame';
import type { ClusterConfig } from '../domain/manifest';
import { framesForGpu } from './gpu/fitFrames';
import { preprocessPath, runModel, type LoadedModel } from './loadedModel';
import type { BatchInput } from './runtime/session';

interface PendingFrame {
  frameId: number;
  frame: ImageBitmap;
  capturedAt: number;
  enqueuedAt: number;
  resolve(result: FrameResult): void;
  reject(error: AppError): void;
}

export const DEFAULT_STREAM: StreamConfig = { batchSize: 1, maxWaitMs: 50, maxQueue: 8 };

/**
 * The worker side of a live source: frames enter the batcher as they arrive; a batch runs when it
 * is full or its oldest frame has waited maxWaitMs; each frame gets its own reply with its id.
 */
export class DetectStream {
  private readonly batcher = new FrameBatcher<PendingFrame>(DEFAULT_STREAM);
  private running = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private sendCoverage = false;
  // Clustering set from the page for one loaded model, keyed by its manifest: a session rebuilt after a
  // device loss keeps it, a model loaded again starts from its manifest's values (as the page does).
  private cluster: { manifest: LoadedModel['manifest']; params: ClusterConfig } | undefined;

  constructor(
    private readonly model: () => LoadedModel,
    /** Runs a batch in the worker's one-at-a-time queue, so it never overlaps a model switch. */
    private readonly exclusive: <T>(fn: () => Promise<T>) => Promise<T>,
  ) {}

  configure(config: StreamConfig): StreamConfig {
    this.sendCoverage = config.coverage === true;
    this.fail(this.batcher.configure(config), 'FRAME_DROPPED', 'dropped when the batch settings changed');
    this.pump();
    return config;
  }

  /**
   * DetectNet's clustering for the batches that run from now on (undefined: the manifest's values).
   * Applied here, not on the page: the clustering reads the bbox grid (4 values per cell), which never
   * leaves the worker, and the boxes keep arriving with their frames as before.
   */
  setCluster(params: ClusterConfig | undefined): ClusterConfig {
    const model = this.model();
    if (model.manifest.task !== 'detectnet')
      throw new AppError('BAD_REQUEST', `${model.manifest.name} is a ${model.manifest.task} model; clustering thresholds are DetectNet's`);
    if (params) {
      const checked = parseClusterForm(clusterFormTexts(params));
      if (!checked.ok) throw new AppError('BAD_REQUEST', `clustering thresholds refused: ${Object.values(checked.errors).join('; ')}`);
    }
    this.cluster = params ? { manifest: model.manifest, params: { ...params } } : undefined;
    return this.clusterFor(model)!;
  }

  private clusterFor(model: LoadedModel): ClusterConfig | undefined {
    return this.cluster?.manifest === model.manifest ? this.cluster.params : model.manifest.cluster;
  }

  push(frameId: number, frame: ImageBitmap, capturedAt: number): Promise<FrameResult> {
    try {
      const { manifest } = this.model();
      if (manifest.task === 'classification')
        throw new AppError('BAD_REQUEST', `${manifest.name} is a classifier; choose a detector for video`);
    } catch (error) {
      frame.close(); // refused frames must not hold GPU memory until GC
      throw error;
    }
    return new Promise((resolve, reject) => {
      const item: PendingFrame = { frameId, frame, capturedAt, enqueuedAt: epochNow(), resolve, reject };
      this.fail(this.batcher.push(item, performance.now()), 'FRAME_DROPPED', 'dropped: inference could not keep up');
      this.pump();
    });
  }

  /**
   * The source has no more frames: the waiting partial batch runs now instead of after maxWaitMs
   * (discard false), or every waiting frame fails as SUPERSEDED (discard true: the source stopped).
   */
  end(discard: boolean): number {
    if (discard) {
      const waiting = this.batcher.drain();
      this.fail(waiting, 'SUPERSEDED', 'was waiting when its source stopped');
      return waiting.length;
    }
    const due = this.batcher.flush();
    this.pump();
    return due;
  }

  /** Frames still waiting when the model changes belong to the old model: fail them. */
  cancelAll(reason: string): void {
    this.fail(this.batcher.drain(), 'SUPERSEDED', reason);
  }

  private fail(frames: PendingFrame[], code: 'FRAME_DROPPED' | 'SUPERSEDED', why: string): void {
    for (const f of frames) {
      f.frame.close();
      f.reject(new AppError(code, `frame ${f.frameId} ${why}`));
    }
  }

  private pump(): void {
    if (this.running) return;
    clearTimeout(this.timer);
    const now = performance.now();
    const batch = this.batcher.take(now);
    if (!batch) {
      const wait = this.batcher.msUntilReady(now);
      if (wait !== undefined) this.timer = setTimeout(() => this.pump(), wait);
      return;
    }
    this.running = true;
    void this.exclusive(() => this.run(batch.items)).finally(() => {
      this.running = false;
      this.pump();
    });
  }

  private async run(frames: PendingFrame[]): Promise<void> {
    try {
      const model = this.model();
      const { manifest } = model;
      // A model with a fixed batch dimension (YOLOX exports: 1) runs the batch in slices of that size.
      const sliceSize = manifest.input.shape[0] > 0 ? manifest.input.shape[0] : frames.length;
      for (let start = 0; start < frames.length; start += sliceSize) {
        const slice = frames.slice(start, start + sliceSize);
        const results = await this.runSlice(model, slice, frames.length);
        slice.forEach((f, i) => f.resolve(results[i]!));
      }
    } catch (error) {
      const appError = error instanceof AppError ? error : new AppError('INFERENCE_FAILED', (error as Error).message);
      for (const f of frames) {
        f.frame.close();
        f.reject(appError);
      }
    }
  }

  private async runSlice(model: LoadedModel, frames: PendingFrame[], batchSize: number): Promise<FrameResult[]> {
    const { manifest, gpu } = model;
    const batchStart = epochNow();
    let input: BatchInput;
    let placements: Placement[];
    if (gpu) {
      // Frames larger than the GPU's textures are scaled down first; boxes still map to their own pixels.
      const fitted = await framesForGpu(
        frames.map((f) => f.frame),
        gpu.maxTextureDimension,
      );
      try {
        const batch = gpu.prepare(fitted.frames);
        input = { tensor: batch.tensor };
        placements = batch.placements;
      } finally {
        fitted.release();
      }
    } else {
      const [, c, h, w] = manifest.input.shape;
      const drawn = drawFramesToTensor(
        frames.map((f) => f.frame),
        manifest.input,
      );
      input = { data: drawn.tensor, dims: [frames.length, c, h, w] };
      placements = drawn.placements;
    }
    const preprocessEnd = epochNow();
    const outputs = await runModel(model, input, `detecting on a batch of ${frames.length} frame(s)`);
    const inferenceEnd = epochNow();
    const geometry = frames.map((f, i) => ({ placement: placements[i]!, sourceWidth: f.frame.width, sourceHeight: f.frame.height }));
    const detections = detectionsForBatch(manifest, outputs, geometry, { cluster: this.clusterFor(model) });
    const coverage = this.sendCoverage ? coverageGridsForBatch(manifest, outputs, geometry) : undefined;
    const postprocessEnd = epochNow();
    return frames.map((f, i) => ({
      frameId: f.frameId,
      frame: f.frame,
      detections: detections[i]!,
      timestamps: { captured: f.capturedAt, enqueued: f.enqueuedAt, batchStart, preprocessEnd, inferenceEnd, postprocessEnd },
      batchSize,
      framesPerRun: frames.length,
      preprocess: preprocessPath(model),
      droppedTotal: this.batcher.droppedTotal,
      ...(coverage ? { coverage: coverage[i] } : {}),
    }));
  }
}
