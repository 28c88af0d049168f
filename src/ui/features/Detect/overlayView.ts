import { frameLabel, type StreamedFrame } from '../../../app/frameStream';
import type { DetectView } from '../../../app/detectPlatform';
import { clearOverlay, drawFrameWithBoxes } from '../../../render/drawOverlay';
import { hottestCells } from '../../../pipeline/postprocess/coverageMap';

const HOT_CELLS_SHOWN = 32;

/**
 * The overlay canvas as the detect controller sees it: it paints a result over its own frame and
 * says on the element which frame that is and which boxes it shows (data-frame, data-media-time,
 * data-detections in source pixels), the hooks tests and outside checks read.
 */
export function overlayView(video: HTMLVideoElement, overlay: HTMLCanvasElement): DetectView {
  return {
    video,
    paint({ result, entry }: StreamedFrame): void {
      drawFrameWithBoxes(overlay, result.frame, result.detections, frameLabel(entry), result.coverage);
      // The heat map's hottest cells and where they lie, in frame pixels: tests check the canvas there.
      if (result.coverage) overlay.dataset.coverageHot = JSON.stringify(hottestCells(result.coverage, HOT_CELLS_SHOWN));
      else delete overlay.dataset.coverageHot;
      overlay.dataset.frame = String(entry.frameNumber);
      overlay.dataset.mediaTime = String(entry.mediaTime);
      overlay.dataset.detections = JSON.stringify(result.detections.map(({ x1, y1, x2, y2, score }) => ({ x1, y1, x2, y2, score })));
    },
    clear: () => clearOverlay(overlay),
  };
}
