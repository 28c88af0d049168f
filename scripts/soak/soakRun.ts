import { expect, type Browser, type Page } from '@playwright/test';
import { fixture, serveModel, YOLOX_MANIFEST } from '../../e2e/fixtures';
import { HeapSampler } from './heaps';

export type SoakModel = 'yolox' | 'detectnet';
export const SOAK_MODELS: readonly SoakModel[] = ['yolox', 'detectnet'];

export interface SoakOptions {
  baseUrl: string;
  model: SoakModel;
  backend: 'wasm' | 'webgpu';
  /** Frames to run through the model (results received). */
  frames: number;
  /** A sample every this many frames. */
  every: number;
  /** <video>.playbackRate: faster than real time so that inference, not the 10 fps file, sets the pace. */
  playbackRate: number;
  /** Growth is measured from the first sample at or after this frame (memory settles once every buffer size has been seen). */
  baselineFrame: number;
  onSample?: (sample: SoakSample) => void;
}

export interface SoakSample {
  frames: number;
  seconds: number;
  pageHeapBytes: number;
  workerHeapBytes: number;
  wasmHeapBytes: number;
  gpuBytes: number;
}

export interface FrameAccount {
  captured: number;
  completed: number;
  dropped: number;
  /** captured - completed - dropped once the source stopped and every frame settled: must be 0. */
  lost: number;
}

export interface SoakReport {
  options: Omit<SoakOptions, 'onSample' | 'baseUrl'>;
  samples: SoakSample[];
  /** Relative growth of each series from the baseline to the end (see growthOf). */
  growth: Record<'pageHeapBytes' | 'workerHeapBytes' | 'wasmHeapBytes' | 'gpuBytes', number>;
  account: FrameAccount;
}

const numberAttr = async (page: Page, testId: string, name: string): Promise<number> =>
  Number((await page.getByTestId(testId).getAttribute(name)) ?? NaN);

async function counters(page: Page): Promise<Omit<FrameAccount, 'lost'>> {
  return {
    captured: await numberAttr(page, 'detect-metrics', 'data-captured'),
    completed: await numberAttr(page, 'detect-metrics', 'data-completed'),
    dropped: await numberAttr(page, 'detect-metrics', 'data-dropped'),
  };
}

/** Opens the app with the model, plays the fixture video looping through the live path, samples memory. */
export async function soak(browser: Browser, options: SoakOptions): Promise<SoakReport> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  try {
    const query = new URLSearchParams({ backend: options.backend });
    if (options.model === 'yolox') query.set('model', await serveModel(page, YOLOX_MANIFEST, fixture('models/yolox_nano.onnx')));
    await page.goto(`${options.baseUrl}?${query}`);
    await expect(page.getByTestId('status')).toHaveAttribute('data-state', 'ready', { timeout: 300_000 });
    if (options.model === 'detectnet') {
      await page.getByTestId('model-select').selectOption('detectnet');
      await expect(page.getByTestId('status')).toHaveAttribute('data-state', 'ready', { timeout: 300_000 });
    }
    const heaps = await HeapSampler.attach(page);
    await page.getByTestId('nav-detect').click();
    await page.getByTestId('video-input').setInputFiles(fixture('video/pedestrians.webm'));
    // The app sets the video's source once it has probed the frame rate.
    await page.waitForFunction(() => (document.querySelector('[data-testid="video"]') as HTMLVideoElement | null)?.src.startsWith('blob:'));
    await page.getByTestId('video').evaluate(async (video: HTMLVideoElement, rate: number) => {
      if (video.readyState < 1) await new Promise((resolve) => video.addEventListener('loadedmetadata', resolve, { once: true }));
      video.loop = true;
      video.playbackRate = rate;
      if (video.paused) await video.play();
    }, options.playbackRate);

    const started = Date.now();
    const samples: SoakSample[] = [];
    let next = options.every;
    for (;;) {
      const { completed } = await counters(page);
      if (errors.length) throw new Error(`the page failed during the soak: ${errors.join('; ')}`);
      const error = page.getByTestId('error');
      if (await error.count()) throw new Error(`the app reported an error during the soak: ${await error.textContent()}`);
      if (completed >= next) {
        const heap = await heaps.sample();
        const sample: SoakSample = {
          frames: completed,
          seconds: (Date.now() - started) / 1000,
          pageHeapBytes: heap.pageBytes,
          workerHeapBytes: heap.workerBytes,
          wasmHeapBytes: await numberAttr(page, 'memory-use', 'data-wasm-bytes'),
          gpuBytes: await numberAttr(page, 'memory-use', 'data-gpu-bytes'),
        };
        samples.push(sample);
        options.onSample?.(sample);
        while (next <= completed) next += options.every;
      }
      if (completed >= options.frames) break;
      await page.waitForTimeout(250);
    }

    // Stop the source, let every frame in flight come back, then every captured frame must be a result or a drop.
    await page.getByTestId('video').evaluate((video: HTMLVideoElement) => video.pause());
    let account: FrameAccount = { ...(await counters(page)), lost: NaN };
    for (let i = 0; i < 120; i++) {
      await page.waitForTimeout(500);
      const now = await counters(page);
      account = { ...now, lost: now.captured - now.completed - now.dropped };
      if (account.lost === 0) break;
    }
    const grow = (key: keyof SoakReport['growth']) => growthOf(samples, options.baselineFrame, key);
    const { onSample: _onSample, baseUrl: _baseUrl, ...rest } = options;
    return {
      options: rest,
      samples,
      growth: {
        pageHeapBytes: grow('pageHeapBytes'),
        workerHeapBytes: grow('workerHeapBytes'),
        wasmHeapBytes: grow('wasmHeapBytes'),
        gpuBytes: grow('gpuBytes'),
      },
      account,
    };
  } finally {
    await context.close();
  }
}

