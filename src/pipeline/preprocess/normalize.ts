import type { InputSpec } from '../../domain/manifest';

export type PixelTransform = Pick<InputSpec, 'channelOrder' | 'pixelScale' | 'mean' | 'std'>;

/** Per input channel (model order): the RGBA byte to read, and value = byte * gain + offset. */
export interface ChannelPlan {
  rgbaIndex: number;
  gain: number;
  offset: number;
}

/** The CPU loop and the WGSL pass both use these, so both paths compute the same values. */
export function channelPlans(transform: PixelTransform): ChannelPlan[] {
  const rgbaIndexOf = transform.channelOrder === 'RGB' ? [0, 1, 2] : [2, 1, 0];
  return [0, 1, 2].map((c) => ({
    rgbaIndex: rgbaIndexOf[c]!,
    // Folding (p * scale - mean) / std into one multiply-add keeps the per-pixel loop cheap.
    gain: transform.pixelScale / transform.std[c]!,
    offset: -transform.mean[c]! / transform.std[c]!,
  }));
}

/**
 * Writes one RGBA image (already at the model's size) into slot `batchIndex` of an NCHW batch tensor.
 * Alpha is ignored: decoded images are composited by the browser before they reach us.
 */
export function writeNCHW(
  rgba: Uint8ClampedArray | Uint8Array,
  width: number,
  height: number,
  transform: PixelTransform,
  out: Float32Array,
  batchIndex: number,
): void {
  const plane = width * height;
  if (rgba.length !== plane * 4) {
    throw new RangeError(`RGBA buffer has ${rgba.length} bytes, expected ${plane * 4} for ${width}x${height}`);
  }
  const base = batchIndex * 3 * plane;
  if (base + 3 * plane > out.length) {
    throw new RangeError(`batch slot ${batchIndex} does not fit a tensor of ${out.length} values`);
  }
  channelPlans(transform).forEach(({ rgbaIndex, gain, offset }, c) => {
    const channelBase = base + c * plane;
    for (let i = 0; i < plane; i++) out[channelBase + i] = rgba[i * 4 + rgbaIndex]! * gain + offset;
  });
}

/** Packs several same-sized RGBA images into one [N, 3, H, W] tensor, in order. */
export function packBatch(
  images: readonly (Uint8ClampedArray | Uint8Array)[],
  width: number,
  height: number,
  transform: PixelTransform,
): Float32Array {
  const out = new Float32Array(images.length * 3 * width * height);
  images.forEach((rgba, n) => writeNCHW(rgba, width, height, transform, out, n));
  return out;
}
