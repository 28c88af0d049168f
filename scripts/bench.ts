// npm run bench [-- --backend wasm|webgpu] [--model googlenet|<manifest url>] [--runs 30] [--json]
// Measures the built app in headless Chromium: session creation, first run, the bare session.run
// loop, and the app's own path (worker + decode + preprocessing + postprocessing), in one run.
// npm run bench -- --video [--model yolox|detectnet] [--batches 1,2,4,8] [--rate auto|8] [--seconds 6] [--json]
// runs the video path instead (scripts/benchVideo.ts).
// npm run bench -- --sweep [--backend wasm|webgpu] [--model googlenet] [--batches 1,2,4,8] [--json]
// runs the app's batch-size sweep (scripts/benchSweep.ts) and writes a run file the app imports.
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { preview } from 'vite';
import { CHROMIUM_ARGS, chromiumExecutable } from '../e2e/chromium';
import type { BenchReport } from '../src/bench/benchPage';
import { median, percentile } from '../src/measure/metrics/stats';
import { parseBatchList } from '../src/measure/sweep/batchList';
import { benchSweep } from './benchSweep';
import { benchVideo, VIDEO_MODELS, type VideoCliOptions, type VideoModel } from './benchVideo';

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'wasm' },
    model: { type: 'string' },
    runs: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '3' },
    json: { type: 'boolean', default: false },
    // The video bench: WASM only, both detectors unless --model names one.
    video: { type: 'boolean', default: false },
    sweep: { type: 'boolean', default: false },
    batches: { type: 'string', default: '1,2,4,8' },
    rate: { type: 'string', default: 'auto' },
    seconds: { type: 'string', default: '6' },
  },
});
const model = values.model ?? 'googlenet';
const backend: 'webgpu' | 'wasm' = values.backend === 'webgpu' ? 'webgpu' : 'wasm';
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 20)
  usage(`--runs takes a whole number of at least 20 (the sweep's own minimum per point), got ${values.runs}`);
const manifestUrl = model.includes('/') ? model : `models/${model}/manifest.json`;
const videoOptions = values.video ? parseVideoOptions() : undefined;

const server = await preview({ preview: { port: 4174, strictPort: false }, logLevel: 'silent' });
const url = server.resolvedUrls?.local[0];
if (!url) throw new Error('vite preview did not report a URL');
const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS, headless: true });
try {
  if (videoOptions) await benchVideo(browser, url, videoOptions);
  else if (values.sweep) await benchSweep(browser, url, { model, manifestUrl, backend, batches: parseBatches(), json: values.json });
  else await imageBench();
} finally {
  await browser.close();
  await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
}

function usage(message: string): never {
  console.error(`npm run bench: ${message}`);
  process.exit(2);
}

function parseBatches(): number[] {
  const list = parseBatchList(values.batches);
  if (!list.ok) usage(`--batches: ${list.error}`);
  return list.batches;
}

function parseVideoOptions(): VideoCliOptions {
  const models = values.model === undefined ? [...VIDEO_MODELS] : [values.model as VideoModel];
  if (!models.every((m) => VIDEO_MODELS.includes(m))) usage(`--video runs ${VIDEO_MODELS.join(' or ')}, not ${values.model}`);
  if (values.backend !== 'wasm') usage('--video measures WASM only');
  const batches = parseBatches();
  const playbackRate: number | 'auto' = values.rate === 'auto' ? 'auto' : Number(values.rate);
  if (playbackRate !== 'auto' && !(playbackRate > 0 && playbackRate <= 16))
    usage(`--rate takes auto or a playback rate in (0, 16], got ${values.rate}`);
  return { models, batches, playbackRate, timedSeconds: Math.max(1, Number(values.seconds)), json: values.json };
}

async function imageBench() {
  const page = await browser.newPage();
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  await page.goto(`${url}bench.html`);
  await page.waitForFunction(() => typeof window.runBench === 'function');
  const report: BenchReport = await page.evaluate((options) => window.runBench(options), {
    manifestUrl,
    backend,
    runs,
    warmupRuns: Number(values.warmup),
  });
  const summary = summarize(report);
  mkdirSync('bench-results', { recursive: true });
  const file = `bench-results/${model.replace(/\W+/g, '_')}-${report.backend}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  writeFileSync(file, JSON.stringify({ model, ...summary, raw: report }, null, 2));
  if (values.json) console.log(JSON.stringify({ model, ...summary, file }));
  else print(summary, file);
}

function summarize(report: BenchReport) {
  const stageMedians = Object.fromEntries(
    (['decode', 'preprocess', 'inference', 'postprocess'] as const).map((s) => [s, median(report.appStages.map((t) => t[s]))]),
  );
  const bareP50 = median(report.bareMs);
  const appP50 = median(report.appMs);
  return {
    backend: report.backend,
    fallbackReason: report.fallbackReason,
    wasmThreads: report.wasmThreads,
    browser: report.userAgent,
    runs: report.bareMs.length,
    sessionCreateMs: report.sessionCreateMs,
    firstRunMs: report.firstRunMs,
    bare: { p50: bareP50, p90: percentile(report.bareMs, 90) },
    app: { p50: appP50, p90: percentile(report.appMs, 90) },
    appStageMediansMs: stageMedians,
    appOverBare: appP50 / bareP50,
  };
}

function print(s: ReturnType<typeof summarize>, file: string) {
  const ms = (v: number) => `${v.toFixed(1)} ms`.padStart(10);
  console.log(
    `model ${model} · backend ${s.backend}${s.backend === 'wasm' ? ` (${s.wasmThreads} threads)` : ''} · batch 1 · ${s.runs} timed runs after warm-up`,
  );
  if (s.fallbackReason) console.log(`note: ${s.fallbackReason}`);
  console.log(`browser: ${s.browser}`);
  console.log(`session creation ${ms(s.sessionCreateMs)}   first run ${ms(s.firstRunMs)}`);
  console.log('');
  console.log('path                                     p50 / image   p90 / image');
  console.log(`bare session.run (fixed tensor)       ${ms(s.bare.p50)}    ${ms(s.bare.p90)}`);
  console.log(`app: worker+decode+pre+run+post       ${ms(s.app.p50)}    ${ms(s.app.p90)}`);
  const st = s.appStageMediansMs;
  console.log(
    `  app stage medians: decode ${st.decode!.toFixed(1)} · preprocess ${st.preprocess!.toFixed(1)} · inference ${st.inference!.toFixed(1)} · postprocess ${st.postprocess!.toFixed(1)} ms`,
  );
  console.log(`app / bare (p50): ${s.appOverBare.toFixed(3)}x  (target <= 1.10x)`);
  console.log(`wrote ${file}`);
}
