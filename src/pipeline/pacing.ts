/**
 * How frames of a source are paced into the inference worker. Two pacings:
 *
 * - live: the source runs in real time (a playing video, the webcam) and inference takes what
 *   it can: a bounded window of frames on the page, the oldest waiting frame dropped when
 *   inference cannot keep up (SendWindow).
 * - every-frame: the source waits for inference (a paused video file seeked frame by frame, like
 *   pycaffe's loop over a file): each planned frame is captured once, in order, never dropped,
 *   with at most `maxInFlight` frames between capture and result so that batches can fill.
 *
 * Pure state, no DOM and no clock: the caller captures, sends and reports back.
 */
import { AppError } from '../domain/errors';
import type { StreamConfig } from '../domain/frame';
import { SendWindow, sendLimitsFor } from './sendWindow';

export type Pacing = 'live' | 'every-frame';

export const PACINGS: readonly Pacing[] = ['live', 'every-frame'];

/**
 * How long a partial batch may wait in every-frame pacing. The page sends as fast as it can seek,
 * and says when the last frame was sent (the worker then runs the partial batch at once), so this
 * only matters when seeking stalls: waiting long is what keeps every batch full.
 */
export const EVERY_FRAME_MAX_WAIT_MS = 10_000;

/** The live pacing's bounded queue: one batch running, one filling, a batch's worth waiting. */
export function livePacing<T>(batchSize: () => number): SendWindow<T> {
  return new SendWindow<T>(() => sendLimitsFor(batchSize()));
}

/** Frames between capture and result in every-frame pacing: one batch running and one filling. */
export function everyFrameInFlight(batchSize: number): number {
  return 2 * batchSize;
}

/**
 * The worker's batching settings for a pacing. Live: a batch of B waits at most about B frame
 * intervals of the source. Every frame: batches wait to be full (the end is flushed), and the
 * worker's queue holds every frame the page may have in flight, so it never drops one.
 */
export function streamConfigFor(pacing: Pacing, batchSize: number, fps: number, options: { coverage?: boolean } = {}): StreamConfig {
  // The coverage grid travels with each result only when the view draws it.
  const coverage = options.coverage ? { coverage: true } : {};
  if (pacing === 'every-frame') {
    const inFlight = everyFrameInFlight(batchSize);
    return { batchSize, maxWaitMs: EVERY_FRAME_MAX_WAIT_MS, maxQueue: inFlight, ...coverage };
  }
  return {
    batchSize,
    maxWaitMs: Math.min(2000, Math.ceil((batchSize * 1000 * 1.5) / fps)),
    maxQueue: Math.max(4, 2 * batchSize),
    ...coverage,
  };
}

/** Frames of a file of `frameCount` frames: from `first` to `last` (inclusive, clamped), every `everyNth`. */
export function everyFramePlan(frameCount: number, range: { first?: number; last?: number; everyNth?: number }): number[] {
  const step = Math.max(1, Math.round(range.everyNth ?? 1));
  const first = Math.max(0, Math.round(range.first ?? 0));
  const last = Math.min(frameCount - 1, Math.round(range.last ?? frameCount - 1));
  const frames: number[] = [];
  for (let n = first; n <= last; n += step) frames.push(n);
  return frames;
}

/**
 * The frames an every-frame run of a file analyses, or why there are none: the frame rate must be
 * known (it numbers the frames) and the range must hold at least one frame of the file.
 */
export function everyFramePlanOf(
  file: { name: string; fps?: number; durationSeconds: number },
  range: { first?: number; last?: number; everyNth?: number },
): number[] {
  if (!file.fps)
    throw new AppError('BAD_REQUEST', `the frame rate of "${file.name}" could not be measured; Every frame needs it to number the frames`);
  const count = frameCountOf(file.durationSeconds, file.fps);
  const frames = everyFramePlan(count, range);
  if (frames.length === 0)
    throw new AppError(
      'BAD_REQUEST',
      `no frames to analyse from ${range.first ?? 0} to ${range.last ?? count - 1}: "${file.name}" has ${count} frames`,
    );
  return frames;
}

