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
  /** The coverage map this frame's boxes were clustered from, when the stream asked for it (StreamConfig.coverage). */
  coverage?: CoverageGrid;
}

/**
 * A DetectNet coverage map of one frame (class 0): how sure the model is, per grid cell, that an
 * object covers it. Small (64x32 cells for a 1024x512 input), so it travels with its frame's result.
 */
export interface CoverageGrid {
  /** Cells per row and per column. */
  columns: number;
  rows: number;
  /** Row-major, columns * rows values, 0..1 (a sigmoid's output). */
  values: Float32Array;
  /**
   * The model input's rectangle in the frame's own pixels: where the grid lies over its frame.
   * Larger than the frame where the input was padded (letterbox); the frame exactly when stretched.
   */
  area: { x: number; y: number; width: number; height: number };
}

export interface StreamConfig {
  batchSize: number;
  /** A partial batch runs once its oldest frame has waited this long (live sources). */
  maxWaitMs: number;
  /** Frames waiting beyond this are dropped, oldest first. */
  maxQueue: number;
  /** Send each frame's coverage grid with its result (models with a coverage output); off, nothing is copied. */
  coverage?: boolean;
}

/** Inference time per frame of the run a frame was in: the one formula every view and benchmark uses. */
export function inferenceMsPerFrame(result: {
  timestamps: Pick<FrameTimestamps, 'inferenceEnd' | 'preprocessEnd'>;
  framesPerRun: number;
}): number {
  return (result.timestamps.inferenceEnd - result.timestamps.preprocessEnd) / result.framesPerRun;
}
