/**
 * DetectNet's coverage map as a heat map over its frame (DIGITS shows it in "Test One"): the grid
 * taken from the model's output, each value's colour and opacity, and where each cell lies over the
 * frame. Pure: the canvas drawing (render/) only paints what these functions say.
 */
import type { CoverageGrid } from '../../domain/frame';
import type { ModelManifest } from '../../domain/manifest';
import type { OutputTensor } from '../../domain/tensor';
import { modelInputInSource } from '../preprocess/placement';
import type { FrameGeometry } from './detections';

export type Rgba = [r: number, g: number, b: number, a: number];

/** Colour stops of the scale, from no coverage (blue) to full coverage (red), as matplotlib's "jet" that DIGITS uses. */
export const COVERAGE_STOPS: readonly { value: number; rgb: [number, number, number] }[] = [
  { value: 0, rgb: [0, 0, 255] },
  { value: 1 / 3, rgb: [0, 255, 255] },
  { value: 2 / 3, rgb: [255, 255, 0] },
  { value: 1, rgb: [255, 0, 0] },
];

/** Opacity at coverage 1; it falls linearly to 0 at coverage 0, so the frame shows through where the model sees nothing. */
export const COVERAGE_MAX_ALPHA = 0.8;

/** The labelled ticks of the scale legend. */
export const COVERAGE_TICKS: readonly number[] = [0, 0.25, 0.5, 0.75, 1];

/** A coverage value (clamped to 0..1; NaN is no coverage) as RGBA bytes, alpha growing with the value. */
export function coverageColor(value: number): Rgba {
  const v = Number.isNaN(value) ? 0 : Math.min(1, Math.max(0, value));
  let i = 1;
  while (i < COVERAGE_STOPS.length - 1 && v > COVERAGE_STOPS[i]!.value) i++;
  const lo = COVERAGE_STOPS[i - 1]!;
  const hi = COVERAGE_STOPS[i]!;
  const t = (v - lo.value) / (hi.value - lo.value);
  const mix = (k: number) => Math.round(lo.rgb[k]! + (hi.rgb[k]! - lo.rgb[k]!) * t);
  return [mix(0), mix(1), mix(2), Math.round(255 * COVERAGE_MAX_ALPHA * v)];
}

/** The grid as an RGBA image of columns x rows pixels, one per cell (drawn scaled up over the frame). */
export function coverageRgba(grid: Pick<CoverageGrid, 'columns' | 'rows' | 'values'>): Uint8ClampedArray<ArrayBuffer> {
  const cells = grid.columns * grid.rows;
  if (grid.values.length !== cells)
    throw new RangeError(`coverage grid has ${grid.values.length} values, expected ${grid.columns}x${grid.rows} = ${cells}`);
  const out = new Uint8ClampedArray(cells * 4);
  for (let i = 0; i < cells; i++) out.set(coverageColor(grid.values[i]!), i * 4);
  return out;
}

/** Where one cell lies over the frame, in the frame's own pixels. */
export function coverageCellArea(grid: CoverageGrid, column: number, row: number): { x1: number; y1: number; x2: number; y2: number } {
  const w = grid.area.width / grid.columns;
  const h = grid.area.height / grid.rows;
  return { x1: grid.area.x + column * w, y1: grid.area.y + row * h, x2: grid.area.x + (column + 1) * w, y2: grid.area.y + (row + 1) * h };
}

/** The `count` cells with the highest coverage, hottest first (ties in row-major order), with where each lies over the frame. */
export function hottestCells(
  grid: CoverageGrid,
  count: number,
): { column: number; row: number; value: number; x1: number; y1: number; x2: number; y2: number }[] {
  const order = Array.from(grid.values.keys()).sort((a, b) => grid.values[b]! - grid.values[a]! || a - b);
  return order.slice(0, Math.max(0, count)).map((i) => {
    const column = i % grid.columns;
    const row = Math.floor(i / grid.columns);
    return { column, row, value: grid.values[i]!, ...coverageCellArea(grid, column, row) };
  });
}

/** True when the model has a coverage map to show (DetectNet-style models). */
export function hasCoverageOutput(manifest: Pick<ModelManifest, 'task' | 'outputs'>): boolean {
  return manifest.task === 'detectnet' && manifest.outputs.some((o) => o.kind === 'coverage');
}

/**
 * Each frame's coverage map (class 0) out of a batch's [N, C, H, W] coverage output, copied into
 * its own buffer (so it can be transferred to the page), with where it lies over its frame.
 * Undefined for models without a coverage output.
 */
export function coverageGridsForBatch(
  manifest: ModelManifest,
  outputs: Record<string, OutputTensor>,
  frames: readonly FrameGeometry[],
): CoverageGrid[] | undefined {
  if (!hasCoverageOutput(manifest)) return undefined;
  const spec = manifest.outputs.find((o) => o.kind === 'coverage')!;
  const tensor = outputs[spec.name];
  if (!tensor) return undefined;
  const [, channels = 1, rows = 0, columns = 0] = tensor.dims;
  const cells = rows * columns;
  const [, , inputHeight, inputWidth] = manifest.input.shape;
  return frames.map((frame, n) => ({
    columns,
    rows,
    values: tensor.data.slice(n * channels * cells, n * channels * cells + cells),
    area: modelInputInSource(frame.placement, inputWidth, inputHeight),
  }));
}
