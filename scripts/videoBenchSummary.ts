// Pure summaries of the video bench's raw records (src/bench/videoBench.ts), kept apart from the
// CLI (scripts/benchVideo.ts) so that each figure's formula is tested.
import type { PreprocessPath } from '../src/domain/backend';
import { inferenceMsPerFrame } from '../src/domain/frame';
import type { SourceCounters, TimedFrame, VideoBenchReport, VideoPoint } from '../src/bench/videoBench';
import { median } from '../src/measure/metrics/stats';

/** Targets: the pipeline at >= 0.9x the bare session.run throughput, preprocessing < 5% of the frame time. */
export const TARGET_RATIO = 0.9;
export const TARGET_PREPROCESS_SHARE = 0.05;
/** The GPU frame path's target: the app's time per frame over the bare session.run's, by batch size. */
export const appOverBareLimit = (batch: number): number => (batch >= 4 ? 1.05 : 1.1);
/** DetectNet's host time per frame (1024x512 input) within this factor of YOLOX-Nano's (416x416), same video and machine. */
export const HOST_GROWTH_LIMIT = 1.5;

export interface HostTimeInputs {
  /** Median per captured frame: the frame callback to its ImageBitmap (page). */
  captureMs: number;
  /** Medians per frame of the worker's preprocess and postprocess slices (a slice's time over its frames). */
  preprocessMs: number;
  postprocessMs: number;
  /** Median of one draw (frame + boxes on the overlay canvas), and draws per result (a newer result supersedes an older one not yet drawn). */
  drawMs: number;
  drawnPerCompleted: number;
}

/**
 * What the page and worker threads spend per frame outside session.run, from the frames' own
 * records: capture + preprocess + postprocess + the draw's share. Not counted: the message
 * transfers (a bitmap is moved, not copied) and the browser's own video decode.
 */
export function hostTime(t: HostTimeInputs) {
  const parts = { capture: t.captureMs, preprocess: t.preprocessMs, postprocess: t.postprocessMs, draw: t.drawMs * t.drawnPerCompleted };
  return { total: parts.capture + parts.preprocess + parts.postprocess + parts.draw, parts };
}

export function preprocessPathOf(frames: readonly Pick<TimedFrame, 'preprocess'>[]): PreprocessPath | 'mixed' {
  const paths = new Set(frames.map((f) => f.preprocess));
  return paths.size === 1 ? [...paths][0]! : 'mixed';
}

/** DetectNet's host ms per frame over YOLOX's at each batch both ran (same backend, one invocation). */
export function hostGrowth(detectnet: ReturnType<typeof summarize>, yolox: ReturnType<typeof summarize>) {
  return detectnet.points.flatMap((d) => {
    const y = yolox.points.find((p) => p.batch === d.batch);
    return y
      ? [{ batch: d.batch, detectnetMs: d.hostMsPerFrame, yoloxMs: y.hostMsPerFrame, ratio: d.hostMsPerFrame / y.hostMsPerFrame }]
      : [];
  });
}

const combine = (a: SourceCounters, b: SourceCounters, sign: 1 | -1): SourceCounters =>
  Object.fromEntries(
    Object.keys(a).map((k) => [k, a[k as keyof SourceCounters] + sign * b[k as keyof SourceCounters]]),
  ) as unknown as SourceCounters;
const delta = (from: SourceCounters, to: SourceCounters) => combine(to, from, -1);
const add = (a: SourceCounters, b: SourceCounters) => combine(a, b, 1);

/** Per-frame period of one round: time for B results to come back, over B, for every run of B consecutive results. */
function periods(frames: readonly TimedFrame[], B: number): { periods: number[]; wholeCycles: { frames: number; ms: number } } {
  // Results of one batch arrive together, so each B-step spans one batch cycle wherever it starts.
  const arrived = frames.map((f) => f.arrivedAt).sort((a, b) => a - b);
  const whole = Math.floor((arrived.length - 1) / B) * B;
  return {
    periods: arrived.slice(B).map((t, i) => (t - arrived[i]!) / B),
    wholeCycles: { frames: whole, ms: whole > 0 ? arrived[whole]! - arrived[0]! : 0 },
  };
}

