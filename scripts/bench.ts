// npm run bench [-- --backend wasm|webgpu|wasm,webgpu] [--model googlenet|<manifest url>] [--batches 1,4] [--runs 20] [--json]
// Measures the built app in headless Chromium: session creation, first run, the bare session.run
// loop, and the app's own path (worker + decode + preprocessing + postprocessing), per backend and
// batch size. --runs is 20 by default; 3 or more makes a smoke run (no spread is reported then).
// npm run bench -- --video [--backend wasm|webgpu] [--model yolox|detectnet] [--batches 1,2,4,8] [--rate auto|8] [--seconds 6]
//                          [--rounds 6] [--json]
// runs the video path instead (scripts/benchVideo.ts); on SwiftShader WebGPU use --rounds 1 or 2 (seconds per frame).
// npm run bench -- --sweep [--backend wasm|webgpu] [--graph-capture] [--fp16] [--model googlenet] [--batches 1,2,4,8] [--json]
// runs the app's batch-size sweep (scripts/benchSweep.ts) and writes a run file the app imports;
// --graph-capture and --fp16 (WebGPU; fp16 needs shader-f16) time ORT's graph capture and/or the
// model in float16, each batch checked against the plain session's outputs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { preview } from 'vite';
import { CHROMIUM_ARGS, chromiumExecutable } from '../e2e/chromium';
import type { BenchReport } from '../src/bench/benchPage';
import { parseBatchList } from '../src/measure/sweep/batchList';
import { benchSweep } from './benchSweep';
import { benchVideo, VIDEO_MODELS, type VideoCliOptions, type VideoModel } from './benchVideo';
import { summarizeReport, type ReportSummary } from './imageBenchSummary';

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'wasm' },
    model: { type: 'string' },
    runs: { type: 'string', default: '20' },
    // Loading the model already runs one warm-up batch through the app's path.
    warmup: { type: 'string', default: '1' },
    json: { type: 'boolean', default: false },
    // The video bench: both detectors unless --model names one.
    video: { type: 'boolean', default: false },
    rounds: { type: 'string', default: '6' },
    sweep: { type: 'boolean', default: false },
    'graph-capture': { type: 'boolean', default: false },
    fp16: { type: 'boolean', default: false },
    // Image bench: 1; sweep and video: 1,2,4,8.
    batches: { type: 'string' },
    rate: { type: 'string', default: 'auto' },
    seconds: { type: 'string', default: '6' },
  },
});
const model = values.model ?? 'googlenet';
const backends = parseBackends(values.backend);
const backend = backends[0]!;
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 3) usage(`--runs takes a whole number of at least 3 (20 or more for a spread), got ${values.runs}`);
const warmup = Number(values.warmup);
if (!Number.isInteger(warmup) || warmup < 0) usage(`--warmup takes a whole number >= 0, got ${values.warmup}`);
const manifestUrl = model.includes('/') ? model : `models/${model}/manifest.json`;
const videoOptions = values.video ? parseVideoOptions() : undefined;

const server = await preview({ preview: { port: 4174, strictPort: false }, logLevel: 'silent' });
const url = server.resolvedUrls?.local[0];
if (!url) throw new Error('vite preview did not report a URL');
const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS, headless: true });
try {
  if (videoOptions) await benchVideo(browser, url, videoOptions);
  else if (values.sweep)
    await benchSweep(browser, url, {
      model,
      manifestUrl,
      backend,
      batches: parseBatches('1,2,4,8'),
      variant: { graphCapture: values['graph-capture'], float16: values.fp16 },
      json: values.json,
    });
  else for (const b of backends) await imageBench(b, parseBatches('1'));
} finally {
  await browser.close();
  await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
}

function usage(message: string): never {
  console.error(`npm run bench: ${message}`);
  process.exit(2);
}

function parseBackends(text: string): ('wasm' | 'webgpu')[] {
  const list = text.split(',').map((b) => b.trim());
  if (list.length === 0 || !list.every((b) => b === 'wasm' || b === 'webgpu'))
    usage(`--backend takes wasm, webgpu or both (wasm,webgpu), got ${text}`);
  if (list.length > 1 && (values.video || values.sweep)) usage('--video and --sweep take one backend');
  if ((values['graph-capture'] || values.fp16) && (!values.sweep || list[0] !== 'webgpu'))
    usage('--graph-capture and --fp16 go with --sweep --backend webgpu');
  return list as ('wasm' | 'webgpu')[];
}

