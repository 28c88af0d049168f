// npm run bench -- --video [--backend wasm|webgpu] [--model yolox|detectnet] [--batches 1,2,4,8] [--rate auto|<playbackRate>]
//                          [--seconds 6] [--rounds 6] [--json]
// The video path: frames per second through the whole pipeline (video decode,
// createImageBitmap, transfer to the worker, preprocess, inference, postprocess, transfer back,
// draw) on WASM or WebGPU, next to the bare session.run throughput for the same batch, and the
// time the page and worker spend per frame outside session.run. The page side is
// src/bench/videoBench.ts; this file serves the fixtures and drives it; videoBenchSummary.ts makes the figures.
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import type { Browser } from '@playwright/test';
import { fixture, HAS_FIXTURES, NO_FIXTURES_MESSAGE, serveModel, YOLOX_MANIFEST } from '../e2e/fixtures';
import type { VideoBenchOptions, VideoBenchReport } from '../src/bench/videoBench';
import type { Backend } from '../src/domain/backend';
import { appOverBareLimit, HOST_GROWTH_LIMIT, hostGrowth, summarize, TARGET_PREPROCESS_SHARE, TARGET_RATIO } from './videoBenchSummary';

export const VIDEO_MODELS = ['yolox', 'detectnet'] as const;
export type VideoModel = (typeof VIDEO_MODELS)[number];

export interface VideoCliOptions {
  models: VideoModel[];
  backend: Backend;
  /** Bare and pipeline alternate: bare, pipeline, bare, ..., pipeline, bare; short rounds keep a shared machine's load swings out of the ratio. */
  rounds: number;
  batches: number[];
  playbackRate: number | 'auto';
  timedSeconds: number;
  json: boolean;
}

const VIDEO_ROUTE = '/bench-fixtures/pedestrians.webm';

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
        backend: options.backend,
        batches: options.batches,
        playbackRate: options.playbackRate,
        rounds: options.rounds,
        warmupMs: 2000,
        warmupBatches: 2,
        rewarmMs: 300,
        timedMs: (options.timedSeconds * 1000) / options.rounds,
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
      summaries.push({ ...summary, file });
      if (!options.json) print(summary, options.rounds, file);
    } finally {
      await page.close();
    }
  }
  const detectnet = summaries.find((s) => s.model === 'detectnet');
  const yolox = summaries.find((s) => s.model === 'yolox');
  const growth = detectnet && yolox ? hostGrowth(detectnet, yolox) : [];
  if (options.json) console.log(JSON.stringify({ models: summaries, hostGrowth: growth }));
  else printHostGrowth(growth);
}

function printHostGrowth(growth: ReturnType<typeof hostGrowth>) {
  if (growth.length === 0) return;
  for (const g of growth)
    console.log(
      `batch ${g.batch}: host time per frame DetectNet ${g.detectnetMs.toFixed(2)} ms / YOLOX ${g.yoloxMs.toFixed(2)} ms = ${g.ratio.toFixed(2)}x`,
    );
  const met = growth.every((g) => g.ratio <= HOST_GROWTH_LIMIT);
  console.log(`target: DetectNet's host time (1024x512 input) within ${HOST_GROWTH_LIMIT}x YOLOX's (416x416): ${met ? 'met' : 'NOT met'}`);
}

function print(s: ReturnType<typeof summarize>, rounds: number, file: string) {
  const f1 = (v: number) => v.toFixed(1);
  const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
  console.log(
    `video bench · ${s.modelName} · ${s.backend === 'wasm' ? `wasm (${s.wasmThreads} threads)` : s.backend} · pedestrians.webm ${s.video.width}x${s.video.height} @ ${s.video.fps} fps, looping`,
  );
  console.log(`browser: ${s.browser}`);
  console.log(
    `machine: ${s.machine.cores} cores, 1-minute load average ${s.machine.loadAverage1m.before.toFixed(2)} before, ${s.machine.loadAverage1m.after.toFixed(2)} after`,
  );
  if (s.fallbackReason) console.log(`note: ${s.fallbackReason}`);
  if (s.preprocessNote) console.log(`note: ${s.preprocessNote}`);
  if (s.fixedBatch > 0) console.log(`note: this model has a ${s.bareNote}`);
  console.log(
    'pipeline = video decode + createImageBitmap + transfer + preprocess + run + postprocess + transfer back + draw; medians of per-frame times',
  );
  console.log(`bare and pipeline alternate ${rounds} times per batch size; pipe/bare is the median of the rounds' ratios`);
  console.log(
    'host ms = capture (frame callback to ImageBitmap) + preprocess + postprocess + draw per frame: page and worker time outside session.run',
  );
  console.log('');
  const header = [
    'batch',
    'rate',
    'pipeline fps',
    'bare fps',
    'pipe/bare',
    'app/bare',
    'host ms',
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
    `${p.appOverBare.toFixed(3)}x`,
    p.hostMsPerFrame.toFixed(2),
    `${p.preprocess} ${pct(p.preprocessShare)}`,
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
      `batch ${p.batch}: host ms/frame capture ${p.hostMs.capture.toFixed(2)}, preprocess ${p.hostMs.preprocess.toFixed(2)}, postprocess ${p.hostMs.postprocess.toFixed(2)}, draw ${p.hostMs.draw.toFixed(2)}; capture->worker ${f1(l.captureToWorker)} ms, queue wait ${f1(l.queueWait)} ms, reply->page ${f1(l.replyToPage)} ms, capture->result ${f1(l.captureToResult)} ms; ` +
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
  console.log(
    `targets: app/bare <= ${appOverBareLimit(1)} below batch 4, <= ${appOverBareLimit(4)} from 4${s.backend === 'webgpu' ? ', preprocessing on the GPU' : ''}: ${s.meetsAppOverBare ? 'met' : 'NOT met'}`,
  );
  console.log(`wrote ${file}`);
  console.log('');
}
