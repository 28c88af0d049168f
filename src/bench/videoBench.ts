// Over 300 lines on purpose: one measurement procedure (warm-up, timed rounds alternating with
// the bare loop, counters) whose steps share the round's state.
// The video path, driven headlessly by scripts/benchVideo.ts (`npm run bench -- --video`): a looping
// <video> through the app's own frame pipeline (startFrameLoop, then app/frameStream: the live
// send window, the worker's stream/detect requests, the newest result drawn once per animation
// frame with drawFrameWithBoxes), next to the bare session.run loop in the same worker. Raw
// records only; the node side turns them into figures.
import { createFrameStream, frameLabel } from '../app/frameStream';
import { epochNow } from '../domain/clock';
import { drawFrameWithBoxes } from '../render/drawOverlay';
import { frameNumberAt, probeFrameRate } from '../sources/frameRate';
import { startFrameLoop } from '../sources/videoFrames';
import type { WorkerClient } from '../bridge/client';
import type { FrameTimestamps, StreamConfig } from '../domain/frame';
import type { Backend, PreprocessPath } from '../domain/backend';
import { streamConfigFor } from '../pipeline/pacing';
import { startInferenceWorker } from '../bridge/workerHandle';

export interface VideoBenchOptions {
  manifestUrl: string;
  videoUrl: string;
  backend: Backend;
  batches: number[];
  /** <video>.playbackRate; 'auto' picks, per batch size, 1.5x the frame rate the fastest bare run could consume (1..16). */
  playbackRate: number | 'auto';
  /**
   * Each batch size alternates bare and pipeline `rounds` times (bare, pipeline, bare, ..., bare) so
   * that slow drifts of a shared machine hit both alike; the ratio is taken per round.
   */
  rounds: number;
  /** Results before this much time (and at least `warmupBatches` batches) are not timed: in the first round; later rounds `rewarmMs` and 1 batch. */
  warmupMs: number;
  warmupBatches: number;
  rewarmMs: number;
  /** Each round's timed window lasts at least this long and spans at least `timedBatches` batch cycles. */
  timedMs: number;
  timedBatches: number;
  /** Each bare segment: at least this long, at least 1 run. */
  bareMs: number;
}

/** One frame's result as the page received it. */
export interface TimedFrame extends FrameTimestamps {
  frameId: number;
  /** Epoch ms when the reply reached the page. */
  arrivedAt: number;
  batchSize: number;
  /** Frames in the session.run this frame was in (a fixed-batch model runs a batch in slices). */
  framesPerRun: number;
  boxes: number;
  /** Where the frame's pixels became the input tensor. */
  preprocess: PreprocessPath;
}

/** Counters of the source and the queue; the node side takes the difference over the timed window. */
export interface SourceCounters {
  /** requestVideoFrameCallback calls (frames the compositor presented). */
  presented: number;
  /** Frames decoded by the media pipeline, from <video>.getVideoPlaybackQuality(). */
  decoded: number;
  /** Frames the media pipeline dropped before presenting them. */
  droppedByPlayer: number;
  /** Bitmaps handed to onFrame (after createImageBitmap). */
  captured: number;
  /** Closed on the page because too many requests were in flight (the app's cap, see detectController). */
  droppedAtPage: number;
  /** Frames the worker batcher dropped (its FRAME_DROPPED replies, counted on the page). */
  droppedInWorker: number;
  completed: number;
  drawn: number;
  /** Results not drawn because a newer one arrived within the same animation frame (the app's policy). */
  superseded: number;
}

/** One timed stretch of the pipeline. */
export interface PipelineRound {
  /** Arrival of the first and the last timed result (epoch ms). */
  window: { start: number; end: number };
  atStart: SourceCounters;
  atEnd: SourceCounters;
  /** The results from the window's first to its last, in arrival order. */
  frames: TimedFrame[];
  /** drawFrameWithBoxes durations inside the window (ms). */
  drawMs: number[];
  /** Per captured frame in the window: from the presented frame's callback to its ImageBitmap (createImageBitmap on the page, ms). */
  captureMs: number[];
}

export interface VideoPoint {
  batch: number;
  playbackRate: number;
  stream: StreamConfig;
  /** Frames per session.run in the bare loop: the batch, or the model's fixed batch (YOLOX: 1). */
  bareRunBatch: number;
  /** rounds + 1 bare segments: bareSegments[r] ran before rounds[r], bareSegments[r + 1] after it. */
  bareSegments: number[][];
  rounds: PipelineRound[];
}

