export interface CapturedFrame {
  bitmap: ImageBitmap;
  capturedAt: number;
  /** Frame number in the source: from media time for files, a count for the webcam. */
  frameNumber: number;
  mediaTime: number;
}

export interface FrameLoopOptions {
  /** Process every n-th presented frame. */
  everyNth(): number;
  frameNumber(metadata: VideoFrameCallbackMetadata): number;
  onFrame(frame: CapturedFrame): void;
  onError(error: unknown): void;
}

/**
 * Calls onFrame for presented frames of a <video> (file or webcam), using requestVideoFrameCallback
 * so each capture is exactly the frame the compositor shows, with its media time.
 * Returns a function that stops the loop.
 */
export function startFrameLoop(video: HTMLVideoElement, options: FrameLoopOptions): () => void {
  let handle = 0;
  let stopped = false;
  let presented = 0;
  const onVideoFrame = (_now: number, metadata: VideoFrameCallbackMetadata) => {
    if (stopped) return;
    handle = video.requestVideoFrameCallback(onVideoFrame);
    if (presented++ % Math.max(1, options.everyNth()) !== 0) return;
    const capturedAt = performance.timeOrigin + performance.now();
    const frameNumber = options.frameNumber(metadata);
    // createImageBitmap(video) keeps the pixels on the GPU side; the bitmap is transferred to the worker, not copied.
    createImageBitmap(video).then(
      (bitmap) => (stopped ? bitmap.close() : options.onFrame({ bitmap, capturedAt, frameNumber, mediaTime: metadata.mediaTime })),
      options.onError,
    );
  };
  handle = video.requestVideoFrameCallback(onVideoFrame);
  return () => {
    stopped = true;
    video.cancelVideoFrameCallback(handle);
  };
}
