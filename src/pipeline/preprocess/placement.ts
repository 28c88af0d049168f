import type { ResizeMode } from '../../domain/manifest';
import type { Box } from '../../domain/box';

/**
 * Where a source frame lands on the model input: source pixel (x, y) maps to model pixel
 * (x * scaleX + offsetX, y * scaleY + offsetY). One place for this mapping, so boxes go back
 * from model pixels to source pixels with exactly the inverse of what preprocessing did.
 */
export interface Placement {
  scaleX: number;
  scaleY: number;
  offsetX: number;
  offsetY: number;
  /** The drawn area on the model input, in model pixels. */
  width: number;
  height: number;
}

export function placeFrame(
  sourceWidth: number,
  sourceHeight: number,
  inputWidth: number,
  inputHeight: number,
  mode: ResizeMode,
): Placement {
  if (mode === 'stretch') {
    return {
      scaleX: inputWidth / sourceWidth,
      scaleY: inputHeight / sourceHeight,
      offsetX: 0,
      offsetY: 0,
      width: inputWidth,
      height: inputHeight,
    };
  }
  // YOLOX's preproc: one scale r = min(H/h, W/w), image at the top-left, the rest padded.
  const scale = Math.min(inputWidth / sourceWidth, inputHeight / sourceHeight);
  return {
    scaleX: scale,
    scaleY: scale,
    offsetX: 0,
    offsetY: 0,
    width: Math.round(sourceWidth * scale),
    height: Math.round(sourceHeight * scale),
  };
}

/** One model-input coordinate back to source pixels: the inverse of what preprocessing did, unclipped. */
export function fromModelPixels(x: number, y: number, placement: Placement): { x: number; y: number } {
  return { x: (x - placement.offsetX) / placement.scaleX, y: (y - placement.offsetY) / placement.scaleY };
}

/** Model-input pixels back to source pixels, clipped to the source frame. */
export function toSourcePixels<T extends Box>(box: T, placement: Placement, sourceWidth: number, sourceHeight: number): T {
  const clip = (v: number, max: number) => Math.min(max, Math.max(0, v));
  const near = fromModelPixels(box.x1, box.y1, placement);
  const far = fromModelPixels(box.x2, box.y2, placement);
  return {
    ...box,
    x1: clip(near.x, sourceWidth),
    y1: clip(near.y, sourceHeight),
    x2: clip(far.x, sourceWidth),
    y2: clip(far.y, sourceHeight),
  };
}

/**
 * The whole model input (inputWidth x inputHeight model pixels) as a rectangle in source pixels, not
 * clipped: a map over the input (DetectNet's coverage grid) lies there over its frame; with letterbox
 * padding it reaches past the frame's right or bottom edge.
 */
export function modelInputInSource(
  placement: Placement,
  inputWidth: number,
  inputHeight: number,
): { x: number; y: number; width: number; height: number } {
  const near = fromModelPixels(0, 0, placement);
  const far = fromModelPixels(inputWidth, inputHeight, placement);
  return { x: near.x, y: near.y, width: far.x - near.x, height: far.y - near.y };
}
