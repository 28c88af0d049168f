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

/** Model-input pixels back to source pixels, clipped to the source frame. */
export function toSourcePixels<T extends Box>(box: T, placement: Placement, sourceWidth: number, sourceHeight: number): T {
  const clip = (v: number, max: number) => Math.min(max, Math.max(0, v));
  return {
    ...box,
    x1: clip((box.x1 - placement.offsetX) / placement.scaleX, sourceWidth),
    y1: clip((box.y1 - placement.offsetY) / placement.scaleY, sourceHeight),
    x2: clip((box.x2 - placement.offsetX) / placement.scaleX, sourceWidth),
    y2: clip((box.y2 - placement.offsetY) / placement.scaleY, sourceHeight),
  };
}
