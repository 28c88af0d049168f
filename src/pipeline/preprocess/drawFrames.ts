import { AppError } from '../../domain/errors';
import type { InputSpec } from '../../domain/manifest';
import { writeNCHW } from './normalize';
import { placeFrame, type Placement } from './placement';

export interface PreparedBatch {
  tensor: Float32Array;
  placements: Placement[];
}

let canvas: OffscreenCanvas | undefined;

function context(width: number, height: number): OffscreenCanvasRenderingContext2D {
  if (!canvas || canvas.width !== width || canvas.height !== height) canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new AppError('INTERNAL', 'no 2D canvas context in this worker');
  return ctx;
}

/** Draws each frame at the model size (stretched or letterboxed, as the manifest says) into one NCHW batch tensor. */
export function drawFramesToTensor(frames: readonly ImageBitmap[], input: InputSpec): PreparedBatch {
  const [, , height, width] = input.shape;
  const ctx = context(width, height);
  const tensor = new Float32Array(frames.length * 3 * width * height);
  const placements = frames.map((frame, n) => {
    const placement = placeFrame(frame.width, frame.height, width, height, input.resize);
    if (placement.width < width || placement.height < height) {
      ctx.fillStyle = `rgb(${input.padValue}, ${input.padValue}, ${input.padValue})`;
      ctx.fillRect(0, 0, width, height);
    }
    ctx.drawImage(frame, placement.offsetX, placement.offsetY, placement.width, placement.height);
    writeNCHW(ctx.getImageData(0, 0, width, height).data, width, height, input, tensor, n);
    return placement;
  });
  return { tensor, placements };
}
