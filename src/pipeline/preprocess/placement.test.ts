import { describe, expect, it } from 'vitest';
import { placeFrame, toSourcePixels } from './placement';

describe('placeFrame', () => {
  it('stretches a 768x576 frame onto DetectNet 1024x512 with separate scales', () => {
    const p = placeFrame(768, 576, 1024, 512, 'stretch');
    expect(p).toEqual({ scaleX: 1024 / 768, scaleY: 512 / 576, offsetX: 0, offsetY: 0, width: 1024, height: 512 });
  });

  it('letterboxes a 768x576 frame onto 416x416 top-left with one scale', () => {
    const p = placeFrame(768, 576, 416, 416, 'letterbox');
    // r = min(416/576, 416/768) = 0.541666...; drawn 416 x 312, padded below
    expect(p.scaleX).toBeCloseTo(416 / 768, 12);
    expect(p.scaleY).toBe(p.scaleX);
    expect([p.width, p.height, p.offsetX, p.offsetY]).toEqual([416, 312, 0, 0]);
  });
});

describe('toSourcePixels', () => {
  it('inverts the placement and keeps other fields', () => {
    const p = placeFrame(768, 576, 416, 416, 'letterbox');
    const box = toSourcePixels({ x1: 104, y1: 52, x2: 208, y2: 156, score: 0.9 }, p, 768, 576);
    expect(box.x1).toBeCloseTo(192, 9);
    expect(box.y1).toBeCloseTo(96, 9);
    expect(box.x2).toBeCloseTo(384, 9);
    expect(box.y2).toBeCloseTo(288, 9);
    expect(box.score).toBe(0.9);
  });

  it('clips boxes that reach into the padding or past the frame', () => {
    const p = placeFrame(768, 576, 416, 416, 'letterbox');
    const box = toSourcePixels({ x1: -10, y1: 300, x2: 500, y2: 416 }, p, 768, 576);
    expect([box.x1, box.x2, box.y2]).toEqual([0, 768, 576]);
  });
});
