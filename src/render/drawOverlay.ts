import type { Detection } from '../domain/box';
import type { CoverageGrid } from '../domain/frame';
import { coverageRgba } from '../pipeline/postprocess/coverageMap';

/**
 * Paints a processed frame and its boxes on the overlay canvas: boxes are in source pixels and
 * are scaled to the canvas here, in one place; the canvas backing store follows devicePixelRatio.
 */
export function drawFrameWithBoxes(
  canvas: HTMLCanvasElement,
  frame: ImageBitmap,
  boxes: readonly Detection[],
  label: string,
  coverage?: CoverageGrid,
): void {
  const dpr = window.devicePixelRatio || 1;
  const cssWidth = canvas.clientWidth || frame.width;
  const cssHeight = canvas.clientHeight || frame.height;
  const width = Math.round(cssWidth * dpr);
  const height = Math.round(cssHeight * dpr);
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.drawImage(frame, 0, 0, width, height);
  const sx = width / frame.width;
  const sy = height / frame.height;
  // Under the boxes: the map they were clustered from.
  if (coverage) drawCoverage(ctx, coverage, sx, sy);
  ctx.lineWidth = 2 * dpr;
  ctx.strokeStyle = '#00e676';
  ctx.fillStyle = '#00e676';
  ctx.font = `${12 * dpr}px system-ui, sans-serif`;
  for (const box of boxes) {
    ctx.strokeRect(box.x1 * sx, box.y1 * sy, (box.x2 - box.x1) * sx, (box.y2 - box.y1) * sy);
    ctx.fillText(box.score.toFixed(2), box.x1 * sx + 2 * dpr, Math.max(12 * dpr, box.y1 * sy - 3 * dpr));
  }
  // The lab's pycaffe loop wrote its timing on the frame; so do we.
  ctx.font = `${14 * dpr}px system-ui, sans-serif`;
  const textWidth = ctx.measureText(label).width;
  ctx.fillStyle = 'rgba(0, 0, 0, 0.6)';
  ctx.fillRect(0, 0, textWidth + 12 * dpr, 22 * dpr);
  ctx.fillStyle = '#fff';
  ctx.fillText(label, 6 * dpr, 16 * dpr);
}

/**
 * The coverage grid as a heat map over its frame: one pixel per cell, scaled up without smoothing so
 * each cell stays a visible block (as DIGITS shows it), placed where the model input lies over the
 * frame (grid.area, frame pixels; the canvas cuts off what lies over letterbox padding).
 */
function drawCoverage(ctx: CanvasRenderingContext2D, grid: CoverageGrid, sx: number, sy: number): void {
  if (grid.columns < 1 || grid.rows < 1) return;
  const cells = new OffscreenCanvas(grid.columns, grid.rows);
  const cellsCtx = cells.getContext('2d');
  if (!cellsCtx) return;
  cellsCtx.putImageData(new ImageData(coverageRgba(grid), grid.columns, grid.rows), 0, 0);
  ctx.save();
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(cells, grid.area.x * sx, grid.area.y * sy, grid.area.width * sx, grid.area.height * sy);
  ctx.restore();
}

/** Empties the overlay so the live video underneath shows (after a seek or a new source). */
export function clearOverlay(canvas: HTMLCanvasElement): void {
  canvas.getContext('2d')?.clearRect(0, 0, canvas.width, canvas.height);
  canvas.removeAttribute('data-frame');
  canvas.removeAttribute('data-coverage-hot');
  canvas.setAttribute('data-detections', '[]');
}
