import { expect, test } from './test';
import { AppPage } from './appPage';
import { serveModel } from './fixtures';
import { tinyClassifier } from './tinyModel';
import { resultRows } from './benchResults';

/**
 * Graph capture as a sweep variant (WebGPU): ORT records each batch size's GPU commands and
 * replays them. WebGPU here is SwiftShader, so the tiny classifier keeps runs cheap; what this
 * checks is the comparison the user gets, not a speed-up (a software adapter has no CPU-GPU gap
 * to close).
 */
test('a graph-capture sweep runs beside the plain one, and every point states its outputs match the plain session', async ({
  page,
}, testInfo) => {
  test.setTimeout(300_000);
  const app = new AppPage(page);
  const tiny = tinyClassifier();
  await app.open({ model: await serveModel(page, tiny.manifest as { id: string }, tiny.model), backend: 'webgpu' });
  await app.goto('benchmark');
  await page.getByTestId('batch-list').fill('1, 2');
  await page.getByTestId('bench-run').click();
  await expect(page.getByTestId('bench-message')).toContainText('finished: 2 batch sizes', { timeout: 240_000 });

  // SwiftShader has no shader-f16: float16 weights are shown, not offered, and say why.
  await expect(page.getByTestId('bench-float16')).toBeDisabled();
  await expect(page.getByTestId('bench-variant')).toContainText('this GPU has no shader-f16');
  await page.getByTestId('bench-graph-capture').check();
  await page.getByTestId('bench-run').click();
  await expect(page.getByTestId('bench-message')).toContainText('finished: 2 batch sizes', { timeout: 240_000 });

  const rows = await resultRows(page);
  expect(rows.map((r) => [r.run, r.batch, r.variant])).toEqual([
    [0, 1, null],
    [0, 2, null],
    [1, 1, 'graph capture'],
    [1, 2, 'graph capture'],
  ]);
  for (const r of rows) {
    expect(r.runs).toBeGreaterThan(0);
    // The plain run has no difference to report; a replay computes the same kernels on the same input.
    if (!r.variant) expect(r.maxAbsDiff).toBeNull();
    else expect(r.maxAbsDiff).toBeLessThanOrEqual(1e-6);
  }
  await expect(page.getByTestId('run-legend')).toContainText('plain session');
  await expect(page.getByTestId('run-legend')).toContainText('graph capture');
  await expect(page.getByTestId('sweep-charts').locator('.recharts-line-curve')).toHaveCount(6);
  await app.screenshot(testInfo, 'sweep-graph-capture');

  // Each batch size's captured session is released when the next one starts (the last when the
  // sweep ends), and its input buffer destroyed. Measured: the same sweep again leaves two more
  // small ORT storage buffers, 64 and 128 bytes (one per captured batch size; the size class of
  // this model's batch-1 and batch-2 outputs), that a released graph-capture session does not
  // free; disposing its output tensors does not free them either. The bound is exactly that: a
  // real leak of ours (an input buffer is 12 KiB) fails it.
  const gpuBytes = async () => {
    const use = page.getByTestId('memory-use');
    const before = await use.getAttribute('data-sampled-at');
    await expect(use).not.toHaveAttribute('data-sampled-at', before ?? '');
    return Number(await use.getAttribute('data-gpu-bytes'));
  };
  const afterFirst = await gpuBytes();
  await page.getByTestId('bench-run').click();
  await expect(page.getByTestId('bench-message')).toContainText('finished: 2 batch sizes', { timeout: 240_000 });
  const afterSecond = await gpuBytes();
  console.log(`GPU buffers after one graph-capture sweep ${afterFirst} bytes, after another ${afterSecond}`);
  expect(afterSecond - afterFirst).toBeLessThanOrEqual(64 + 128);
  app.expectNoConsoleErrors();
});
