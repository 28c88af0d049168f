// The numbers the WGSL preprocessing pass needs, computed here as pure functions so they can be
// tested without a GPU: where the frame lands (the same placement the CPU path draws), where
// slot k starts in the batch buffer, and the exact byte layout of the uniform buffer the shader reads.
import type { InputSpec } from '../../domain/manifest';
import { channelPlans } from './normalize';
import { placeFrame, type Placement } from './placement';

/**
 * A frame larger than the GPU's textures (maxTextureDimension2D) is scaled down first, keeping its
 * aspect ratio, to the largest size that fits. Returns the size to decode or resize to.
 */
export function fitWithinTextureLimit(
  width: number,
  height: number,
  maxDimension: number,
): { width: number; height: number; downscaled: boolean } {
  if (width <= maxDimension && height <= maxDimension) return { width, height, downscaled: false };
  const scale = maxDimension / Math.max(width, height);
  return {
    width: Math.min(maxDimension, Math.max(1, Math.floor(width * scale))),
    height: Math.min(maxDimension, Math.max(1, Math.floor(height * scale))),
    downscaled: true,
  };
}

/**
 * Slot k of an [N, 3, H, W] float32 batch buffer, as a storage-buffer binding. Binding offsets
 * must be multiples of the device's minStorageBufferOffsetAlignment (256 on most GPUs), and a
 * slot's start (12 * H * W bytes per slot) often is not: the binding starts at the aligned offset
 * below the slot and the shader skips `firstFloat` floats. Binding only the slot (not the whole
 * batch) keeps each binding within maxStorageBufferBindingSize at large batches.
 */
export interface SlotBinding {
  /** Byte offset of the binding in the batch buffer (aligned). */
  offset: number;
  /** Bytes bound: from offset to the end of the slot. */
  size: number;
  /** Index, in floats from the binding's start, of the slot's first value. */
  firstFloat: number;
}

export function bytesPerSlot(input: Pick<InputSpec, 'shape'>): number {
  const [, c, h, w] = input.shape;
  return c * h * w * 4;
}

export function slotBinding(slot: number, slotBytes: number, offsetAlignment: number): SlotBinding {
  if (!Number.isInteger(slot) || slot < 0) throw new RangeError(`slot must be a whole number >= 0, got ${slot}`);
  const start = slot * slotBytes;
  const offset = Math.floor(start / offsetAlignment) * offsetAlignment;
  return { offset, size: start + slotBytes - offset, firstFloat: (start - offset) / 4 };
}

/** Everything the shader needs for one frame into one slot. */
export interface PreprocessParams {
  /** The texture's size: the frame's, or smaller when it had to be scaled down to fit the GPU's limit. */
  sourceWidth: number;
  sourceHeight: number;
  /** Where the frame is drawn on the model input (model pixels), as placeFrame computes it for the CPU path. */
  placement: Placement;
  inputWidth: number;
  inputHeight: number;
  firstFloat: number;
  /** Value of a padding pixel, 0..255 before normalization (all three channels). */
  padValue: number;
  /** Per model channel: which RGBA component to read, and value = byte * gain + offset. */
  channelSource: [number, number, number];
  gain: [number, number, number];
  offset: [number, number, number];
}

/**
 * The placement comes from the frame's own size (boxes map back to its pixels); the texture may be
 * a scaled-down copy of it, which the shader samples over the same drawn area.
 */
export function preprocessParams(
  texture: { width: number; height: number },
  placement: Placement,
  input: InputSpec,
  firstFloat: number,
): PreprocessParams {
  const [, , inputHeight, inputWidth] = input.shape;
  const plans = channelPlans(input);
  return {
    sourceWidth: texture.width,
    sourceHeight: texture.height,
    placement,
    inputWidth,
    inputHeight,
    firstFloat,
    padValue: input.padValue,
    channelSource: plans.map((p) => p.rgbaIndex) as [number, number, number],
    gain: plans.map((p) => p.gain) as [number, number, number],
    offset: plans.map((p) => p.offset) as [number, number, number],
  };
}

/** Where a frame of this size lands on the model input, as the CPU path draws it. */
export function framePlacement(frameWidth: number, frameHeight: number, input: InputSpec): Placement {
  const [, , inputHeight, inputWidth] = input.shape;
  return placeFrame(frameWidth, frameHeight, inputWidth, inputHeight, input.resize);
}

/**
 * The uniform buffer, byte for byte as WGSL lays out `struct Params` in preprocess.wgsl.ts
 * (vec2 aligned to 8, vec4 to 16; 96 bytes):
 *
 *   0 sourceSize vec2<f32>   8 drawOrigin vec2<f32>   16 drawSize vec2<f32>   24 inputSize vec2<u32>
 *  32 firstFloat u32        36 padValue f32          (40..47 padding)
 *  48 gain vec4<f32>        64 offset vec4<f32>      80 channelSource vec4<u32>
 */
export const PREPROCESS_UNIFORM_BYTES = 96;

export function packPreprocessUniforms(p: PreprocessParams): ArrayBuffer {
  const buffer = new ArrayBuffer(PREPROCESS_UNIFORM_BYTES);
  const f32 = new Float32Array(buffer);
  const u32 = new Uint32Array(buffer);
  f32.set([p.sourceWidth, p.sourceHeight, p.placement.offsetX, p.placement.offsetY, p.placement.width, p.placement.height], 0);
  u32.set([p.inputWidth, p.inputHeight, p.firstFloat], 6);
  f32[9] = p.padValue;
  f32.set(p.gain, 12);
  f32.set(p.offset, 16);
  u32.set(p.channelSource, 20);
  return buffer;
}

/** Workgroups to cover the input (one invocation per model pixel), for a workgroup of size x size. */
export function workgroupCount(inputWidth: number, inputHeight: number, size: number): [number, number] {
  return [Math.ceil(inputWidth / size), Math.ceil(inputHeight / size)];
}

/**
 * Where a 2D canvas samples when it draws an image scaled, per output pixel along one axis, in
 * 1/16 source pixels (value >> 4 = left/top texel, value & 15 = weight of the next one). This is
 * the arithmetic of Skia's raster bilinear that the CPU path's drawImage runs: the inverse scale
 * in float32, the first pixel of each span of `span` pixels mapped through it and truncated to
 * 32.32 fixed point, the following pixels stepped by the inverse scale in 32.32, and the weight
 * cut to 4 bits. Reproducing it (rather than ideal bilinear) is what makes the GPU path's tensor
 * equal the CPU path's, not merely close: points that fall exactly on a 1/16 boundary are common.
 */
export function canvasSamplePositions(sourceSize: number, drawnSize: number, span: number): Int32Array {
  const inverse = Math.fround(1 / Math.fround(drawnSize / sourceSize));
  const half = 1n << 31n;
  const step = BigInt(Math.trunc(inverse * 2 ** 32));
  const out = new Int32Array(drawnSize);
  for (let start = 0; start < drawnSize; start += span) {
    const mapped = Math.fround(Math.fround(start + 0.5) * inverse);
    const first = BigInt(Math.trunc(mapped * 2 ** 32)) - half;
    for (let i = start; i < Math.min(drawnSize, start + span); i++) {
      out[i] = Number((first + BigInt(i - start) * step) >> 28n);
    }
  }
  return out;
}
