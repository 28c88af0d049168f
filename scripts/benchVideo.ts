// npm run bench -- --video [--model yolox|detectnet] [--batches 1,2,4,8] [--rate auto|<playbackRate>] [--seconds 6] [--json]
// The video path: frames per second through the whole pipeline (video decode,
// createImageBitmap, transfer to the worker, preprocess, inference, postprocess, transfer back,
// draw) on WASM, next to the bare session.run throughput for the same batch. The page side is
// src/bench/videoBench.ts; this file serves the fixtures, drives it and turns its records into figures.
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import type { Browser } from '@playwright/test';
import { fixture, HAS_FIXTURES, NO_FIXTURES_MESSAGE, serveModel, YOLOX_MANIFEST } from '../e2e/fixtures';
import type { TimedFrame, SourceCounters, VideoBenchOptions, VideoBenchReport, VideoPoint } from '../src/bench/videoBench';
import { median } from '../src/measure/metrics/stats';
import { inferenceMsPerFrame } from '../src/domain/frame';

export const VIDEO_MODELS = ['yolox', 'detectnet'] as const;
export type VideoModel = (typeof VIDEO_MODELS)[number];

export interface VideoCliOptions {
  models: VideoModel[];
  batches: number[];
  playbackRate: number | 'auto';
  timedSeconds: number;
  json: boolean;
}

/** Targets: the pipeline at >= 0.9x the bare session.run throughput, preprocessing < 5% of the frame time. */
const TARGET_RATIO = 0.9;
const TARGET_PREPROCESS_SHARE = 0.05;
const VIDEO_ROUTE = '/bench-fixtures/pedestrians.webm';
/** Bare and pipeline alternate: bare, pipeline, bare, ..., pipeline, bare; short rounds keep a shared machine's load swings out of the ratio. */
const ROUNDS = 6;

