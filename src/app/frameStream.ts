/**
 * The page side of the frame path, used by the Detect view and by the video benchmark alike:
 * frames (paced live by a send window, or every frame of a file by EveryFramePacing) become the
 * worker's 'detect' requests; replies are matched to their frames by request id; each result is
 * reported once; the newest result is drawn once per animation frame over its own pixels; results
 * of a superseded timeline (a seek, a new source, a cancelled run) are closed unseen.
 *
 * No DOM here: the worker, the animation-frame scheduler, the drawing and the capture of a frame
 * are passed in, so the whole flow runs in unit tests with fakes.
 */
import type { RequestOptions } from '../bridge/client';
import type { WorkerApi } from '../bridge/protocol';
import { epochNow } from '../domain/clock';
import { inferenceMsPerFrame, type FrameResult } from '../domain/frame';
import { livePacing } from '../pipeline/pacing';
import type { CapturedFrame } from '../sources/videoFrames';
import { asAppError, startEveryFrameRun, type EveryFrameRequest, type EveryFrameRun, type SendOutcome } from './everyFrameRun';
import type { FrameLogEntry } from './store';

type StreamRequest = 'detect' | 'stream' | 'endStream' | 'cluster';

/** The part of the worker client a frame stream uses; a fake one stands in for it in unit tests. */
export interface FrameWorker {
  request<K extends StreamRequest>(type: K, payload: WorkerApi[K]['request'], options?: RequestOptions): Promise<WorkerApi[K]['result']>;
}

/** One result as the page received it. `result.frame` (the bitmap) belongs to the stream: use it only inside `draw`. */
export interface StreamedFrame {
  result: FrameResult;
  entry: FrameLogEntry;
  /** Epoch ms when the reply reached the page. */
  arrivedAt: number;
}

export interface FrameStreamCounters {
  /** Frames handed to the stream (live offers and every-frame sends): each ends as exactly one of
   * completed, droppedAtPage, cleared or failed, once nothing is in flight or waiting. */
  captured: number;
  /** 'detect' requests sent. */
  sent: number;
  /** Replies with a result (of any timeline). */
  completed: number;
  /** Live frames closed on the page because newer ones were waiting (the send window). */
  droppedAtPage: number;
  /** Waiting live frames closed unsent by a reset (a seek, a loop of the video, a new source). */
  cleared: number;
  /** Replies that were errors; droppedInWorker of them were the batcher's drops (FRAME_DROPPED). */
  failed: number;
  droppedInWorker: number;
  drawn: number;
  /** Results never drawn: a newer one arrived before the next animation frame. */
  superseded: number;
}

export interface FrameStreamOptions {
  worker(): FrameWorker;
  /** The batch size the live send window follows. */
  batchSize(): number;
  /** requestAnimationFrame in the page. */
  nextAnimationFrame(callback: () => void): void;
  /** Paints a result over its own frame; the stream closes the bitmap right after. */
  draw(frame: StreamedFrame): void;
  /** Every result of the current timeline, in arrival order, drawn or not. Keep no reference to its bitmap. */
  onResult?(frame: StreamedFrame): void;
  /** Failures that are not skipped frames (see SKIPPED). */
  onError(error: unknown): void;
  now?: () => number;
}

/** Live frames that did not run for a reason that is not a failure: dropped, superseded, or sent while a model was loading. */
// A frame lost to a worker crash is skipped too: the app restarts the worker and reloads the model by itself.
const SKIPPED = new Set(['FRAME_DROPPED', 'SUPERSEDED', 'NO_SESSION', 'WORKER_CRASHED']);

/** What the frame log and the overlay say about one result. */
export function toFrameLogEntry(result: FrameResult, source: Omit<CapturedFrame, 'bitmap'>, arrivedAt: number): FrameLogEntry {
  return {
    frameId: result.frameId,
    frameNumber: source.frameNumber,
    mediaTime: source.mediaTime,
    boxes: result.detections.length,
    batchSize: result.batchSize,
    inferenceMsPerFrame: inferenceMsPerFrame(result),
    // The frame reaches the canvas within one animation frame of its result; that instant counts as drawn.
    latencyMs: arrivedAt - result.timestamps.captured,
    detections: result.detections,
  };
}

/** The text drawn on a frame, as the lab's pycaffe loop wrote its timing on each frame. */
export function frameLabel(entry: FrameLogEntry): string {
  return `Frame ${entry.frameNumber} · inference ${entry.inferenceMsPerFrame.toFixed(1)} ms per frame (batch ${entry.batchSize})`;
}