export interface VideoBenchReport {
  model: string;
  backend: Backend;
  /** Why the requested WebGPU session runs on WASM (absent when it does not). */
  fallbackReason?: string;
  /** Why a WebGPU session preprocesses on the CPU (absent when it does not). */
  preprocessNote?: string;
  wasmThreads: number;
  userAgent: string;
  /** The model's fixed batch dimension (0 when dynamic). */
  fixedBatch: number;
  videoFps: number;
  video: { width: number; height: number; duration: number };
  sessionCreateMs: number;
  points: VideoPoint[];
}

const FALLBACK_FPS = 10;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function bareRuns(client: WorkerClient, batch: number, minMs: number): Promise<number[]> {
  const runMs: number[] = [];
  const started = performance.now();
  while (runMs.length === 0 || performance.now() - started < minMs) {
    const {
      runMs: [ms],
    } = await client.request('benchBare', { batch, runs: 1, warmupRuns: 0 });
    runMs.push(ms!);
  }
  return runMs;
}

async function runVideoBench(options: VideoBenchOptions): Promise<VideoBenchReport> {
  const client = startInferenceWorker();
  try {
    const loaded = await client.request('load', {
      manifestUrl: new URL(options.manifestUrl, location.href).href,
      backend: options.backend,
    });
    const fixedBatch = Math.max(0, loaded.manifest.input.shape[0]);

    // The app opens a File as an object URL; the bench fetches the fixture (served by the node side) into one.
    const blob = await (await fetch(options.videoUrl)).blob();
    const url = URL.createObjectURL(blob);
    const fps = (await probeFrameRate(url)) ?? FALLBACK_FPS;

    const video = document.createElement('video');
    video.muted = true;
    video.loop = true;
    video.playsInline = true;
    video.src = url;
    await new Promise<void>((resolve, reject) => {
      video.addEventListener('loadedmetadata', () => resolve(), { once: true });
      video.addEventListener(
        'error',
        () => reject(new Error(`the bench video cannot be played: ${video.error?.message ?? 'unknown error'}`)),
        { once: true },
      );
    });
    const overlay = document.createElement('canvas');
    overlay.style.cssText = `position:absolute;left:0;top:0;width:${video.videoWidth}px;height:${video.videoHeight}px`;
    const stage = document.createElement('div');
    stage.style.cssText = `position:relative;width:${video.videoWidth}px;height:${video.videoHeight}px`;
    stage.append(video, overlay);
    document.body.append(stage);

    const points: VideoPoint[] = [];
    // 'auto' playback rate: 1.5x the frame rate of the fastest bare run seen so far, so a full batch
    // is always waiting without decoding (and dropping) many more frames than that: on a small
    // machine decoding takes CPU from inference. The fastest run, not the median, so that a busy
    // moment of a shared machine does not leave the source too slow for a quiet one.
    let bestBareFps = 0;
    // The first runs after the session is created are slow (thread pool start, JIT): a second of them is not measured.
    await bareRuns(client, fixedBatch > 0 ? fixedBatch : 1, 1000);
    for (const batch of options.batches) {
      const bareRunBatch = fixedBatch > 0 ? fixedBatch : batch;
      await client.request('benchBare', { batch: bareRunBatch, runs: 0, warmupRuns: 1 });
      const bareSegments = [await bareRuns(client, bareRunBatch, options.bareMs)];
      bestBareFps = Math.max(bestBareFps, (bareRunBatch * 1000) / Math.min(...bareSegments[0]!));
      const playbackRate =
        options.playbackRate === 'auto' ? Math.min(16, Math.max(1, Math.ceil((1.5 * bestBareFps) / fps))) : options.playbackRate;
      video.playbackRate = playbackRate;
      const stream = streamConfigFor('live', batch, fps * playbackRate);
      await client.request('stream', stream);

      const rounds: PipelineRound[] = [];
      video.currentTime = 0;
      for (let r = 0; r < options.rounds; r++) {
        const warmup = r === 0 ? { ms: options.warmupMs, batches: options.warmupBatches } : { ms: options.rewarmMs, batches: 1 };
        rounds.push(await pipelineRound(client, video, overlay, batch, fps, warmup, options));
        bareSegments.push(await bareRuns(client, bareRunBatch, options.bareMs));
      }
      points.push({ batch, playbackRate, stream, bareRunBatch, bareSegments, rounds });
    }
    const size = { width: video.videoWidth, height: video.videoHeight, duration: video.duration };
    stage.remove();
    video.removeAttribute('src');
    video.load();
    URL.revokeObjectURL(url);
    return {
      model: loaded.manifest.name,
      backend: loaded.backend,
      fallbackReason: loaded.fallbackReason,
      preprocessNote: loaded.preprocessNote,
      wasmThreads: loaded.wasmThreads,
      userAgent: navigator.userAgent,
      fixedBatch,
      videoFps: fps,
      video: size,
      sessionCreateMs: loaded.createMs,
      points,
    };
  } finally {
    client.terminate();
  }
}

