import { AppError } from '../domain/errors';
import { frameNumberAt } from './frameRate';
import type { CapturedFrame } from './videoFrames';

/**
 * Seeks a paused <video> to `time` and captures the frame it then presents. 'seeked' alone is not
 * enough: Chromium fires it before the new frame reaches the compositor, and a capture at that
 * moment can still hold the previous frame; requestVideoFrameCallback fires once the frame at the
 * new position is presented, and says which one it is (its media time). Rejects with
 * VIDEO_SEEK_MISMATCH when the presented frame is not `frameNumber` (a variable frame rate, a
 * wrong frame rate), and with SUPERSEDED when `signal` aborts.
 */
export async function seekAndCapture(
  video: HTMLVideoElement,
  frameNumber: number,
  time: number,
  fps: number,
  signal: AbortSignal,
): Promise<CapturedFrame> {
  // A seek to the very time the element stands at presents no new frame: seek just beside it.
  const target = Math.abs(video.currentTime - time) < 1e-6 ? time - 0.1 / fps : time;
  let handle = 0;
  let cleanup = () => {};
  const presented = new Promise<VideoFrameCallbackMetadata>((resolve, reject) => {
    const onError = () =>
      reject(new AppError('VIDEO_DECODE_FAILED', `frame ${frameNumber} could not be decoded (${video.error?.message || 'media error'})`));
    const onAbort = () => reject(new AppError('SUPERSEDED', `the capture of frame ${frameNumber} was cancelled`));
    let seeked = false;
    let metadata: VideoFrameCallbackMetadata | undefined;
    const settle = () => {
      if (seeked && metadata) resolve(metadata);
    };
    const onSeeked = () => {
      seeked = true;
      settle();
    };
    handle = video.requestVideoFrameCallback((_now, m) => {
      metadata = m;
      settle();
    });
    video.addEventListener('seeked', onSeeked);
    video.addEventListener('error', onError);
    signal.addEventListener('abort', onAbort);
    cleanup = () => {
      video.cancelVideoFrameCallback(handle);
      video.removeEventListener('seeked', onSeeked);
      video.removeEventListener('error', onError);
      signal.removeEventListener('abort', onAbort);
    };
    if (signal.aborted) onAbort();
  });
  let metadata: VideoFrameCallbackMetadata;
  try {
    video.currentTime = target;
    metadata = await presented;
  } finally {
    cleanup();
  }
  const shown = frameNumberAt(metadata.mediaTime, fps);
  if (shown !== frameNumber) {
    throw new AppError(
      'VIDEO_SEEK_MISMATCH',
      `seeking to frame ${frameNumber} (${target.toFixed(4)} s at ${fps} fps) showed frame ${shown} (media time ${metadata.mediaTime.toFixed(4)} s): ` +
        'the frame rate is not constant or not what was measured',
    );
  }
  const capturedAt = performance.timeOrigin + performance.now();
  // createImageBitmap(video) keeps the pixels on the GPU side; the bitmap is transferred to the worker, not copied.
  const bitmap = await createImageBitmap(video);
  if (signal.aborted) {
    bitmap.close();
    throw new AppError('SUPERSEDED', `the capture of frame ${frameNumber} was cancelled`);
  }
  return { bitmap, capturedAt, frameNumber, mediaTime: metadata.mediaTime };
}