export function createFrameStream(options: FrameStreamOptions) {
  const now = options.now ?? epochNow;
  // Frames wait here, not in the worker's message queue, so the oldest can be dropped (pipeline/sendWindow).
  const live = livePacing<CapturedFrame>(options.batchSize);
  let nextFrameId = 1;
  // Bumped by every reset: a reply carries the epoch its frame was sent in, and an old one is not shown.
  let epoch = 0;
  let lastDrawnId = 0;
  let pendingDraw: StreamedFrame | undefined;
  let inFlight = 0;
  let idleWaiters: (() => void)[] = [];
  let run: EveryFrameRun | undefined;
  const counters: FrameStreamCounters = {
    captured: 0,
    sent: 0,
    completed: 0,
    droppedAtPage: 0,
    cleared: 0,
    failed: 0,
    droppedInWorker: 0,
    drawn: 0,
    superseded: 0,
  };

  function drawPending(): void {
    const pending = pendingDraw;
    pendingDraw = undefined;
    if (!pending) return;
    try {
      options.draw(pending);
      counters.drawn++;
    } finally {
      pending.result.frame.close();
    }
  }

  function receive(result: FrameResult, source: CapturedFrame, sentInEpoch: number): SendOutcome<StreamedFrame> {
    counters.completed++;
    if (sentInEpoch !== epoch) {
      result.frame.close();
      return { kind: 'stale' };
    }
    const frame: StreamedFrame = { result, entry: toFrameLogEntry(result, source, now()), arrivedAt: now() };
    options.onResult?.(frame);
    if (result.frameId <= lastDrawnId) {
      // An older frame than the one on screen: reported, never drawn.
      result.frame.close();
      counters.superseded++;
      return { kind: 'result', frame };
    }
    lastDrawnId = result.frameId;
    // Several results of one batch arrive together: only the newest is drawn, once per animation frame.
    if (pendingDraw) {
      pendingDraw.result.frame.close();
      counters.superseded++;
    } else options.nextAnimationFrame(drawPending);
    pendingDraw = frame;
    return { kind: 'result', frame };
  }

  /** One frame to the worker; settles when its reply came back, whatever it was. */
  async function send(frame: CapturedFrame): Promise<SendOutcome<StreamedFrame>> {
    const frameId = nextFrameId++;
    const sentInEpoch = epoch;
    counters.sent++;
    inFlight++;
    try {
      const result = await options
        .worker()
        .request('detect', { frameId, frame: frame.bitmap, capturedAt: frame.capturedAt }, { transfer: [frame.bitmap] });
      return receive(result, frame, sentInEpoch);
    } catch (error) {
      frame.bitmap.close(); // a no-op once transferred; frees it when the request failed before the post
      const failure = asAppError(error);
      counters.failed++;
      if (failure.code === 'FRAME_DROPPED') counters.droppedInWorker++;
      return { kind: 'failed', error: failure };
    } finally {
      inFlight--;
    }
  }

  const idle = () => inFlight === 0 && live.waitingCount === 0;

  function notifyIfIdle(): void {
    if (!idle()) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    waiters.forEach((resolve) => resolve());
  }

  function sendLive(frame: CapturedFrame): void {
    void send(frame).then((outcome) => {
      if (outcome.kind === 'failed' && !SKIPPED.has(outcome.error.code)) options.onError(outcome.error);
      live.settled().forEach(sendLive);
      notifyIfIdle();
    });
  }

  function endStream(discard: boolean): void {
    options
      .worker()
      .request('endStream', { discard })
      .catch((error: unknown) => {
        if (!SKIPPED.has(asAppError(error).code)) options.onError(error);
      });
  }

  /** Every planned frame once, in order, none dropped: the source waits for inference (see everyFrameRun). */
  function analyseEveryFrame(request: EveryFrameRequest): EveryFrameRun {
    run?.cancel();
    const started = startEveryFrameRun(
      {
        send: (frame) => {
          counters.captured++;
          return send(frame).finally(notifyIfIdle);
        },
        endStream,
        get epoch() {
          return epoch;
        },
        reset,
      },
      request,
      () => {
        if (run === started) run = undefined;
      },
    );
    run = started;
    return started;
  }

  /** A new timeline (a seek, a new source): waiting frames are closed, replies still to come are not shown. */
  function reset(): void {
    epoch++;
    for (const waiting of live.clear()) {
      waiting.bitmap.close();
      counters.cleared++;
    }
    notifyIfIdle();
    if (pendingDraw) pendingDraw.result.frame.close();
    pendingDraw = undefined;
    lastDrawnId = 0;
    run?.cancel();
  }

  return {
    /** A live frame: sent when the window has room, else it waits, and the oldest waiting frame is dropped. */
    offer(frame: CapturedFrame): void {
      counters.captured++;
      const { send: ready, dropped } = live.offer(frame);
      for (const old of dropped) {
        old.bitmap.close();
        counters.droppedAtPage++;
      }
      ready.forEach(sendLive);
    },
    analyseEveryFrame,
    reset,
    /** Stops the source's stream: a reset, and the worker drops what still waits for a batch. */
    stop(): void {
      reset();
      endStream(true);
    },
    get inFlight(): number {
      return inFlight;
    },
    /** An every-frame run is under way (from the call that starts it until its last reply). */
    get analysing(): boolean {
      return run !== undefined;
    },
    counters: counters as Readonly<FrameStreamCounters>,
    /** Resolves once no frame is in flight or waiting to be sent (at once when none is). */
    whenIdle(): Promise<void> {
      return idle() ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}

export type FrameStream = ReturnType<typeof createFrameStream>;