export async function benchVideo(browser: Browser, baseUrl: string, options: VideoCliOptions): Promise<void> {
  if (!HAS_FIXTURES) {
    // The video itself is a fixture, so without ../shared neither model has anything to run on.
    console.log(`video bench ${NO_FIXTURES_MESSAGE}`);
    return;
  }
  const summaries = [];
  for (const model of options.models) {
    const page = await browser.newPage();
    try {
      page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
      await page.route(`**${VIDEO_ROUTE}`, (route) =>
        route.fulfill({
          contentType: 'video/webm',
          body: readFileSync(fixture('video/pedestrians.webm')),
          headers: { 'Cross-Origin-Resource-Policy': 'same-origin' },
        }),
      );
      const manifestUrl =
        model === 'yolox' ? await serveModel(page, YOLOX_MANIFEST, fixture('models/yolox_nano.onnx')) : 'models/detectnet/manifest.json';
      await page.goto(`${baseUrl}bench.html`);
      await page.waitForFunction(() => typeof window.runVideoBench === 'function');
      const benchOptions: VideoBenchOptions = {
        manifestUrl,
        videoUrl: VIDEO_ROUTE,
        batches: options.batches,
        playbackRate: options.playbackRate,
        rounds: ROUNDS,
        warmupMs: 2000,
        warmupBatches: 2,
        rewarmMs: 300,
        timedMs: (options.timedSeconds * 1000) / ROUNDS,
        timedBatches: 1,
        bareMs: 500,
      };
      // Other work on the machine slows inference in both paths but not alike: the load is printed with the figures.
      const loadBefore = loadavg()[0]!;
      const report: VideoBenchReport = await page.evaluate((o) => window.runVideoBench(o), benchOptions);
      const summary = summarize(model, report, {
        cores: availableParallelism(),
        loadAverage1m: { before: loadBefore, after: loadavg()[0]! },
      });
      mkdirSync('bench-results', { recursive: true });
      const file = `bench-results/video-${model}-${report.backend}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
      writeFileSync(file, JSON.stringify({ ...summary, options: benchOptions, raw: report }, null, 2));
      if (options.json) summaries.push({ ...summary, file });
      else print(summary, file);
    } finally {
      await page.close();
    }
  }
  if (options.json) console.log(JSON.stringify(summaries));
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

function summarizePoint(point: VideoPoint) {
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
  const windowMs = point.rounds.reduce((a, r) => a + r.window.end - r.window.start, 0);
  // Time the worker spent on slices (preprocess to postprocess) inside the timed windows.
  const busyMs = point.rounds.reduce((a, r) => {
    const slices = new Map(r.frames.map((f) => [f.batchStart, f.postprocessEnd]));
    const overlap = (from: number, to: number) => Math.max(0, Math.min(to, r.window.end) - Math.max(from, r.window.start));
    return a + [...slices].reduce((x, [from, to]) => x + overlap(from, to), 0);
  }, 0);
  const allBare = point.bareSegments.flat();
  const bareFrameMs = median(allBare) / point.bareRunBatch;
  const counts = point.rounds.map((r) => delta(r.atStart, r.atEnd)).reduce((a, b) => add(a, b));
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
    drawMs: median(point.rounds.flatMap((r) => r.drawMs)),
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

interface Machine {
  cores: number;
  loadAverage1m: { before: number; after: number };
}

function summarize(model: VideoModel, report: VideoBenchReport, machine: Machine) {
  const points = report.points.map((p) => summarizePoint(p));
  return {
    model,
    modelName: report.model,
    backend: report.backend,
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
    points,
  };
}

function print(s: ReturnType<typeof summarize>, file: string) {
  const f1 = (v: number) => v.toFixed(1);
  const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
  console.log(
    `video bench · ${s.modelName} · ${s.backend} (${s.wasmThreads} threads) · pedestrians.webm ${s.video.width}x${s.video.height} @ ${s.video.fps} fps, looping`,
  );
  console.log(`browser: ${s.browser}`);
  console.log(
    `machine: ${s.machine.cores} cores, 1-minute load average ${s.machine.loadAverage1m.before.toFixed(2)} before, ${s.machine.loadAverage1m.after.toFixed(2)} after`,
  );
  if (s.fixedBatch > 0) console.log(`note: this model has a ${s.bareNote}`);
  console.log(
    'pipeline = video decode + createImageBitmap + transfer + preprocess + run + postprocess + transfer back + draw; medians of per-frame times',
  );
  console.log(`bare and pipeline alternate ${ROUNDS} times per batch size; pipe/bare is the median of the rounds' ratios`);
  console.log('');
  const header = [
    'batch',
    'rate',
    'pipeline fps',
    'bare fps',
    'pipe/bare',
    'preproc',
    'infer pipe|bare ms',
    'post ms',
    'draw ms',
    'worker busy',
    'decoded/s',
    'dropped page|worker',
    'frames',
  ];
  const rows = s.points.map((p) => [
    String(p.batch),
    `${p.playbackRate}x`,
    `${f1(p.pipeline.fps)} (mean ${f1(p.pipeline.meanFps)})`,
    f1(p.bare.fps),
    `${p.pipelineOverBare.toFixed(3)}x`,
    pct(p.preprocessShare),
    `${f1(p.stagesMsPerFrame.inference)} | ${f1(p.bare.msPerFrame)}`,
    p.stagesMsPerFrame.postprocess.toFixed(2),
    f1(p.drawMs),
    pct(p.workerBusyShare),
    f1(p.source.decodedPerSecond),
    `${p.counts.droppedAtPage} | ${p.counts.droppedInWorker}`,
    String(p.timedFrames),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join('  ');
  console.log(line(header));
  for (const r of rows) console.log(line(r));
  console.log('');
  for (const p of s.points) {
    const l = p.latencyMs;
    console.log(
      `batch ${p.batch}: preprocess ${p.stagesMsPerFrame.preprocess.toFixed(2)} ms/frame; capture->worker ${f1(l.captureToWorker)} ms, queue wait ${f1(l.queueWait)} ms, reply->page ${f1(l.replyToPage)} ms, capture->result ${f1(l.captureToResult)} ms; ` +
        `full batches ${pct(p.fullBatches)}; drawn ${p.counts.drawn}, superseded ${p.counts.superseded}; player dropped ${p.counts.droppedByPlayer}; ` +
        `rounds pipe/bare ${p.rounds.map((r) => `${f1(r.fps)}/${f1(r.bareFps)}`).join(', ')}; ${f1(p.timedSeconds)} s timed`,
    );
  }
  for (const p of s.points.filter((x) => x.sourceLimited)) {
    console.log(
      `warning: at batch ${p.batch} only ${f1(p.source.capturedPerSecond)} frames/s reached the page: the source may have set the pace (try --rate)`,
    );
  }
  console.log(
    `targets: pipeline >= ${TARGET_RATIO}x bare at every batch, preprocessing < ${pct(TARGET_PREPROCESS_SHARE)} of frame time: ${s.meetsTargets ? 'met' : 'NOT met'}`,
  );
  console.log(`wrote ${file}`);
  console.log('');
}
