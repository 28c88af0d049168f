import { writeFileSync } from 'node:fs';
import { expect, test } from './test';
import { AppPage } from './appPage';
import { detectnetCaffemodel, DETECTNET_PROTOTXT, googlenetCaffemodel, GOOGLENET_PROTOTXT, tinyNetCaffemodel } from './caffeFiles';
import { openDetectNet } from './detectPage';
import { fixture, HAS_FIXTURES, NO_FIXTURES_MESSAGE } from './fixtures';
import { makeJpeg } from './images';

test.skip(!HAS_FIXTURES, NO_FIXTURES_MESSAGE);

async function top5(app: AppPage) {
  await expect(app.top5('wasm')).toHaveCount(5);
  return app
    .top5('wasm')
    .evaluateAll((items) => items.map((i) => ({ label: i.getAttribute('data-label'), prob: Number(i.getAttribute('data-prob')) })));
}

test('a DIGITS/Caffe GoogLeNet job converts in the browser and matches the built-in GoogLeNet with the same weights', async ({
  page,
}, testInfo) => {
  test.setTimeout(240_000);
  const app = new AppPage(page);
  await app.open({ backend: 'wasm' });
  await app.chooseImage({ name: 'scene.jpg', mimeType: 'image/jpeg', buffer: await makeJpeg(page) });
  const builtIn = await top5(app);
  await app.goto('models');

  // Two 28 MB snapshots exceed what Playwright passes as buffers: write the job folder out like DIGITS would.
  const job = (name: string, data: Buffer | string) => {
    writeFileSync(testInfo.outputPath(name), data);
    return testInfo.outputPath(name);
  };
  await page
    .getByTestId('model-file')
    .setInputFiles([
      job('deploy.prototxt', GOOGLENET_PROTOTXT().buffer),
      job('snapshot_iter_100.caffemodel', googlenetCaffemodel(1)),
      job('snapshot_iter_50.caffemodel', googlenetCaffemodel(2)),
    ]);
  await expect(page.getByTestId('snapshot-select').locator('option').first()).toHaveText(/snapshot_iter_100/);
  await page.getByTestId('import-name').fill('My GoogLeNet job');
  // Conversion runs in the worker. Had it run on the page, one main-thread task would last about as
  // long as the whole conversion; measured as a share of the conversion's own time, the check holds
  // on a fast machine and a loaded one alike.
  await page.evaluate(() => {
    const w = window as unknown as { longTasks: number[] };
    w.longTasks = [];
    new PerformanceObserver((list) => list.getEntries().forEach((e) => w.longTasks.push(e.duration))).observe({ type: 'longtask' });
  });
  const convertStarted = Date.now();
  await page.getByTestId('convert').click();

  await expect(page.getByTestId('conversion-summary')).toContainText('6,998,552 parameters');
  const conversionMs = Date.now() - convertStarted;
  const longTasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
  await testInfo.attach('main-thread-long-tasks-during-import.json', { body: JSON.stringify({ conversionMs, longTasks }) });
  expect(Math.max(0, ...longTasks), `longest main-thread task during a ${conversionMs} ms conversion`).toBeLessThan(conversionMs / 4);
  await expect(page.getByTestId('model-select')).toHaveValue('my-googlenet-job');
  await app.waitReady();
  await expect(page.getByTestId('synthetic-weights')).toHaveCount(0);
  // The imported model classifies the image already chosen: its top-5 is in the Classify view.
  await app.goto('classify');
  const imported = await top5(app);
  expect(imported.map((t) => t.label)).toEqual(builtIn.map((t) => t.label));
  imported.forEach((t, i) => expect(Math.abs(t.prob - builtIn[i]!.prob)).toBeLessThan(1e-4));
  await app.goto('models');
  await expect(page.getByTestId('library-item')).toHaveCount(1);
  await app.screenshot(testInfo, 'caffe-googlenet-imported');
  app.expectNoConsoleErrors();
});

