import type { InputSpec } from '../../domain/manifest';
import { drawFramesToTensor } from '../../pipeline/preprocess/drawFrames';
import { packBatch } from '../../pipeline/preprocess/normalize';
import { decodeBitmapToSize, decodeToSize } from '../../sources/decodeImage';
import { framesForGpu, type FittedFrames } from './fitFrames';
import { GpuPreprocessor } from './gpuPreprocessor';

export interface BothPaths {
  cpu: Float32Array;
  gpu: Float32Array;
  dims: number[];
  downscaled: FittedFrames['downscaled'];
}

/**
 * The same images through the CPU path and the GPU path, as the classifier ('image': decoded to
 * the model size) or the detector ('frame': full-size frames, resampled on the way) prepares them,
 * with a pass built for `input` on `device`. For tests that check the two paths agree.
 */
export async function preprocessBothPaths(
  device: GPUDevice,
  input: InputSpec,
  images: Blob[],
  mode: 'image' | 'frame',
): Promise<BothPaths> {
  const [, c, h, w] = input.shape;
  const dims = [images.length, c, h, w];
  const gpu = await GpuPreprocessor.create(device, input);
  try {
    if (mode === 'image') {
      const rgba: Uint8ClampedArray[] = [];
      for (const image of images) rgba.push((await decodeToSize(image, w, h)).rgba);
      const bitmaps = await Promise.all(images.map(async (image) => (await decodeBitmapToSize(image, w, h)).bitmap));
      gpu.prepare(bitmaps.map((image) => ({ image, width: image.width, height: image.height })));
      bitmaps.forEach((b) => b.close());
      return { cpu: packBatch(rgba, w, h, input), gpu: await gpu.readBatch(images.length), dims, downscaled: [] };
    }
    const frames = await Promise.all(images.map((image) => createImageBitmap(image)));
    try {
      const cpu = drawFramesToTensor(frames, input).tensor;
      const fitted = await framesForGpu(frames, gpu.maxTextureDimension);
      try {
        gpu.prepare(fitted.frames);
      } finally {
        fitted.release();
      }
      return { cpu, gpu: await gpu.readBatch(images.length), dims, downscaled: fitted.downscaled };
    } finally {
      frames.forEach((f) => f.close());
    }
  } finally {
    gpu.destroy();
  }
}
