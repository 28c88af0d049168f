import type { PreprocessPath } from './backend';
import type { Detection } from './box';

/** Wall-clock instants of one frame (epoch ms: performance.timeOrigin + performance.now(), the same clock in both threads). */
export interface FrameTimestamps {
  captured: number;
  enqueued: number;
  batchStart: number;
  preprocessEnd: number;
  inferenceEnd: number;
  postprocessEnd: number;
}

export interface FrameResult {
  frameId: number;
  /** The frame itself, handed back (transferred, not copied) so the view draws boxes over the pixels they came from. */
  frame: ImageBitmap;
  /** Boxes in source-frame pixels. */
  detections: Detection[];
  timestamps: FrameTimestamps;
  /** Frames in the batch this frame ran in. */
  batchSize: number;
  /** Where its pixels became the input tensor. */
  preprocess: PreprocessPath;
  /** Frames the worker's batcher dropped so far because inference could not keep up. */
  droppedTotal: number;
}

export interface StreamConfig {
  batchSize: number;
  /** A partial batch runs once its oldest frame has waited this long (live sources). */
  maxWaitMs: number;
  /** Frames waiting beyond this are dropped, oldest first. */
  maxQueue: number;
}

/** Inference time per frame of the batch a frame ran in: the one formula every view and benchmark uses. */
export function inferenceMsPerFrame(result: Pick<FrameResult, 'timestamps' | 'batchSize'>): number {
  return (result.timestamps.inferenceEnd - result.timestamps.preprocessEnd) / result.batchSize;
}
