import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { frameAtPosition, frameNumberAt } from './frameRate';
import { startFrameLoop, type CapturedFrame } from './videoFrames';

const FPS = 10;

/** Just enough of a <video> for the loop: frame callbacks fired by hand, and 'seeked'. */
class FakeVideo extends EventTarget {
  paused = true;
  currentTime = 0;
  readyState = 2;
  private callbacks = new Map<number, (now: number, m: VideoFrameCallbackMetadata) => void>();
  private next = 1;
  requestVideoFrameCallback(callback: (now: number, m: VideoFrameCallbackMetadata) => void): number {
    this.callbacks.set(this.next, callback);
    return this.next++;
  }
  cancelVideoFrameCallback(handle: number): void {
    this.callbacks.delete(handle);
  }
  present(mediaTime: number): void {
    const pending = [...this.callbacks.values()];
    this.callbacks.clear();
    for (const callback of pending) callback(0, { mediaTime, presentedFrames: 0 } as VideoFrameCallbackMetadata);
  }
  /** A seek; `presenting`: the frame callback Chromium gives it, with its time, before 'seeked' (as measured). */
  seek(seconds: number, presenting?: number): void {
    this.dispatchEvent(new Event('seeking'));
    this.currentTime = seconds;
    if (presenting !== undefined) this.present(presenting);
    this.dispatchEvent(new Event('seeked'));
  }
}

describe('startFrameLoop', () => {
  let frames: CapturedFrame[];
  let video: FakeVideo;
  let stop: () => void;

  beforeEach(() => {
    vi.stubGlobal('createImageBitmap', () => Promise.resolve({ close() {} }));
    frames = [];
    video = new FakeVideo();
    stop = startFrameLoop(video as unknown as HTMLVideoElement, {
      everyNth: () => 1,
      frameNumber: (m) => frameNumberAt(m.mediaTime, FPS),
      frameAtPosition: (seconds) => frameAtPosition(seconds, FPS),
      onFrame: (frame) => frames.push(frame),
      onError: (error) => {
        throw error;
      },
    });
  });
  afterEach(() => {
    stop();
    vi.unstubAllGlobals();
  });

  const captured = async () => {
    await Promise.resolve();
    await Promise.resolve();
    return frames.map((f) => f.frameNumber);
  };

  it('captures every presented frame', async () => {
    video.present(0);
    video.present(0.1);
    expect(await captured()).toEqual([0, 1]);
  });

  it('captures a paused seek to the frame already shown, which presents no new frame', async () => {
    // A file that has shown its first frame only, paused and seeked inside that frame.
    video.seek(0.025);
    expect(await captured()).toEqual([0]);
    video.present(0.4);
    video.seek(0.43);
    expect(await captured()).toEqual([0, 4, 4]);
  });

  it("captures the frame on screen again when its only capture started before 'seeking' (the reset drops it)", async () => {
    video.present(0);
    video.currentTime = 0.025;
    video.present(0);
    video.dispatchEvent(new Event('seeking'));
    video.dispatchEvent(new Event('seeked'));
    expect(await captured()).toEqual([0, 0, 0]);
  });

  it('captures the frame on screen once when its frame callback came after the seek began', async () => {
    video.present(0.3);
    video.seek(0.38, 0.3);
    expect(await captured()).toEqual([3, 3]);
  });

  it('leaves a paused seek to another frame to its frame callback (at seeked the old frame may still show)', async () => {
    video.seek(0.525);
    expect(await captured()).toEqual([]);
    video.present(0.5);
    expect(await captured()).toEqual([5]);
  });

  it('does not capture at seeked while playing, nor after it stopped', async () => {
    video.paused = false;
    video.seek(0.025);
    expect(await captured()).toEqual([]);
    video.paused = true;
    stop();
    video.seek(0.025);
    expect(await captured()).toEqual([]);
  });
});
