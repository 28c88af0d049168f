import { epochNow } from '../domain/clock';
import { AppError, toErrorPayload } from '../domain/errors';
import { clearOverlay, drawFrameWithBoxes } from '../render/drawOverlay';
import { checkImageFile } from '../sources/decodeImage';
import { frameNumberAt, probeFrameRate } from '../sources/frameRate';
import { startFrameLoop, type CapturedFrame } from '../sources/videoFrames';
import { closeWebcam, openWebcam } from '../sources/webcam';
import type { FrameResult, StreamConfig } from '../domain/frame';
import { SendWindow, sendLimitsFor } from '../pipeline/sendWindow';
import type { WorkerHandle } from '../bridge/workerHandle';
import { summarize, timeline, toFrameRecord, type FrameRecord } from '../measure/metrics/frameMetrics';
import { RingBuffer } from '../measure/metrics/ringBuffer';
import { startManyRun } from './manyRun';
import { FRAME_LOG_LENGTH, type AppStore, type FrameLogEntry } from './store';

const LOG_FLUSH_MS = 250;
/** Rolling window of the live metrics, in frames. */
const METRICS_WINDOW = 300;
const FALLBACK_FPS = 30;

/** Batching settings that fit the source: a batch of B waits at most about B frame intervals. */
export function streamConfigFor(batchSize: number, fps: number): StreamConfig {
  return {
    batchSize,
    maxWaitMs: Math.min(2000, Math.ceil((batchSize * 1000 * 1.5) / fps)),
    maxQueue: Math.max(4, 2 * batchSize),
  };
}

interface View {
  video: HTMLVideoElement;
  overlay: HTMLCanvasElement;
}

