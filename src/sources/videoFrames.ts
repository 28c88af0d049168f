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
  /** Files: the frame a playback position lies in (frameAtPosition). With it, a paused seek to the frame already shown is captured too. */
  frameAtPosition?(seconds: number): number;
  onFrame(frame: CapturedFrame): void;
  onError(error: unknown): void;
}

/** HTMLMediaElement.HAVE_CURRENT_DATA, spelled out so that the loop runs where that global does not (unit tests). */
const HAVE_CURRENT_DATA = 2;

/**
 * Calls onFrame for presented frames of a <video> (file or webcam), using requestVideoFrameCallback
 * so each capture is exactly the frame the compositor shows, with its media time.
 * Returns a function that stops the loop.
 */
export function startFrameLoop(video: HTMLVideoElement, options: FrameLoopOptions): () => void {
  let handle = 0;
  let stopped = false;
  let presented = 0;
  // A paused seek must end with the frame on screen captured after the seek's reset ('seeking').
  // A seek to the very time the video stands at presents no frame, so no callback comes (measured,
  // Chromium 156); and under load a file paused and seeked inside its first frame right after it
  // was opened ended with no frame analysed. So at 'seeked' the frame on screen is captured unless
  // a capture of it started since 'seeking'. Not any other frame: at 'seeked' Chromium may still
  // show the previous one, and the new frame's callback follows (in either order with 'seeked').
  let shownFrame = options.frameAtPosition && video.readyState >= HAVE_CURRENT_DATA ? options.frameAtPosition(video.currentTime) : 0;
  let capturedSinceSeek: number | undefined;
  const capture = (frameNumber: number, mediaTime: number) => {
    capturedSinceSeek = frameNumber;
    const capturedAt = performance.timeOrigin + performance.now();
    // createImageBitmap(video) keeps the pixels on the GPU side; the bitmap is transferred to the worker, not copied.
    createImageBitmap(video).then(
      (bitmap) => (stopped ? bitmap.close() : options.onFrame({ bitmap, capturedAt, frameNumber, mediaTime })),
      options.onError,
    );
  };
  const onVideoFrame = (_now: number, metadata: VideoFrameCallbackMetadata) => {
    if (stopped) return;
    handle = video.requestVideoFrameCallback(onVideoFrame);
    const frameNumber = options.frameNumber(metadata);
    shownFrame = frameNumber;
    if (presented++ % Math.max(1, options.everyNth()) !== 0) return;
    capture(frameNumber, metadata.mediaTime);
  };
  const onSeeking = () => {
    capturedSinceSeek = undefined;
  };
  const onSeeked = () => {
    if (stopped || !video.paused || !options.frameAtPosition) return;
    const frameNumber = options.frameAtPosition(video.currentTime);
    if (frameNumber === shownFrame && capturedSinceSeek !== frameNumber) capture(frameNumber, video.currentTime);
  };
  handle = video.requestVideoFrameCallback(onVideoFrame);
  video.addEventListener('seeking', onSeeking);
  video.addEventListener('seeked', onSeeked);
  return () => {
    stopped = true;
    video.cancelVideoFrameCallback(handle);
    video.removeEventListener('seeking', onSeeking);
    video.removeEventListener('seeked', onSeeked);
  };
}
