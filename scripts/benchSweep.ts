// The node side of `npm run bench -- --sweep`: one sweep in headless Chromium, printed as a table,
// written as a run file that the app's "Import a run" reads.
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Browser } from '@playwright/test';
import { isVariant, variantName, type SessionVariant } from '../src/domain/model';
import { toJson, type BenchRun } from '../src/measure/metrics/runFormat';

export interface SweepCliOptions {
  model: string;
  manifestUrl: string;
  backend: 'webgpu' | 'wasm';
  batches: number[];
  variant: SessionVariant;
  json: boolean;
}

export async function benchSweep(browser: Browser, url: string, options: SweepCliOptions): Promise<void> {
  const page = await browser.newPage();
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  await page.goto(`${url}bench.html`);
  await page.waitForFunction(() => typeof window.runSweepBench === 'function');
  const run: BenchRun = await page.evaluate((o) => window.runSweepBench(o), {
    manifestUrl: options.manifestUrl,
    backend: options.backend,
    batches: options.batches,
    variant: options.variant,
  });
  mkdirSync('bench-results', { recursive: true });
  const file = `bench-results/sweep-${options.model.replace(/\W+/g, '_')}-${run.backend}-${run.date.replace(/[:.]/g, '-')}.json`;
  writeFileSync(file, toJson(run));
  if (options.json) {
    console.log(JSON.stringify({ file, ...run }));
    return;
  }
  console.log(
    `sweep: ${run.model} · ${run.backend}${run.device.wasmThreads ? ` (${run.device.wasmThreads} threads)` : ''} · ${run.device.description}${run.device.software ? ' (software adapter: not GPU timing)' : ''}`,
  );
  console.log(`browser: ${run.userAgent}`);
  console.log(`session creation ${run.sessionCreateMs?.toFixed(0)} ms · first run ${run.firstRunMs?.toFixed(0)} ms`);
  console.log('');
  const variant = isVariant(run);
  if (options.variant.float16 && !run.float16)
    console.log('--fp16: this adapter has no shader-f16 (or the backend is not WebGPU): timed without it');
  if (variant)
    console.log(
      `${variantName(run)}: max|diff| = largest output difference from the plain session, same input (graph capture: a session per batch size)`,
    );
  const cols = [
    'batch',
    'ms/batch p50',
    'p90',
    'ms/frame',
    'frames/s',
    'bare p50',
    'overhead',
    'share',
    'runs',
    ...(variant ? ['max|diff|'] : []),
  ];
  console.log(cols.map((c) => c.padStart(13)).join(''));
  for (const p of run.points) {
    const share = (p.overheadMsP50 ?? NaN) / p.msPerBatch.p50;
    const cells = [
      String(p.batch),
      p.msPerBatch.p50.toFixed(1),
      p.msPerBatch.p90.toFixed(1),
      p.msPerFrame.toFixed(2),
      p.throughputFps.toFixed(1),
      p.bareMsPerBatchP50?.toFixed(1) ?? '-',
      `${p.overheadMsP50?.toFixed(2)} ms`,
      `${(share * 100).toFixed(1)}%`,
      String(p.runs),
      ...(variant ? [p.maxAbsDiffVsPlain?.toExponential(1) ?? '-'] : []),
    ];
    console.log(cells.map((c) => c.padStart(13)).join(''));
  }
  const worst = Math.max(...run.points.map((p) => (p.overheadMsP50 ?? 0) / p.msPerBatch.p50));
  console.log(
    `\napp overhead = median over runs of (request-to-reply time - session.run time in that run); worst point: ${(worst * 100).toFixed(1)}% (target < 5%)`,
  );
  if (run.stopReason) console.log(`stopped: ${run.stopReason}`);
  console.log(`wrote ${file} (import it in the app: Batch size panel -> Import a run)`);
}
