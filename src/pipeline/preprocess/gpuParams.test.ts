import { describe, expect, it } from 'vitest';
import type { InputSpec } from '../../domain/manifest';
import {
  bytesPerSlot,
  canvasSamplePositions,
  fitWithinTextureLimit,
  framePlacement,
  packPreprocessUniforms,
  PREPROCESS_UNIFORM_BYTES,
  preprocessParams,
  slotBinding,
  workgroupCount,
} from './gpuParams';
import { INPUT_SPECS } from './testing/inputSpecs';

const { googlenet: GOOGLENET, yolox: YOLOX } = INPUT_SPECS;

describe('fitWithinTextureLimit', () => {
  it('keeps a frame that fits', () => {
    expect(fitWithinTextureLimit(1920, 1080, 8192)).toEqual({ width: 1920, height: 1080, downscaled: false });
    expect(fitWithinTextureLimit(8192, 8192, 8192)).toEqual({ width: 8192, height: 8192, downscaled: false });
  });

  it('scales a wider or taller frame down to the limit, keeping its aspect ratio', () => {
    expect(fitWithinTextureLimit(12000, 3000, 8192)).toEqual({ width: 8192, height: 2048, downscaled: true });
    expect(fitWithinTextureLimit(300, 9000, 4096)).toEqual({ width: 136, height: 4096, downscaled: true });
  });
});

describe('slotBinding', () => {
  it('binds slot k at k slots in when that is aligned (GoogLeNet: 602112 bytes per slot = 2352 x 256)', () => {
    const bytes = bytesPerSlot(GOOGLENET);
    expect(bytes).toBe(3 * 224 * 224 * 4);
    expect(slotBinding(3, bytes, 256)).toEqual({ offset: 3 * bytes, size: bytes, firstFloat: 0 });
  });

  it('starts at the aligned offset below an unaligned slot and skips to it in the shader (227x227)', () => {
    const bytes = 3 * 227 * 227 * 4; // 618348, not a multiple of 256
    expect(slotBinding(0, bytes, 256)).toEqual({ offset: 0, size: bytes, firstFloat: 0 });
    const one = slotBinding(1, bytes, 256);
    expect(one.offset % 256).toBe(0);
    expect(one.offset).toBe(618240);
    expect(one.offset + one.firstFloat * 4).toBe(bytes); // the slot's first value
    expect(one.offset + one.size).toBe(2 * bytes); // ends where the slot ends
  });

  it('refuses a negative or fractional slot', () => {
    expect(() => slotBinding(-1, 1024, 256)).toThrow(/slot/);
    expect(() => slotBinding(1.5, 1024, 256)).toThrow(/slot/);
  });
});

describe('preprocess parameters', () => {
  it('letterboxes a 768x576 frame onto YOLOX 416x416 top-left, as the CPU path draws it', () => {
    const p = framePlacement(768, 576, YOLOX);
    expect([p.offsetX, p.offsetY, p.width, p.height]).toEqual([0, 0, 416, 312]);
  });

  it('packs the uniform buffer in the WGSL struct layout (GoogLeNet: BGR, Caffe mean)', () => {
    const placement = framePlacement(640, 480, GOOGLENET);
    const params = preprocessParams({ width: 640, height: 480 }, placement, GOOGLENET, 27);
    const buffer = packPreprocessUniforms(params);
    expect(buffer.byteLength).toBe(PREPROCESS_UNIFORM_BYTES);
    const f32 = new Float32Array(buffer);
    const u32 = new Uint32Array(buffer);
    expect(Array.from(f32.slice(0, 6))).toEqual([640, 480, 0, 0, 224, 224]); // sourceSize, drawOrigin, drawSize
    expect(Array.from(u32.slice(6, 9))).toEqual([224, 224, 27]); // inputSize, firstFloat
    expect(f32[9]).toBe(114); // padValue: the manifest default (a stretched frame never shows it)
    expect(Array.from(f32.slice(12, 15))).toEqual([1, 1, 1]); // gain = pixelScale / std
    expect(Array.from(f32.slice(16, 19))).toEqual([-104, -117, -123]); // offset = -mean / std
    expect(Array.from(u32.slice(20, 23))).toEqual([2, 1, 0]); // model channel 0 reads B
  });

  it('samples a scaled-down texture over the frame’s own placement, with the pad value and torchvision-style scaling', () => {
    const input: InputSpec = {
      ...YOLOX,
      channelOrder: 'RGB',
      pixelScale: 1 / 255,
      mean: [0.485, 0.456, 0.406],
      std: [0.229, 0.224, 0.225],
    };
    const placement = framePlacement(9000, 3000, input);
    const params = preprocessParams({ width: 8192, height: 2730 }, placement, input, 0);
    expect([params.sourceWidth, params.sourceHeight]).toEqual([8192, 2730]);
    expect([params.placement.width, params.placement.height]).toEqual([416, 139]);
    expect(params.padValue).toBe(114);
    expect(params.channelSource).toEqual([0, 1, 2]);
    expect(params.gain[0]).toBeCloseTo(1 / 255 / 0.229, 12);
    expect(params.offset[2]).toBeCloseTo(-0.406 / 0.225, 12);
  });

  it('covers the input with 16x16 workgroups', () => {
    expect(workgroupCount(224, 224, 16)).toEqual([14, 14]);
    expect(workgroupCount(1024, 512, 16)).toEqual([64, 32]);
    expect(workgroupCount(227, 227, 16)).toEqual([15, 15]);
  });
});

describe('canvasSamplePositions (Skia raster bilinear, in 1/16 source pixels)', () => {
  it('maps every pixel onto itself at scale 1', () => {
    expect(Array.from(canvasSamplePositions(5, 5, 127))).toEqual([0, 16, 32, 48, 64]);
  });

  it('places the sample points of a 2x enlargement between texel centres (the first one left of texel 0, clamped later)', () => {
    expect(Array.from(canvasSamplePositions(2, 4, 127))).toEqual([-4, 4, 12, 20]);
  });

  it('cuts a point that falls exactly on a 1/16 boundary the way the canvas does (500 -> 416, pixel 6)', () => {
    // Ideal: (6.5 * 500 / 416 - 0.5) * 16 = 117 exactly; the float32 inverse scale is a hair low, so the canvas uses 116.
    expect(canvasSamplePositions(500, 416, 127)[6]).toBe(116);
  });

  it('maps the first pixel of each span afresh instead of stepping on (500 -> 300, pixel 127)', () => {
    expect(canvasSamplePositions(500, 300, 127)[127]).toBe(3392);
    expect(canvasSamplePositions(500, 300, 1e9)[127]).toBe(3391);
  });
});
