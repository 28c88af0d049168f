import { readFileSync } from 'node:fs';
import { expect, test } from './test';
import { AppPage } from './appPage';
import { makeJpeg } from './images';
import { resultRows } from './benchResults';

test('a WASM sweep of GoogLeNet at batch 1, 2, 4 fills the results and charts; the exported run imports back identically', async ({
  page,
}, testInfo) => {
  test.setTimeout(300_000);
  const app = new AppPage(page);
  await app.open({ backend: 'wasm' });
  await app.goto('benchmark');
  await page.getByTestId('batch-list').fill('1, 2, 4');
  await page.getByTestId('bench-run').click();
  await expect(page.getByTestId('bench-message')).toContainText('finished: 3 batch sizes', { timeout: 240_000 });

  const rows = await resultRows(page);
  expect(rows.map((r) => r.batch)).toEqual([1, 2, 4]);
  for (const r of rows) {
    expect(r.backend).toBe('wasm');
    expect(r.latency).toBeGreaterThan(0);
    expect(r.perFrame).toBeGreaterThan(0);
    expect(r.throughput).toBeGreaterThan(0);
    expect(Math.abs(r.throughput - (r.batch * 1000) / r.latency) / r.throughput).toBeLessThan(0.05);
    expect(Math.abs(r.perFrame - r.latency / r.batch) / r.perFrame).toBeLessThan(0.05);
    // The point rule: at least 10 timed runs (and 2 s) behind every point.
    expect(r.runs).toBeGreaterThanOrEqual(10);
    // GoogLeNet's weights alone are 27 MB; the WASM memory holds them and the activations.
    expect(r.memoryEstimated).toBeGreaterThan(27e6);
    expect(r.memoryMeasured).toBeGreaterThan(27e6);
  }
  expect(rows[2]!.memoryEstimated).toBeGreaterThan(rows[0]!.memoryEstimated);
  console.log(
    `memory model against WASM memory: ${rows.map((r) => `batch ${r.batch} ${(r.memoryEstimated / 2 ** 20).toFixed(1)} / ${(r.memoryMeasured / 2 ** 20).toFixed(1)} MiB`).join(', ')}`,
  );
  // Drawn lines, not empty frames: every chart has a curve with points.
  const charts = page.getByTestId('sweep-chart');
  await expect(charts).toHaveCount(4);
  for (let i = 0; i < 3; i++) await expect(charts.nth(i).locator('.recharts-line-curve')).toHaveAttribute('d', /M.*L/);
  await expect(charts.nth(3).locator('.recharts-scatter-symbol')).toHaveCount(3);
  await charts.first().scrollIntoViewIfNeeded();
  await app.screenshot(testInfo, 'sweep-wasm');

  const downloadEvent = page.waitForEvent('download');
  await page.getByTestId('run-export').first().click();
  const file = await (await downloadEvent).path();
  await page.getByTestId('run-import').setInputFiles({ name: 'run.json', mimeType: 'application/json', buffer: readFileSync(file) });
  await expect(page.getByTestId('run-item')).toHaveCount(2);
  // The table shows every run compared: the imported copy's rows equal the measured run's.
  const both = await resultRows(page);
  expect(both.filter((r) => r.run === 0)).toEqual(rows);
  expect(both.filter((r) => r.run === 1)).toEqual(rows.map((r) => ({ ...r, run: 1 })));
  await app.screenshot(testInfo, 'sweep-imported');
  app.expectNoConsoleErrors();
});

test('a WebGPU sweep whose batch list exceeds the adapter stops with the reason, and the app still classifies', async ({
  page,
}, testInfo) => {
  // On SwiftShader a GoogLeNet run takes seconds: batch 1 runs until its 10 runs or the 60 s cap.
  test.setTimeout(480_000);
  const app = new AppPage(page);
  await app.open({ backend: 'webgpu' });
  await expect(page.getByTestId('model-info')).toHaveAttribute('data-backend', 'webgpu');
  await app.goto('benchmark');
  await page.getByTestId('batch-list').fill('1, 4096');
  await page.getByTestId('bench-run').click();
  const stop = page.getByTestId('bench-stop');
  await expect(stop).toContainText(/batch 4096 needs [\d.]+ [MG]iB .*this device allows .*\(max batch \d+\)/, { timeout: 400_000 });
  await expect(stop).toContainText('the sweep stops at batch 1');
  const [point] = await resultRows(page);
  expect(point?.batch).toBe(1);
  // The GPU buffers really allocated while batch 1 ran: at least GoogLeNet's 27 MB of weights.
  expect(point!.memoryMeasured).toBeGreaterThan(27e6);
  console.log(
    `memory model against GPU buffers at batch 1: ${(point!.memoryEstimated / 2 ** 20).toFixed(1)} MiB estimated, ${(point!.memoryMeasured / 2 ** 20).toFixed(1)} MiB measured`,
  );
  await app.screenshot(testInfo, 'sweep-webgpu-limit');

  await app.chooseImage({ name: 'after-sweep.jpg', mimeType: 'image/jpeg', buffer: await makeJpeg(page) });
  await expect(app.top5('webgpu')).toHaveCount(5);
  await expect(app.error()).toHaveCount(0);
});
