import { fitWithinTextureLimit } from '../../pipeline/preprocess/gpuParams';
import type { GpuFrame } from './gpuPreprocessor';

export interface FittedFrames {
  frames: GpuFrame[];
  /** Frames that had to be scaled down, with their sizes before and after. */
  downscaled: { from: [number, number]; to: [number, number] }[];
  /** Closes the scaled-down copies (never the caller's frames). */
  release(): void;
}

/**
 * Frames for the GPU pass: each as it is, or, when a side exceeds the device's maxTextureDimension2D,
 * a copy scaled down by the browser to the largest size that fits. Boxes still map back to the
 * frame's own pixels: the placement is computed from its own size (GpuFrame.width/height).
 */
export async function framesForGpu(frames: readonly ImageBitmap[], maxDimension: number): Promise<FittedFrames> {
  const copies: ImageBitmap[] = [];
  const downscaled: FittedFrames['downscaled'] = [];
  const fitted = await Promise.all(
    frames.map(async (frame): Promise<GpuFrame> => {
      const fit = fitWithinTextureLimit(frame.width, frame.height, maxDimension);
      if (!fit.downscaled) return { image: frame, width: frame.width, height: frame.height };
      const image = await createImageBitmap(frame, { resizeWidth: fit.width, resizeHeight: fit.height, resizeQuality: 'high' });
      copies.push(image);
      downscaled.push({ from: [frame.width, frame.height], to: [fit.width, fit.height] });
      return { image, width: frame.width, height: frame.height };
    }),
  );
  return { frames: fitted, downscaled, release: () => copies.forEach((c) => c.close()) };
}
