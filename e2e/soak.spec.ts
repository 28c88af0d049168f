import { expect, test } from './test';
import { soak, soakFailures } from '../scripts/soak/soakRun';
import { HAS_FIXTURES, NO_FIXTURES_MESSAGE } from './fixtures';

test.skip(!HAS_FIXTURES, NO_FIXTURES_MESSAGE);

// The short form of `npm run soak` (10,000 frames there): the live path keeps memory flat once
// its rolling windows are full (300 frames), and every captured frame is a result or a counted drop.
test('500 frames of looping video through YOLOX on WASM: flat memory, no frame lost uncounted', async ({ browser, baseURL }) => {
  test.setTimeout(1_200_000);
  const report = await soak(browser, {
    baseUrl: baseURL!,
    model: 'yolox',
    backend: 'wasm',
    frames: 500,
    every: 50,
    playbackRate: 4,
    baselineFrame: 300,
  });
  console.log(
    `soak 500: ${report.samples.map((s) => `${s.frames}f page ${(s.pageHeapBytes / 2 ** 20).toFixed(1)} MiB worker ${(s.workerHeapBytes / 2 ** 20).toFixed(1)} MiB wasm ${(s.wasmHeapBytes / 2 ** 20).toFixed(1)} MiB`).join(' | ')}`,
  );
  expect(report.samples.length).toBeGreaterThanOrEqual(10);
  expect(report.samples.every((s) => s.wasmHeapBytes > 0 && s.pageHeapBytes > 0 && s.workerHeapBytes > 0)).toBe(true);
  expect(report.account.captured).toBeGreaterThanOrEqual(500);
  expect(soakFailures(report)).toEqual([]);
});
