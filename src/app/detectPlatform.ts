import { AppError } from '../domain/errors';
import { probeFrameRate } from '../sources/frameRate';
import { seekAndCapture } from '../sources/seekFrames';
import { startFrameLoop, type FrameLoopOptions } from '../sources/videoFrames';
import { closeWebcam, openWebcam } from '../sources/webcam';
import type { StreamedFrame } from './frameStream';

/** What the controller needs of the browser; unit tests pass fakes. */
export interface DetectPlatform {
  probeFrameRate(url: string): Promise<number | undefined>;
  startFrameLoop(video: HTMLVideoElement, options: FrameLoopOptions): () => void;
  seekAndCapture: typeof seekAndCapture;
  openWebcam(): Promise<MediaStream>;
  closeWebcam(stream: MediaStream): void;
  nextAnimationFrame(callback: () => void): void;
  createObjectURL(blob: Blob): string;
  revokeObjectURL(url: string): void;
  createImageBitmap(blob: Blob): Promise<ImageBitmap>;
}

export const BROWSER_PLATFORM: DetectPlatform = {
  probeFrameRate,
  startFrameLoop,
  seekAndCapture,
  openWebcam,
  closeWebcam,
  nextAnimationFrame: (callback) => void requestAnimationFrame(() => callback()),
  createObjectURL: (blob) => URL.createObjectURL(blob),
  revokeObjectURL: (url) => URL.revokeObjectURL(url),
  createImageBitmap: (blob) => createImageBitmap(blob),
};

/** The Detect view's part: the <video> it shows, and the overlay it paints results on (and exposes to tests). */
export interface DetectView {
  video: HTMLVideoElement;
  paint(frame: StreamedFrame): void;
  clear(): void;
}

/** Resolves once the video's duration and size are known. */
export function whenMetadata(video: HTMLVideoElement): Promise<void> {
  if (video.readyState >= 1) return Promise.resolve();
  return new Promise((resolve, reject) => {
    video.addEventListener('loadedmetadata', () => resolve(), { once: true });
    video.addEventListener('error', () => reject(new AppError('VIDEO_DECODE_FAILED', 'the video could not be read')), { once: true });
  });
}
