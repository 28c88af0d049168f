/**
 * "Every frame" of a file through the frame stream: the pacing state machine says which frame to
 * capture next, the capture seeks the paused file, the stream sends it; the run ends when every
 * frame is back, on cancel, or at the first failure (named with its frame). Nothing is dropped:
 * a frame the worker drops is a failure here, not a skip.
 */
import { AppError } from '../domain/errors';
import { EveryFramePacing, type EveryFrameState } from '../pipeline/pacing';
import type { CapturedFrame } from '../sources/videoFrames';

/** How one sent frame ended: its result, a reply of a timeline that was reset since, or an error. */
export type SendOutcome<Frame = unknown> = { kind: 'result'; frame: Frame } | { kind: 'stale' } | { kind: 'failed'; error: AppError };

export function asAppError(error: unknown): AppError {
  return error instanceof AppError ? error : new AppError('INTERNAL', error instanceof Error ? error.message : String(error));
}

export interface EveryFrameRequest {
  frames: readonly number[];
  maxInFlight: number;
  /** Seeks the file to `frame` and captures it; rejects with SUPERSEDED once `signal` aborts. */
  capture(frame: number, signal: AbortSignal): Promise<CapturedFrame>;
  onProgress?(progress: { analysed: number; total: number }): void;
}

export interface EveryFrameOutcome {
  state: Exclude<EveryFrameState, 'running'>;
  analysed: number;
  total: number;
  error?: AppError;
}

export interface EveryFrameRun {
  /** Resolves once nothing of the run is left: every capture and request has settled. */
  done: Promise<EveryFrameOutcome>;
  cancel(): void;
}

/** What a run needs of the frame stream. */
export interface EveryFrameStream {
  send(frame: CapturedFrame): Promise<SendOutcome>;
  /** discard false: the last frame was sent, run the partial batch; true: drop what waits. */
  endStream(discard: boolean): void;
  /** The stream's current timeline: a reset starts a new one, and replies of the old one come back stale. */
  readonly epoch: number;
  reset(): void;
}

/** Starts the run; `onOver` is called once it is over for everyone else (cancelled, failed, or done). */
export function startEveryFrameRun(stream: EveryFrameStream, request: EveryFrameRequest, onOver: () => void): EveryFrameRun {
  const pacing = new EveryFramePacing(request.frames, request.maxInFlight);
  const abort = new AbortController();
  const myEpoch = stream.epoch;
  let outstanding = 0;
  let error: AppError | undefined;
  let finish: (outcome: EveryFrameOutcome) => void = () => {};
  const done = new Promise<EveryFrameOutcome>((resolve) => (finish = resolve));

  const stop = (state: 'cancelled' | 'failed', cause?: AppError) => {
    if (pacing.state !== 'running') return;
    if (state === 'failed') {
      error = cause;
      pacing.fail();
    } else pacing.cancel();
    // The run is over for everyone else at once; its own replies still settle (and are not shown).
    onOver();
    abort.abort();
    // Frames waiting in the worker for a fuller batch fail at once instead of running for nobody.
    stream.endStream(true);
    if (stream.epoch === myEpoch) stream.reset();
  };
  const settleIfIdle = () => {
    if (pacing.state === 'running' || outstanding > 0) return;
    onOver();
    finish({ state: pacing.state as EveryFrameOutcome['state'], ...pacing.progress, error });
  };
  const sendCaptured = (frameNumber: number, frame: CapturedFrame) => {
    pacing.captured(frameNumber);
    outstanding++;
    void stream.send(frame).then((outcome) => {
      outstanding--;
      if (outcome.kind === 'result') {
        pacing.settled(frameNumber);
        request.onProgress?.(pacing.progress);
      } else if (outcome.kind === 'failed') {
        stop('failed', new AppError(outcome.error.code, `frame ${frameNumber} was not analysed: ${outcome.error.message}`));
      } else stop('cancelled'); // its timeline was reset: a seek, a new source
      pump();
    });
    // The last frame is on its way: the worker runs its partial batch now rather than after maxWaitMs.
    if (pacing.allSent) stream.endStream(false);
  };
  const pump = (): void => {
    const frameNumber = pacing.next();
    if (frameNumber === undefined) return settleIfIdle();
    outstanding++;
    request.capture(frameNumber, abort.signal).then(
      (frame) => {
        outstanding--;
        if (pacing.state !== 'running') {
          frame.bitmap.close();
          return settleIfIdle();
        }
        sendCaptured(frameNumber, frame);
        pump();
      },
      (failure: unknown) => {
        outstanding--;
        const cause = asAppError(failure);
        if (cause.code === 'SUPERSEDED') stop('cancelled');
        else stop('failed', new AppError(cause.code, `frame ${frameNumber} could not be captured: ${cause.message}`));
        settleIfIdle();
      },
    );
  };
  pump();
  return { done, cancel: () => stop('cancelled') };
}
