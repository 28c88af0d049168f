import { frameLabel, type StreamedFrame } from '../../../app/frameStream';
import type { DetectView } from '../../../app/detectPlatform';
import { clearOverlay, drawFrameWithBoxes } from '../../../render/drawOverlay';
import { coverageCellArea, coveragePeak } from '../../../pipeline/postprocess/coverageMap';

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
      // The drawn heat map's hottest cell, in frame pixels: tests check the canvas there.
      if (result.coverage) {
        const peak = coveragePeak(result.coverage);
        overlay.dataset.coveragePeak = JSON.stringify({ ...peak, ...coverageCellArea(result.coverage, peak.column, peak.row) });
      } else delete overlay.dataset.coveragePeak;
      overlay.dataset.frame = String(entry.frameNumber);
      overlay.dataset.mediaTime = String(entry.mediaTime);
      overlay.dataset.detections = JSON.stringify(result.detections.map(({ x1, y1, x2, y2, score }) => ({ x1, y1, x2, y2, score })));
    },
    clear: () => clearOverlay(overlay),
  };
}