type Series = keyof SoakReport['growth'];

/**
 * Relative growth of a series from the first two samples at or after `baselineFrame` to the last two,
 * each pair read by its smaller value. A garbage collection precedes each sample, so what is still
 * live is what the app holds plus whatever frames are in flight at that instant; the smaller of two
 * readings drops most of that in-flight part (observed: +-1.5 MiB on a 10 MiB page heap) while a
 * leak raises both.
 */
export function growthOf(samples: readonly SoakSample[], baselineFrame: number, key: Series): number {
  const { baseline, end } = endpoints(samples, baselineFrame, key);
  return baseline > 0 ? (end - baseline) / baseline : 0;
}

function endpoints(samples: readonly SoakSample[], baselineFrame: number, key: Series): { baseline: number; end: number } {
  const atBaseline = samples.findIndex((s) => s.frames >= baselineFrame);
  const from = atBaseline < 0 ? 0 : atBaseline;
  const low = (window: readonly SoakSample[]) => Math.min(...window.map((s) => s[key]));
  return { baseline: low(samples.slice(from, from + 2)), end: low(samples.slice(Math.max(from, samples.length - 2))) };
}

/**
 * The page's JS heap swings by about 3 MiB between samples even after a forced GC (measured:
 * 10.1 to 13.3 MiB within 200 frames, back down later), so growth within this many bytes is not
 * called a leak. A leak of 1 KB a frame still shows over a 10,000-frame soak (10 MB); over the
 * 500 frames of the short soak in `npm test` only one of 25 KB a frame or more does.
 */
export const HEAP_NOISE_BYTES = 5 * 2 ** 20;
const JS_HEAPS: readonly Series[] = ['pageHeapBytes', 'workerHeapBytes'];

/** Why a soak failed, or [] when memory stayed within `maxGrowth` (JS heaps: or within their noise) and no frame was lost. */
export function soakFailures(report: SoakReport, maxGrowth = 0.1): string[] {
  const failures = (Object.entries(report.growth) as [Series, number][]).flatMap(([key, growth]) => {
    if (growth <= maxGrowth) return [];
    const { baseline, end } = endpoints(report.samples, report.options.baselineFrame, key);
    const noise = JS_HEAPS.includes(key) ? HEAP_NOISE_BYTES : 0;
    if (end - baseline <= noise) return [];
    const floor = noise ? `, and more than the ${noise / 2 ** 20} MiB a JS heap swings between samples` : '';
    return [`${key} grew ${(growth * 100).toFixed(1)}% (limit ${(maxGrowth * 100).toFixed(0)}%${floor})`];
  });
  if (report.account.lost !== 0)
    failures.push(
      `${report.account.lost} frame(s) lost without being counted: captured ${report.account.captured}, results ${report.account.completed}, dropped ${report.account.dropped}`,
    );
  return failures;
}
