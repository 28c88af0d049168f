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
  /**
   * Frames in the session.run the timestamps describe: the batch, or a slice of it when the model
   * has a fixed batch dimension (a YOLOX export takes 1 frame per run).
   */
  framesPerRun: number;
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

/** Inference time per frame of the run a frame was in: the one formula every view and benchmark uses. */
export function inferenceMsPerFrame(result: {
  timestamps: Pick<FrameTimestamps, 'inferenceEnd' | 'preprocessEnd'>;
  framesPerRun: number;
}): number {
  return (result.timestamps.inferenceEnd - result.timestamps.preprocessEnd) / result.framesPerRun;
}