/** Frames in a file: its duration over one frame's time (the last frame lasts until the end). */
export function frameCountOf(durationSeconds: number, fps: number): number {
  return Number.isFinite(durationSeconds) && durationSeconds > 0 ? Math.max(1, Math.round(durationSeconds * fps)) : 0;
}

/**
 * Where to seek to show frame n: the middle of its interval [n/fps, (n+1)/fps), so that rounding
 * of either the seek time or the frame's own timestamp cannot land on a neighbour. The presented
 * frame reports its start time, which sources/frameRate's frameNumberAt maps back to n.
 */
export function seekTimeOf(frame: number, fps: number, durationSeconds = Infinity): number {
  const middle = (frame + 0.5) / fps;
  // Never past the end: a seek there shows the last frame, and the frame check names the mismatch.
  return Math.min(middle, durationSeconds - 1e-3 / fps);
}

export type EveryFrameState = 'running' | 'done' | 'cancelled' | 'failed';

/**
 * Every-frame pacing as a state machine. `next()` hands out the planned frames strictly in order,
 * one capture at a time (one video element can seek to one place at a time) and only while fewer
 * than `maxInFlight` frames are between capture and result. A frame counts as in flight from
 * `next()` until `settled()`. Nothing is ever dropped: the run ends when every frame has settled,
 * or when the caller cancels it or fails it.
 */
export class EveryFramePacing {
  private handedOut = 0;
  private capturing: number | undefined;
  private readonly inFlightFrames = new Set<number>();
  private settledCount = 0;
  private current: EveryFrameState;

  constructor(
    readonly frames: readonly number[],
    readonly maxInFlight: number,
  ) {
    if (!Number.isInteger(maxInFlight) || maxInFlight < 1) throw new RangeError(`maxInFlight must be an integer >= 1, got ${maxInFlight}`);
    this.current = frames.length === 0 ? 'done' : 'running';
  }

  get state(): EveryFrameState {
    return this.current;
  }

  get inFlight(): number {
    return this.inFlightFrames.size;
  }

  get progress(): { analysed: number; total: number } {
    return { analysed: this.settledCount, total: this.frames.length };
  }

  /** True once the last planned frame was captured and sent: the worker may run its partial batch. */
  get allSent(): boolean {
    return this.handedOut === this.frames.length && this.capturing === undefined;
  }

  /** The frame to capture now, or undefined: a capture is under way, the window is full, or nothing is left. */
  next(): number | undefined {
    if (this.current !== 'running' || this.capturing !== undefined) return undefined;
    if (this.handedOut >= this.frames.length || this.inFlightFrames.size >= this.maxInFlight) return undefined;
    const frame = this.frames[this.handedOut++]!;
    this.capturing = frame;
    this.inFlightFrames.add(frame);
    return frame;
  }

  /** The capture of `frame` is done and the frame was sent to the worker: the next capture may start. */
  captured(frame: number): void {
    if (this.capturing !== frame) throw new Error(`frame ${frame} was not being captured (capturing: ${this.capturing ?? 'none'})`);
    this.capturing = undefined;
  }

  /** The result of `frame` came back. */
  settled(frame: number): void {
    if (!this.inFlightFrames.delete(frame)) throw new Error(`frame ${frame} was not in flight`);
    if (this.capturing === frame) this.capturing = undefined;
    this.settledCount++;
    if (this.current === 'running' && this.settledCount === this.frames.length) this.current = 'done';
  }

  /** The user stopped the run: nothing more is handed out. */
  cancel(): void {
    if (this.current === 'running') this.current = 'cancelled';
  }

  /** A frame could not be captured or analysed: the run stops (every frame or none is the promise). */
  fail(): void {
    if (this.current === 'running') this.current = 'failed';
  }
}