/**
 * Plays the (looping) video from where it stands and feeds its frames through the app's own frame
 * stream (live pacing, the newest result drawn once per animation frame), until the warm-up and
 * the timed window are over; then pauses and waits for every frame to settle.
 */
async function pipelineRound(
  client: WorkerClient,
  video: HTMLVideoElement,
  overlay: HTMLCanvasElement,
  batchSize: number,
  fps: number,
  warmup: { ms: number; batches: number },
  options: VideoBenchOptions,
): Promise<PipelineRound> {
  const source = { presented: 0, captured: 0 };
  const quality0 = video.getVideoPlaybackQuality();
  const records: { record: TimedFrame; drawMs?: number }[] = [];
  const byFrameId = new Map<number, { record: TimedFrame; drawMs?: number }>();
  const captures: { at: number; ms: number }[] = [];
  let failure: unknown;

  const stream = createFrameStream({
    worker: () => client,
    batchSize: () => batchSize,
    nextAnimationFrame: (draw) => requestAnimationFrame(() => draw()),
    draw: ({ result, entry }) => {
      const started = performance.now();
      drawFrameWithBoxes(overlay, result.frame, result.detections, frameLabel(entry));
      const timed = byFrameId.get(result.frameId);
      if (timed) timed.drawMs = performance.now() - started;
    },
    onResult: ({ result, arrivedAt }) => {
      const timed = {
        record: {
          frameId: result.frameId,
          arrivedAt,
          batchSize: result.batchSize,
          framesPerRun: result.framesPerRun,
          boxes: result.detections.length,
          preprocess: result.preprocess,
          ...result.timestamps,
        },
      };
      records.push(timed);
      byFrameId.set(result.frameId, timed);
    },
    onError: (error) => (failure ??= error),
  });
  const snapshot = (): SourceCounters => {
    const q = video.getVideoPlaybackQuality();
    const c = stream.counters;
    return {
      ...source,
      decoded: q.totalVideoFrames - quality0.totalVideoFrames,
      droppedByPlayer: q.droppedVideoFrames - quality0.droppedVideoFrames,
      droppedAtPage: c.droppedAtPage,
      droppedInWorker: c.droppedInWorker,
      completed: c.completed,
      drawn: c.drawn,
      superseded: c.superseded,
    };
  };

  const stop = startFrameLoop(video, {
    everyNth: () => 1,
    frameNumber: (m) => {
      source.presented++;
      return frameNumberAt(m.mediaTime, fps);
    },
    onFrame: (frame) => {
      source.captured++;
      captures.push({ at: frame.capturedAt, ms: epochNow() - frame.capturedAt });
      stream.offer(frame);
    },
    onError: (error) => (failure ??= error),
  });
  await video.play();

  const waitUntil = async (done: () => boolean) => {
    while (!done()) {
      if (failure) throw failure;
      await sleep(20);
    }
  };
  const began = epochNow();
  await waitUntil(() => epochNow() - began >= warmup.ms && stream.counters.completed >= warmup.batches * batchSize);
  // The window opens at the newest warm-up result: in steady state, B results after any result is
  // one batch cycle later (a batch's results arrive together, or one per run for a fixed-batch model).
  const first = records.length - 1;
  const start = records[first]!.record.arrivedAt;
  const atStart = snapshot();
  await waitUntil(() => epochNow() - start >= options.timedMs && records.length - 1 - first >= options.timedBatches * batchSize);
  const timed = records.slice(first);
  const end = timed[timed.length - 1]!.record.arrivedAt;
  const atEnd = snapshot();

  stop();
  video.pause();
  await stream.whenIdle();
  // The last result is drawn on the next animation frame.
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));

  return {
    window: { start, end },
    atStart,
    atEnd,
    frames: timed.map((r) => r.record),
    drawMs: timed.flatMap((r) => (r.drawMs === undefined ? [] : [r.drawMs])),
    captureMs: captures.filter((c) => c.at >= start && c.at <= end).map((c) => c.ms),
  };
}

declare global {
  interface Window {
    runVideoBench: typeof runVideoBench;
  }
}
window.runVideoBench = runVideoBench;