/** Video file and webcam through the batching worker, boxes drawn over the very frames they came from. */
export function createDetectController(store: AppStore, worker: WorkerHandle) {
  let view: View | undefined;
  let stopLoop: (() => void) | undefined;
  let webcam: MediaStream | undefined;
  let nextFrameId = 1;
  // Bumped by every start and stop of a source, so an open that awaited (probe, permission) knows it was superseded.
  let sourceToken = 0;
  // Frames wait here, not in the worker's message queue, so the oldest can be dropped (sendWindow.ts).
  const sendWindow = new SendWindow<CapturedFrame>(() => sendLimitsFor(store.getState().batchSize));
  // Results from before a seek or a source change are not drawn: they belong to a timeline that is gone.
  let epoch = 0;
  let lastDrawnId = 0;
  let pendingDraw: { result: FrameResult; entry: FrameLogEntry } | undefined;
  let logBuffer: FrameLogEntry[] = [];
  // Every captured frame ends as exactly one of: a result, a drop on the page (including frames
  // cleared by a seek or skipped while a model loads), or a drop in the worker's batcher.
  let framesCaptured = 0;
  let framesCompleted = 0;
  let droppedAtSource = 0;
  let droppedInWorker = 0;
  const metricsWindow = new RingBuffer<FrameRecord>(METRICS_WINDOW);

  // Lives as long as the page: the controller is created once at start.
  setInterval(() => {
    if (
      logBuffer.length === 0 &&
      framesCaptured === store.getState().framesCaptured &&
      framesCompleted === store.getState().framesCompleted
    )
      return;
    const added = logBuffer;
    logBuffer = [];
    const records = metricsWindow.toArray();
    // Charts and numbers refresh at this rate, never once per frame.
    const liveMetrics = records.length > 0 ? { summary: summarize(records), timeline: timeline(records) } : undefined;
    store.setState((s) => ({
      frameLog: [...s.frameLog, ...added].slice(-FRAME_LOG_LENGTH),
      droppedAtSource,
      droppedInWorker,
      framesCaptured,
      framesCompleted,
      liveMetrics,
    }));
  }, LOG_FLUSH_MS);

  // Frames reach the batcher at the source's rate times the playback rate; the wait for a full batch follows it.
  const fps = () => (store.getState().source?.fps ?? FALLBACK_FPS) * (view?.video.playbackRate || 1);

  const reportError = (error: unknown) => store.setState({ error: toErrorPayload(error) });

  async function sendStreamConfig(): Promise<void> {
    try {
      await worker.current.request('stream', streamConfigFor(store.getState().batchSize, fps()));
    } catch (error) {
      reportError(error);
    }
  }

  function draw(): void {
    const pending = pendingDraw;
    pendingDraw = undefined;
    if (!pending || !view) {
      pending?.result.frame.close();
      return;
    }
    const { result, entry } = pending;
    const label = `Frame ${entry.frameNumber} · inference ${entry.inferenceMsPerFrame.toFixed(1)} ms per frame (batch ${entry.batchSize})`;
    drawFrameWithBoxes(view.overlay, result.frame, result.detections, label);
    view.overlay.dataset.frame = String(entry.frameNumber);
    view.overlay.dataset.mediaTime = String(entry.mediaTime);
    view.overlay.dataset.detections = JSON.stringify(result.detections.map(({ x1, y1, x2, y2, score }) => ({ x1, y1, x2, y2, score })));
    result.frame.close();
  }

  function onResult(result: FrameResult, captured: CapturedFrame, myEpoch: number): void {
    const t = result.timestamps;
    // The frame reaches the canvas within one animation frame of its result; that instant counts as drawn.
    const drawn = epochNow();
    const entry: FrameLogEntry = {
      frameId: result.frameId,
      frameNumber: captured.frameNumber,
      mediaTime: captured.mediaTime,
      boxes: result.detections.length,
      batchSize: result.batchSize,
      inferenceMsPerFrame: (t.inferenceEnd - t.preprocessEnd) / result.batchSize,
      latencyMs: drawn - t.captured,
      detections: result.detections,
    };
    // A result from before a seek or a source change belongs to a timeline that is gone: not logged, not drawn.
    if (myEpoch !== epoch) {
      result.frame.close();
      return;
    }
    logBuffer.push(entry);
    metricsWindow.push(toFrameRecord(result, drawn));
    if (result.frameId <= lastDrawnId) {
      result.frame.close();
      return;
    }
    lastDrawnId = result.frameId;
    // Several results of one batch arrive together: draw only the newest, once per animation frame.
    if (pendingDraw) pendingDraw.result.frame.close();
    else requestAnimationFrame(draw);
    pendingDraw = { result, entry };
  }

  function onFrame(frame: CapturedFrame): void {
    framesCaptured++;
    const { send, dropped } = sendWindow.offer(frame);
    for (const old of dropped) {
      old.bitmap.close();
      droppedAtSource++;
    }
    send.forEach(sendFrame);
  }

  function sendFrame(frame: CapturedFrame): void {
    const frameId = nextFrameId++;
    const myEpoch = epoch;
    // A frame of a source that has since stopped is not counted against the next one.
    const mySource = sourceToken;
    worker.current
      .request('detect', { frameId, frame: frame.bitmap, capturedAt: frame.capturedAt }, { transfer: [frame.bitmap] })
      .then(
        (result) => {
          if (mySource === sourceToken) framesCompleted++;
          onResult(result, frame, myEpoch);
        },
        (error: unknown) => {
          const code = (error as AppError).code;
          if (mySource !== sourceToken) return;
          if (code === 'FRAME_DROPPED') droppedInWorker++;
          // Superseded, or sent while a model was loading (NO_SESSION): skipped frames, not errors.
          // (or lost to a worker crash, which the app recovers from by itself).
          else if (code === 'SUPERSEDED' || code === 'NO_SESSION' || code === 'WORKER_CRASHED') droppedAtSource++;
          else {
            droppedAtSource++;
            reportError(error);
          }
        },
      )
      .finally(() => sendWindow.settled().forEach(sendFrame));
  }

  function resetTimeline(): void {
    epoch++;
    for (const waiting of sendWindow.clear()) {
      waiting.bitmap.close();
      droppedAtSource++;
    }
    metricsWindow.clear();
    lastDrawnId = 0;
    if (view) clearOverlay(view.overlay);
  }

  function stopSource(): void {
    sourceToken++;
    stopLoop?.();
    stopLoop = undefined;
    if (webcam) closeWebcam(webcam);
    webcam = undefined;
    const source = store.getState().source;
    if (source?.url) URL.revokeObjectURL(source.url);
    if (view) {
      view.video.pause();
      view.video.srcObject = null;
      view.video.removeAttribute('src');
      view.video.load();
    }
    resetTimeline();
    // Frames still in flight settle later and are counted then; the next source starts from zero.
    framesCaptured = framesCompleted = droppedAtSource = droppedInWorker = 0;
    store.setState({
      source: undefined,
      droppedAtSource: 0,
      droppedInWorker: 0,
      framesCaptured: 0,
      framesCompleted: 0,
      liveMetrics: undefined,
    });
  }

  function startLoop(video: HTMLVideoElement, frameNumber: (m: VideoFrameCallbackMetadata) => number): void {
    stopLoop?.();
    stopLoop = startFrameLoop(video, { everyNth: () => store.getState().everyNth, frameNumber, onFrame, onError: reportError });
  }

  return {
    attach(video: HTMLVideoElement, overlay: HTMLCanvasElement): () => void {
      view = { video, overlay };
      clearOverlay(overlay);
      const onSeeking = () => resetTimeline();
      const onError = () => {
        const source = store.getState().source;
        if (source?.kind !== 'file') return;
        const media = video.error;
        stopSource();
        reportError(
          new AppError(
            'VIDEO_DECODE_FAILED',
            `"${source.name}" cannot be played: the browser could not decode it (${media?.message || `media error ${media?.code ?? '?'}`})`,
          ),
        );
      };
      const onRateChange = () => void sendStreamConfig();
      video.addEventListener('seeking', onSeeking);
      video.addEventListener('error', onError);
      video.addEventListener('ratechange', onRateChange);
      return () => {
        stopSource();
        video.removeEventListener('seeking', onSeeking);
        video.removeEventListener('error', onError);
        video.removeEventListener('ratechange', onRateChange);
        view = undefined;
      };
    },

    async openVideoFile(file: File): Promise<void> {
      if (!view) return;
      stopSource();
      const mine = sourceToken;
      store.setState({ error: undefined, frameLog: [] });
      const url = URL.createObjectURL(file);
      const fps = await probeFrameRate(url);
      // Another file, the webcam or an unmount came first while the frame rate was probed.
      if (mine !== sourceToken || !view) {
        URL.revokeObjectURL(url);
        return;
      }
      store.setState({ source: { kind: 'file', name: file.name, url, fps } });
      await sendStreamConfig();
      if (mine !== sourceToken || !view) return;
      const video = view.video;
      video.srcObject = null;
      video.src = url;
      startLoop(video, (m) => frameNumberAt(m.mediaTime, fps ?? FALLBACK_FPS));
    },

    async startWebcam(): Promise<void> {
      if (!view) return;
      stopSource();
      const mine = sourceToken;
      store.setState({ error: undefined, frameLog: [] });
      let stream: MediaStream;
      try {
        stream = await openWebcam();
      } catch (error) {
        if (mine === sourceToken) reportError(error);
        return;
      }
      // A second click, a file or an unmount came first while permission was asked: give the camera back.
      if (mine !== sourceToken || !view) {
        closeWebcam(stream);
        return;
      }
      webcam = stream;
      const settings = stream.getVideoTracks()[0]?.getSettings();
      store.setState({ source: { kind: 'webcam', name: stream.getVideoTracks()[0]?.label || 'webcam', fps: settings?.frameRate } });
      await sendStreamConfig();
      if (mine !== sourceToken || !view) return;
      view.video.srcObject = stream;
      startLoop(view.video, (m) => m.presentedFrames);
      await view.video.play().catch(reportError);
    },

    stopSource,

    setBatchSize(batchSize: number): Promise<void> {
      store.setState({ batchSize });
      return sendStreamConfig();
    },

    setEveryNth(everyNth: number): void {
      store.setState({ everyNth: Math.max(1, Math.round(everyNth)) });
    },

    /** DIGITS' "Test Many" for a detector: still images through the same batcher, a box count per image. */
    async detectImages(files: File[]): Promise<void> {
      const { batchSize } = store.getState();
      const run = startManyRun(store, files, batchSize);
      try {
        // A finite set: a batch forms from B images at once, and the last partial batch need not wait.
        await worker.current.request('stream', { batchSize, maxWaitMs: 50, maxQueue: Math.max(4, 2 * batchSize) });
        for (let start = 0; start < files.length; start += batchSize) {
          await Promise.all(
            files.slice(start, start + batchSize).map(async (file, i) => {
              try {
                await checkImageFile(file); // the same refusals as the classifier path: empty, not an image, too large
                const frame = await createImageBitmap(file);
                const result = await worker.current.request(
                  'detect',
                  { frameId: nextFrameId++, frame, capturedAt: epochNow() },
                  { transfer: [frame] },
                );
                result.frame.close();
                run.update(start + i, { label: `${result.detections.length} box${result.detections.length === 1 ? '' : 'es'}` });
              } catch (error) {
                const message = error instanceof AppError ? error.message : `"${file.name}" could not be decoded as an image`;
                run.update(start + i, { error: message });
              }
            }),
          );
        }
        run.finish(true);
      } catch (error) {
        reportError(error);
        run.finish(false);
      } finally {
        await sendStreamConfig(); // back to the live source's settings
      }
    },
  };
}

export type DetectController = ReturnType<typeof createDetectController>;