function parseBatches(fallback: string): number[] {
  const list = parseBatchList(values.batches ?? fallback);
  if (!list.ok) usage(`--batches: ${list.error}`);
  return list.batches;
}

function parseVideoOptions(): VideoCliOptions {
  const models = values.model === undefined ? [...VIDEO_MODELS] : [values.model as VideoModel];
  if (!models.every((m) => VIDEO_MODELS.includes(m))) usage(`--video runs ${VIDEO_MODELS.join(' or ')}, not ${values.model}`);
  const rounds = Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1) usage(`--rounds takes a whole number of at least 1, got ${values.rounds}`);
  const batches = parseBatches('1,2,4,8');
  const playbackRate: number | 'auto' = values.rate === 'auto' ? 'auto' : Number(values.rate);
  if (playbackRate !== 'auto' && !(playbackRate > 0 && playbackRate <= 16))
    usage(`--rate takes auto or a playback rate in (0, 16], got ${values.rate}`);
  return { models, backend, rounds, batches, playbackRate, timedSeconds: Math.max(1, Number(values.seconds)), json: values.json };
}

async function imageBench(backend: 'wasm' | 'webgpu', batches: number[]) {
  const page = await browser.newPage();
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  await page.goto(`${url}bench.html`);
  await page.waitForFunction(() => typeof window.runBench === 'function');
  const report: BenchReport = await page.evaluate((options) => window.runBench(options), {
    manifestUrl,
    backend,
    runs,
    warmupRuns: warmup,
    batches,
  });
  await page.close();
  const summary = summarizeReport(report);
  mkdirSync('bench-results', { recursive: true });
  const file = `bench-results/${model.replace(/\W+/g, '_')}-${report.backend}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  writeFileSync(file, JSON.stringify({ model, ...summary, raw: report }, null, 2));
  if (values.json) console.log(JSON.stringify({ model, ...summary, file }));
  else print(summary, file);
}

function print(s: ReportSummary, file: string) {
  const ms = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)} ms`).padStart(10);
  console.log(
    `model ${model} · backend ${s.backend}${s.backend === 'wasm' ? ` (${s.wasmThreads} threads)` : ''} · ${s.runs} timed runs per batch after warm-up`,
  );
  if (s.fallbackReason) console.log(`note: ${s.fallbackReason}`);
  if (s.preprocessNote) console.log(`note: ${s.preprocessNote}`);
  if (s.note) console.log(`note: ${s.note}`);
  console.log(`browser: ${s.browser}`);
  console.log(`session creation ${ms(s.sessionCreateMs)}   first run ${ms(s.firstRunMs)}`);
  for (const p of s.points) {
    console.log('');
    console.log(`batch ${p.batch} · preprocess on the ${p.preprocess.toUpperCase()}        p50 / request   p90 / request`);
    console.log(`bare session.run (fixed input)          ${ms(p.bare.p50)}      ${ms(p.bare.p90)}`);
    console.log(`app: worker+decode+pre+run+post         ${ms(p.app.p50)}      ${ms(p.app.p90)}`);
    const st = p.stageMediansMs;
    console.log(
      `  app stage medians: decode ${st.decode.toFixed(1)} · preprocess ${st.preprocess.toFixed(1)} · inference ${st.inference.toFixed(1)} · postprocess ${st.postprocess.toFixed(1)} ms`,
    );
    console.log(
      `per frame: bare ${p.bareMsPerFrame.toFixed(2)} ms · app ${p.appMsPerFrame.toFixed(2)} ms · host (outside session.run) ${p.hostMsPerFrame.toFixed(2)} ms`,
    );
    console.log(`app / bare (p50): ${p.appOverBare.toFixed(3)}x  (target <= ${p.batch >= 4 ? '1.05' : '1.10'}x)`);
  }
  console.log(`wrote ${file}`);
}
