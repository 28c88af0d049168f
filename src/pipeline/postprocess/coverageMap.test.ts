import { describe, expect, it } from 'vitest';
import type { ModelManifest } from '../../domain/manifest';
import { placeFrame } from '../preprocess/placement';
import {
  COVERAGE_MAX_ALPHA,
  coverageCellArea,
  coverageColor,
  coverageGridsForBatch,
  coverageRgba,
  hasCoverageOutput,
  hottestCells,
} from './coverageMap';

describe('coverageColor', () => {
  it('is transparent at 0, blue-cyan-yellow-red in between, red at 1 with the most opacity', () => {
    expect(coverageColor(0)).toEqual([0, 0, 255, 0]);
    expect(coverageColor(1 / 3)).toEqual([0, 255, 255, Math.round((255 * COVERAGE_MAX_ALPHA) / 3)]);
    expect(coverageColor(2 / 3)).toEqual([255, 255, 0, Math.round((255 * COVERAGE_MAX_ALPHA * 2) / 3)]);
    expect(coverageColor(1)).toEqual([255, 0, 0, Math.round(255 * COVERAGE_MAX_ALPHA)]);
    // Halfway between cyan and yellow (rounded either way by a hair of floating point).
    const half = coverageColor(0.5);
    expect(half.slice(0, 2)).toEqual([128, 255]);
    expect(half[2]).toBeGreaterThanOrEqual(127);
    expect(half[2]).toBeLessThanOrEqual(128);
    expect(half[3]).toBe(Math.round(255 * COVERAGE_MAX_ALPHA * 0.5));
  });

  it('grows more opaque and hotter (more red, less blue) with the value', () => {
    let previous = coverageColor(0);
    for (let v = 0.05; v <= 1.0001; v += 0.05) {
      const c = coverageColor(v);
      expect(c[3]).toBeGreaterThanOrEqual(previous[3]);
      expect(c[0] - c[2]).toBeGreaterThanOrEqual(previous[0] - previous[2]);
      previous = c;
    }
  });

  it('clamps values outside 0..1 and treats NaN as no coverage', () => {
    expect(coverageColor(-2)).toEqual(coverageColor(0));
    expect(coverageColor(7)).toEqual(coverageColor(1));
    expect(coverageColor(Number.NaN)).toEqual(coverageColor(0));
  });
});

describe('coverageRgba', () => {
  it('writes one RGBA pixel per cell, row-major', () => {
    const rgba = coverageRgba({ columns: 2, rows: 2, values: Float32Array.of(0, 1, 0.5, 0) });
    expect([...rgba.subarray(4, 8)]).toEqual(coverageColor(1));
    expect([...rgba.subarray(8, 12)]).toEqual(coverageColor(0.5));
    expect(rgba.length).toBe(16);
  });

  it('refuses a grid whose values do not match its size', () => {
    expect(() => coverageRgba({ columns: 3, rows: 2, values: new Float32Array(5) })).toThrow('expected 3x2 = 6');
  });
});

const detectnet = {
  id: 'd',
  name: 'DetectNet',
  task: 'detectnet',
  weights: 'synthetic',
  model: 'model.onnx',
  input: { name: 'data', shape: [-1, 3, 512, 1024] },
  outputs: [
    { name: 'coverage', kind: 'coverage' },
    { name: 'bboxes', kind: 'bboxes' },
  ],
} as unknown as ModelManifest;

describe('coverageGridsForBatch', () => {
  it("copies each frame's grid into its own buffer and places it over a stretched frame exactly", () => {
    const data = new Float32Array(2 * 2 * 4).map((_, i) => i / 16);
    const frame = { placement: placeFrame(768, 576, 1024, 512, 'stretch'), sourceWidth: 768, sourceHeight: 576 };
    const grids = coverageGridsForBatch(detectnet, { coverage: { data, dims: [2, 1, 2, 4] } }, [frame, frame])!;
    expect(grids).toHaveLength(2);
    expect([...grids[1]!.values]).toEqual([...data.subarray(8, 16)]);
    expect(grids[1]!.values.buffer).not.toBe(data.buffer);
    expect(grids[0]!.values.byteOffset).toBe(0);
    expect(grids[0]).toMatchObject({ columns: 4, rows: 2 });
    const area = grids[0]!.area;
    expect([area.x, area.y]).toEqual([0, 0]);
    expect(area.width).toBeCloseTo(768, 9);
    expect(area.height).toBeCloseTo(576, 9);
    // The last cell ends at the frame's far corner; cell (1, 0) covers the second quarter of the top half.
    expect(coverageCellArea(grids[0]!, 3, 1).x2).toBeCloseTo(768, 9);
    const cell = coverageCellArea(grids[0]!, 1, 0);
    expect([cell.x1, cell.y1, cell.x2, cell.y2].map((v) => Math.round(v))).toEqual([192, 0, 384, 288]);
  });

  it('over a letterboxed frame the grid reaches past the frame where the input was padded', () => {
    const letterboxed = { ...detectnet, input: { ...detectnet.input, shape: [-1, 3, 416, 416] } } as ModelManifest;
    const frame = { placement: placeFrame(768, 576, 416, 416, 'letterbox'), sourceWidth: 768, sourceHeight: 576 };
    const [grid] = coverageGridsForBatch(letterboxed, { coverage: { data: new Float32Array(26 * 26), dims: [1, 1, 26, 26] } }, [frame])!;
    // One scale (416/768): the input's 416 px are 768 source px across and down, 192 px below the frame.
    expect(grid!.area.width).toBeCloseTo(768, 9);
    expect(grid!.area.height).toBeCloseTo(768, 9);
  });

  it('takes class 0 of a multi-class map', () => {
    const data = Float32Array.of(1, 2, 3, 4, 5, 6, 7, 8); // [1 frame, 2 classes, 1 row, 4 columns]
    const frame = { placement: placeFrame(4, 1, 1024, 512, 'stretch'), sourceWidth: 4, sourceHeight: 1 };
    expect([...coverageGridsForBatch(detectnet, { coverage: { data, dims: [1, 2, 1, 4] } }, [frame])![0]!.values]).toEqual([1, 2, 3, 4]);
  });

  it('is undefined for a model without a coverage output', () => {
    const yolox = { ...detectnet, task: 'yolox', outputs: [{ name: 'output', kind: 'detections' }] } as ModelManifest;
    expect(hasCoverageOutput(yolox)).toBe(false);
    expect(coverageGridsForBatch(yolox, {}, [])).toBeUndefined();
  });
});

describe('hottestCells', () => {
  it('lists the hottest cells first, ties in row-major order, each with its place over the frame', () => {
    const grid = { columns: 3, rows: 2, values: Float32Array.of(0.1, 0.9, 0.2, 0.3, 0.9, 0), area: { x: 0, y: 0, width: 30, height: 20 } };
    expect(hottestCells(grid, 3).map((c) => [c.column, c.row])).toEqual([
      [1, 0],
      [1, 1],
      [0, 1],
    ]);
    expect(hottestCells(grid, 1)[0]).toEqual({ column: 1, row: 0, value: Math.fround(0.9), x1: 10, y1: 0, x2: 20, y2: 10 });
    expect(hottestCells(grid, 10)).toHaveLength(6);
  });
});