export function summarizePoint(point: VideoPoint) {
  const B = point.batch;
  const perRound = point.rounds.map((round, r) => {
    const { periods: p, wholeCycles } = periods(round.frames, B);
    const fps = 1000 / median(p);
    const bareFps = (1000 * point.bareRunBatch) / median([...point.bareSegments[r]!, ...point.bareSegments[r + 1]!]);
    return { fps, bareFps, ratio: fps / bareFps, periods: p, wholeCycles, frames: round.frames.length };
  });
  const frames = point.rounds.flatMap((r) => r.frames);
  const frameMs = median(perRound.flatMap((r) => r.periods));
  const cycles = perRound.reduce((a, r) => ({ frames: a.frames + r.wholeCycles.frames, ms: a.ms + r.wholeCycles.ms }), {
    frames: 0,
    ms: 0,
  });
  // A frame's timestamps describe one session.run: the model's fixed batch (YOLOX: 1 frame) or the
  // whole batch, which holds fewer than B frames when maxWaitMs closed it early: divide by that run's frames.
  const perFrame = (pick: (f: TimedFrame) => number) => median(frames.map((f) => pick(f) / f.framesPerRun));
  const preprocessMs = perFrame((f) => f.preprocessEnd - f.batchStart);
  const inferenceMs = median(frames.map((f) => inferenceMsPerFrame({ timestamps: f, framesPerRun: f.framesPerRun })));
  const postprocessMs = perFrame((f) => f.postprocessEnd - f.inferenceEnd);
  const counts = point.rounds.map((r) => delta(r.atStart, r.atEnd)).reduce((a, b) => add(a, b));
  const windowMs = point.rounds.reduce((a, r) => a + r.window.end - r.window.start, 0);
  // Time the worker spent on slices (preprocess to postprocess) inside the timed windows.
  const busyMs = point.rounds.reduce((a, r) => {
    const slices = new Map(r.frames.map((f) => [f.batchStart, f.postprocessEnd]));
    const overlap = (from: number, to: number) => Math.max(0, Math.min(to, r.window.end) - Math.max(from, r.window.start));
    return a + [...slices].reduce((x, [from, to]) => x + overlap(from, to), 0);
  }, 0);
  // Draws of the timed frames themselves (the last one's lands after its window closes, so not the window's counters).
  const draws = point.rounds.flatMap((r) => r.drawMs);
  const drawMs = draws.length > 0 ? median(draws) : 0;
  const host = hostTime({
    captureMs: median(point.rounds.flatMap((r) => r.captureMs)),
    preprocessMs,
    postprocessMs,
    drawMs,
    drawnPerCompleted: frames.length > 0 ? draws.length / frames.length : 0,
  });
  const allBare = point.bareSegments.flat();
  const bareFrameMs = median(allBare) / point.bareRunBatch;
  const perSecond = (n: number) => (n * 1000) / windowMs;
  const fps = median(perRound.map((r) => r.fps));
  const bareFps = median(perRound.map((r) => r.bareFps));
  return {
    batch: B,
    playbackRate: point.playbackRate,
    stream: point.stream,
    rounds: perRound.map(({ fps: f, bareFps: b, ratio, frames: n }) => ({ fps: f, bareFps: b, ratio, frames: n })),
    timedFrames: frames.length,
    timedSeconds: windowMs / 1000,
    /** fps: median over rounds of each round's median per-frame period; meanFps: whole batch cycles over their time. */
    pipeline: { fps, msPerFrame: 1000 / fps, meanFps: (cycles.frames * 1000) / cycles.ms },
    bare: {
      fps: bareFps,
      msPerFrame: bareFrameMs,
      framesPerRun: point.bareRunBatch,
      runsPerBatch: B / point.bareRunBatch,
      runs: allBare.length,
    },
    /** Median over rounds of (round's pipeline fps / the bare fps measured right before and after it). */
    pipelineOverBare: median(perRound.map((r) => r.ratio)),
    /** Where the timed frames were preprocessed ('mixed' if both paths ran: a session rebuilt mid-run). */
    preprocess: preprocessPathOf(frames),
    /** The pipeline's ms per frame (1 / fps) and the bare session.run's, and their ratio: median over rounds of (bare fps / pipeline fps). */
    appMsPerFrame: 1000 / fps,
    bareMsPerFrame: bareFrameMs,
    appOverBare: median(perRound.map((r) => 1 / r.ratio)),
    /** Page and worker time per frame outside session.run (see hostTime). */
    hostMsPerFrame: host.total,
    hostMs: host.parts,
    /** Medians per frame inside the worker (a slice's time over the frames in it). */
    stagesMsPerFrame: { preprocess: preprocessMs, inference: inferenceMs, postprocess: postprocessMs },
    preprocessShare: preprocessMs / frameMs,
    workerBusyShare: busyMs / windowMs,
    /** Inference in the pipeline over bare: > 1 when decode, capture and drawing take CPU from ONNX Runtime's threads. */
    inferenceOverBare: inferenceMs / bareFrameMs,
    latencyMs: {
      captureToWorker: median(frames.map((f) => f.enqueued - f.captured)),
      queueWait: median(frames.map((f) => f.batchStart - f.enqueued)),
      replyToPage: median(frames.map((f) => f.arrivedAt - f.postprocessEnd)),
      captureToResult: median(frames.map((f) => f.arrivedAt - f.captured)),
    },
    drawMs,
    fullBatches: frames.filter((f) => f.batchSize === B).length / Math.max(1, frames.length),
    /** Fewer frames reached the page than 1.2x what the pipeline consumed: the source, not the pipeline, may have set the pace. */
    sourceLimited: perSecond(counts.captured) < 1.2 * ((cycles.frames * 1000) / cycles.ms),
    source: {
      decodedPerSecond: perSecond(counts.decoded),
      presentedPerSecond: perSecond(counts.presented),
      capturedPerSecond: perSecond(counts.captured),
    },
    counts,
  };
}

