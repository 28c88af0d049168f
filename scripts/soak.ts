// npm run soak -- [--frames 10000] [--model yolox|detectnet] [--backend wasm|webgpu] [--every 500] [--rate 4] [--json]
// Plays the fixture video, looping, through the app's live detect path and samples memory every
// `--every` frames: JS heap of the page and of the workers (DevTools protocol, after a GC), the WASM
// heap and the GPU bytes the app counts. Prints the series and the growth from frame 1,000 (or the
// first sample) to the end; exits 1 if any grew more than 10% or a frame was lost without being counted.
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { preview } from 'vite';
import { CHROMIUM_ARGS, chromiumExecutable } from '../e2e/chromium';
import { HAS_FIXTURES, NO_FIXTURES_MESSAGE } from '../e2e/fixtures';
import { SOAK_MODELS, soak, soakFailures, type SoakModel, type SoakSample } from './soak/soakRun';

const { values } = parseArgs({
  options: {
    frames: { type: 'string', default: '10000' },
    model: { type: 'string', default: 'yolox' },
    backend: { type: 'string', default: 'wasm' },
    every: { type: 'string', default: '500' },
    rate: { type: 'string', default: '4' },
    json: { type: 'boolean', default: false },
  },
});

function usage(message: string): never {
  console.error(`npm run soak: ${message}`);
  process.exit(2);
}

const frames = Number(values.frames);
const every = Number(values.every);
if (!Number.isInteger(frames) || frames < 2) usage(`--frames takes a whole number of at least 2, got ${values.frames}`);
if (!Number.isInteger(every) || every < 1 || every > frames) usage(`--every takes a whole number from 1 to --frames, got ${values.every}`);
const playbackRate = Number(values.rate);
if (!(playbackRate > 0 && playbackRate <= 16)) usage(`--rate takes a playback rate in (0, 16], got ${values.rate}`);
if (!SOAK_MODELS.includes(values.model as SoakModel)) usage(`--model is ${SOAK_MODELS.join(' or ')}, not ${values.model}`);
if (values.backend !== 'wasm' && values.backend !== 'webgpu') usage(`--backend is wasm or webgpu, not ${values.backend}`);
if (!HAS_FIXTURES) usage(NO_FIXTURES_MESSAGE);

// Memory settles once every buffer size has been seen: growth counts from frame 1,000 (the middle of a shorter soak).
const baselineFrame = Math.min(1000, Math.floor(frames / 2));

const MiB = (bytes: number) => (bytes / 2 ** 20).toFixed(1).padStart(8);
const row = (s: SoakSample) =>
  `${String(s.frames).padStart(7)} ${s.seconds.toFixed(0).padStart(7)} ${MiB(s.pageHeapBytes)} ${MiB(s.workerHeapBytes)} ${MiB(s.wasmHeapBytes)} ${MiB(s.gpuBytes)}`;

const server = await preview({ preview: { port: 4176, strictPort: false }, logLevel: 'silent' });
const baseUrl = server.resolvedUrls?.local[0];
if (!baseUrl) throw new Error('vite preview did not report a URL');
const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS, headless: true });
try {
  if (!values.json) {
    console.log(`soak: ${values.model} on ${values.backend}, ${frames} frames, a sample every ${every}`);
    console.log(' frames       s  page MiB worker MiB  WASM MiB   GPU MiB');
  }
  const report = await soak(browser, {
    baseUrl,
    model: values.model as SoakModel,
    backend: values.backend,
    frames,
    every,
    playbackRate,
    baselineFrame,
    onSample: values.json ? undefined : (s) => console.log(row(s)),
  });
  const failures = soakFailures(report);
  if (values.json) console.log(JSON.stringify({ ...report, failures }));
  else {
    const pct = (g: number) => `${(g * 100).toFixed(1)}%`;
    const g = report.growth;
    console.log(
      `growth from frame ${report.samples.find((s) => s.frames >= baselineFrame)?.frames} to the end: page heap ${pct(g.pageHeapBytes)}, worker heap ${pct(g.workerHeapBytes)}, WASM heap ${pct(g.wasmHeapBytes)}, GPU ${pct(g.gpuBytes)}`,
    );
    const a = report.account;
    console.log(`frames: captured ${a.captured}, results ${a.completed}, dropped ${a.dropped}, lost ${a.lost}`);
    console.log(failures.length ? `FAIL: ${failures.join('; ')}` : 'PASS: memory flat, every frame accounted for');
  }
  process.exitCode = failures.length ? 1 : 0;
} finally {
  await browser.close();
  await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
}