test('a DetectNet job at 1024x512: the cluster layer param_str reaches the clustering and boxes match the built-in DetectNet', async ({
  page,
}, testInfo) => {
  test.setTimeout(300_000);
  const { app, detect } = await openDetectNet(page);
  await detect.openVideo(fixture('video/pedestrians.webm'));
  const builtInBoxes = await detect.seekToFrame(40, 10);

  await app.goto('models');
  await page
    .getByTestId('model-file')
    .setInputFiles([
      DETECTNET_PROTOTXT(),
      { name: 'snapshot_iter_7.caffemodel', mimeType: 'application/octet-stream', buffer: detectnetCaffemodel(1) },
    ]);
  await page.getByTestId('import-name').fill('Pedestrian DetectNet');
  await page.getByTestId('input-size').fill('512, 1024');
  await page.getByTestId('convert').click();
  // param_str '640, 640, 16, 0.6, 2, 0.02, 22, 1': rect threshold 2 (DIGITS' default is 3), fitted to the 1024x512 input.
  const cluster = page.getByTestId('cluster-params');
  await expect(cluster).toHaveAttribute('data-rect-threshold', '2');
  await expect(cluster).toHaveAttribute('data-coverage-threshold', '0.6');
  await expect(cluster).toHaveAttribute('data-min-height', '22');
  await expect(cluster).toContainText('1024x512');
  await expect(page.getByTestId('model-select')).toHaveValue('pedestrian-detectnet');
  await app.waitReady();

  await detect.openVideo(fixture('video/pedestrians.webm'));
  const importedBoxes = await detect.seekToFrame(40, 10);
  expect(importedBoxes.length).toBe(builtInBoxes.length);
  await app.screenshot(testInfo, 'caffe-detectnet-imported');
});

test('bad Caffe and ONNX files give clear errors and the app stays usable', async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  const app = new AppPage(page);
  await app.open({ backend: 'wasm' });
  const prototxt = GOOGLENET_PROTOTXT().buffer.toString('utf8');
  const goodWeights = googlenetCaffemodel(1);

  const convert = async (files: Parameters<typeof page.setInputFiles>[1]) => {
    await app.goto('models');
    await page.getByTestId('model-file').setInputFiles(files);
    await page.getByTestId('convert').click();
  };
  const cases: { name: string; run: () => Promise<void>; message: RegExp }[] = [
    {
      name: 'prototxt-syntax-error',
      run: () =>
        convert([
          {
            name: 'deploy.prototxt',
            mimeType: 'text/plain',
            buffer: Buffer.from(prototxt.replace('layer {\n  name: "conv1/7x7_s2"', 'layer {\n  name: "conv1/7x7_s2" {{')),
          },
          { name: 'w.caffemodel', mimeType: 'application/octet-stream', buffer: goodWeights },
        ]),
      message: /line \d+, column \d+/,
    },
    {
      name: 'caffemodel-of-another-network',
      run: () =>
        convert([GOOGLENET_PROTOTXT(), { name: 'tiny.caffemodel', mimeType: 'application/octet-stream', buffer: tinyNetCaffemodel() }]),
      message: /conv1\/7x7_s2/,
    },
    {
      name: 'truncated-caffemodel',
      run: () =>
        convert([
          GOOGLENET_PROTOTXT(),
          { name: 'cut.caffemodel', mimeType: 'application/octet-stream', buffer: goodWeights.subarray(0, goodWeights.length / 2) },
        ]),
      message: /not a Caffe model/,
    },
    {
      name: 'unsupported-layer',
      run: () =>
        convert([
          { name: 'deploy.prototxt', mimeType: 'text/plain', buffer: Buffer.from(prototxt.replace('type: "LRN"', 'type: "Crop"')) },
          { name: 'w.caffemodel', mimeType: 'application/octet-stream', buffer: goodWeights },
        ]),
      message: /pool1\/norm1.*Crop|Crop.*pool1\/norm1/,
    },
    {
      name: 'random-onnx',
      run: async () => {
        await app.goto('models');
        await page.getByTestId('model-file').setInputFiles({
          name: 'model.onnx',
          mimeType: 'application/octet-stream',
          buffer: Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)),
        });
      },
      message: /"model\.onnx" is not an ONNX model/,
    },
  ];
  const jpeg = await makeJpeg(page);
  for (const c of cases) {
    await test.step(c.name, async () => {
      await c.run();
      await expect(app.error()).toHaveText(c.message);
      // The same message under the import controls, where the file was chosen.
      await expect(page.getByTestId('error-inline')).toHaveText(c.message);
      await app.screenshot(testInfo, `bad-import-${c.name}`);
      await page
        .getByText('Cancel', { exact: true })
        .click({ timeout: 1000 })
        .catch(() => undefined);
      await app.chooseImage({ name: `after-${c.name}.jpg`, mimeType: 'image/jpeg', buffer: jpeg });
      await expect(app.top5('wasm')).toHaveCount(5);
    });
  }
  await app.goto('models');
  await expect(page.getByTestId('library-item')).toHaveCount(0);
});
