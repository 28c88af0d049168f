import type { Page } from '@playwright/test';
import { expect, test } from './test';
import { HeapSampler } from '../scripts/soak/heaps';
import { AppPage, type Backend } from './appPage';
import { fixture, HAS_FIXTURES, NO_FIXTURES_MESSAGE, serveModel } from './fixtures';
import { tinyDetectNet } from './tinyModels';

test.skip(!HAS_FIXTURES, NO_FIXTURES_MESSAGE);

interface Memory {
  pageHeap: number;
  workerHeap: number;
  wasmHeap: number;
  gpuBytes: number;
}

/** After a GC in the page and the workers, and a fresh reading of the worker's own counters. */
async function memory(page: Page, heaps: HeapSampler): Promise<Memory> {
  const use = page.getByTestId('memory-use');
  // The status bar refreshes every 2 s: wait for a reading taken after the last switch.
  const before = await use.getAttribute('data-sampled-at');
  await expect(use).not.toHaveAttribute('data-sampled-at', before ?? '');
  const { pageBytes, workerBytes } = await heaps.sample();
  return {
    pageHeap: pageBytes,
    workerHeap: workerBytes,
    wasmHeap: Number(await use.getAttribute('data-wasm-bytes')),
    gpuBytes: Number(await use.getAttribute('data-gpu-bytes')),
  };
}

const MiB = (m: Memory) =>
  `page ${(m.pageHeap / 2 ** 20).toFixed(1)} MiB, worker ${(m.workerHeap / 2 ** 20).toFixed(1)} MiB, WASM ${(m.wasmHeap / 2 ** 20).toFixed(1)} MiB, GPU ${(m.gpuBytes / 2 ** 20).toFixed(1)} MiB`;

function expectWithin(after: Memory, first: Memory, fraction: number): void {
  for (const key of ['pageHeap', 'workerHeap', 'wasmHeap', 'gpuBytes'] as const) {
    // A few hundred KiB of slack for series that start near zero (GPU bytes on a WASM session).
    expect(after[key], key).toBeLessThanOrEqual(first[key] * (1 + fraction) + 256 * 1024);
  }
}

// GoogLeNet or DetectNet on WebGPU cost many seconds per load on SwiftShader (a CPU), so WebGPU
// gets DetectNet's graph at 128x64: the same kernels and session machinery, allocated and
// released on the GPU device. DetectNet at 1024x512 is loaded once before the count starts: it
// sets the WASM heap's high-water mark.
// A model opened from a URL is listed under the id url:<manifest URL>.
const TINY = 'url:/test-models/tiny-detectnet/manifest.json';
// Ten switches a cycle; SwiftShader makes a WebGPU load cost seconds, so one switch in ten goes to WebGPU.
const CYCLE: { model: string; backend: Backend }[] = [
  ...Array.from({ length: 9 }, (_, i) => ({ model: i % 2 === 0 ? 'googlenet' : TINY, backend: 'wasm' as const })),
  // Last, so the first and the last reading are both taken with a WebGPU session open.
  { model: TINY, backend: 'webgpu' },
];
// `npm test` runs two cycles and five imports (about 2 minutes here); `npm run churn` runs the
// full 100 switches and 20 imports (about 8 minutes here).
const SWITCHES = Number(process.env.CHURN_SWITCHES ?? 2 * CYCLE.length);
const IMPORTS = Number(process.env.CHURN_IMPORTS ?? 5);

test(`${SWITCHES} switches between models and backends, and ${IMPORTS} imports and deletes, leave memory where the first cycle left it`, async ({
  page,
}) => {
  test.setTimeout(1_800_000);
  const app = new AppPage(page);
  const tiny = tinyDetectNet();
  const tinyUrl = await serveModel(page, tiny.manifest as { id: string }, tiny.model);
  expect(`url:${tinyUrl}`).toBe(TINY);
  await app.open({ backend: 'wasm', model: tinyUrl });
  const heaps = await HeapSampler.attach(page);

  const importMobileNet = async () => {
    await app.goto('models');
    await page.getByTestId('model-file').setInputFiles(fixture('models/mobilenetv2-12-int8.onnx'));
    await page.getByTestId('save-onnx').click();
    await expect(page.getByTestId('model-select')).toHaveValue('mobilenetv2-12-int8');
    await app.waitReady();
  };

  const switchTo = async ({ model, backend }: (typeof CYCLE)[number]) => {
    if ((await page.getByTestId('backend-select').inputValue()) !== backend) await app.selectBackend(backend);
    if ((await page.getByTestId('model-select').inputValue()) !== model) await app.selectModel(model);
  };

  await switchTo({ model: 'detectnet', backend: 'wasm' });
  let first: Memory | undefined;
  for (let i = 0; i < SWITCHES; i++) {
    await switchTo(CYCLE[i % CYCLE.length]!);
    // Every model on every backend has been loaded once: the allocations a session of each needs exist now.
    if (i === CYCLE.length - 1) {
      first = await memory(page, heaps);
      expect(first.gpuBytes, 'the WebGPU session allocated GPU buffers').toBeGreaterThan(0);
    }
  }
  const afterSwitches = await memory(page, heaps);
  console.log(`churn: after the first cycle ${MiB(first!)}; after ${SWITCHES} switches ${MiB(afterSwitches)}`);
  expectWithin(afterSwitches, first!, 0.1);

  await switchTo({ model: 'googlenet', backend: 'wasm' });
  const beforeImports = await memory(page, heaps);
  for (let i = 0; i < IMPORTS; i++) {
    await importMobileNet();
    await app.goto('models');
    await page.getByTestId('library-delete').click();
    await expect(page.getByTestId('library-item')).toHaveCount(0);
    await app.waitReady();
  }
  await switchTo({ model: 'googlenet', backend: 'wasm' });
  const afterImports = await memory(page, heaps);
  console.log(`churn: before ${IMPORTS} imports ${MiB(beforeImports)}; after ${MiB(afterImports)}`);
  expectWithin(afterImports, beforeImports, 0.1);
  await expect(app.error()).toHaveCount(0);
  app.expectNoConsoleErrors();
});