export interface Machine {
  cores: number;
  loadAverage1m: { before: number; after: number };
}

export function summarize(model: string, report: VideoBenchReport, machine: Machine) {
  const points = report.points.map((p) => summarizePoint(p));
  return {
    model,
    modelName: report.model,
    backend: report.backend,
    fallbackReason: report.fallbackReason,
    preprocessNote: report.preprocessNote,
    wasmThreads: report.wasmThreads,
    browser: report.userAgent,
    machine,
    fixedBatch: report.fixedBatch,
    bareNote:
      report.fixedBatch > 0
        ? `fixed batch of ${report.fixedBatch}: the bare figure is one session.run of ${report.fixedBatch} frame(s); batch B in the pipeline is B sequential runs`
        : 'the bare figure is one session.run of the whole batch',
    video: { ...report.video, fps: report.videoFps },
    sessionCreateMs: report.sessionCreateMs,
    targets: { pipelineOverBare: TARGET_RATIO, preprocessShare: TARGET_PREPROCESS_SHARE },
    meetsTargets: points.every((p) => p.pipelineOverBare >= TARGET_RATIO && p.preprocessShare < TARGET_PREPROCESS_SHARE),
    /** The GPU frame path's targets: app / bare within appOverBareLimit at every batch; on WebGPU, preprocessing on the GPU. */
    meetsAppOverBare: points.every(
      (p) => p.appOverBare <= appOverBareLimit(p.batch) && (report.backend !== 'webgpu' || p.preprocess === 'gpu'),
    ),
    points,
  };
}
