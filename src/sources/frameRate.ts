/**
 * Frame rate from the media times of consecutive presented frames: the smallest positive step is
 * one frame (larger steps are frames the compositor skipped). Undefined until two frames are seen.
 */
export function frameRateFromMediaTimes(mediaTimes: readonly number[]): number | undefined {
  let step = Infinity;
  for (let i = 1; i < mediaTimes.length; i++) {
    const d = mediaTimes[i]! - mediaTimes[i - 1]!;
    if (d > 1e-4 && d < step) step = d;
  }
  if (!Number.isFinite(step)) return undefined;
  const fps = 1 / step;
  // Round to the nearest common rate (23.976, 29.97, 59.94 stay as they are within 0.5%).
  const nice = [10, 12, 15, 23.976, 24, 25, 29.97, 30, 48, 50, 59.94, 60].find((r) => Math.abs(r - fps) / r < 0.005);
  return nice ?? Math.round(fps * 1000) / 1000;
}

/** The frame number of a presentation time: media times are frame starts, so round, not floor. */
export function frameNumberAt(mediaTime: number, fps: number): number {
  return Math.round(mediaTime * fps);
}

/**
 * The frame a playback position lies in: frame n spans [n/fps, (n+1)/fps). Unlike a frame's own
 * start time (frameNumberAt), a position may be anywhere inside the frame, so floor, with a
 * tolerance for positions stored as n/fps in floating point (0.3 * 10 = 2.9999999999999996).
 */
export function frameAtPosition(seconds: number, fps: number): number {
  return Math.floor(seconds * fps + 1e-6);
}

/** Plays a muted copy of the video for a few frames to learn its frame rate (the element exposes none). */
export async function probeFrameRate(url: string, frames = 4, timeoutMs = 3000): Promise<number | undefined> {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.src = url;
  const times: number[] = [];
  try {
    return await new Promise<number | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(frameRateFromMediaTimes(times)), timeoutMs);
      const onFrame = (_now: number, metadata: VideoFrameCallbackMetadata) => {
        times.push(metadata.mediaTime);
        if (times.length > frames) {
          clearTimeout(timer);
          resolve(frameRateFromMediaTimes(times));
        } else video.requestVideoFrameCallback(onFrame);
      };
      video.requestVideoFrameCallback(onFrame);
      video.addEventListener('error', () => resolve(undefined), { once: true });
      video.play().catch(() => resolve(undefined));
    });
  } finally {
    video.pause();
    video.removeAttribute('src');
    video.load();
  }
}
