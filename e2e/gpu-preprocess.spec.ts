import { writeFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { expect, test } from './test';
import { AppPage } from './appPage';
import { CHROMIUM_ARGS, chromiumExecutable } from './chromium';
import { DetectPage, iou } from './detectPage';
import { fixture, HAS_FIXTURES, NO_FIXTURES_MESSAGE, serveModel, YOLOX_MANIFEST } from './fixtures';
import { comparePaths, serveImages, SPECS } from './gpuDebug';
import { makeGrayPng } from './images';
import { tinyClassifier, tinyDetector } from './tinyModel';
import { resultRows } from './benchResults';
import { makeY4m } from './y4m';
import { referenceBoxes } from './yoloxReference';

/**
 * The GPU frame path (WebGPU): images and frames become the input tensor in a WGSL compute pass
 * on ONNX Runtime's own device. WebGPU here is SwiftShader (CPU): a tiny 32x32 classifier keeps the
 * model runs cheap, and the preprocessing of the real models' inputs is checked through the
 * worker's debugPreprocess hook (?debug), which builds a pass for any input spec on that device.
 *
 * The bound, measured: the GPU path reproduces the CPU path's canvas resampling (Skia's raster
 * bilinear, 4-bit weights) and normalization, so the tensors are equal: max |d| = 0 on every
 * model and image below (a few float32 ulps at most with torchvision's 1/255/std scaling). The
 * assertion allows 1/100 of an 8-bit pixel step.
 */
const BOUND_PIXEL_STEPS = 0.01;
const PHOTOS = ['dog.jpg', 'eagle.jpg', 'giraffe.jpg', 'person.jpg'];

test.skip(!HAS_FIXTURES, NO_FIXTURES_MESSAGE);

async function openTiny(app: AppPage, backend: 'webgpu' | 'wasm'): Promise<void> {
  const tiny = tinyClassifier();
  const manifestUrl = await serveModel(app.page, tiny.manifest as { id: string }, tiny.model);
  await app.open({ model: manifestUrl, backend, debug: '1' });
}

test('GPU preprocessing gives the CPU path’s tensor for images and for frames (stretch, letterbox, both channel orders)', async ({
  page,
}, testInfo) => {
  test.setTimeout(300_000);
  const app = new AppPage(page);
  await serveImages(page, { ...Object.fromEntries(PHOTOS.map((p) => [p, fixture(`images/${p}`)])), 'wide.png': makeGrayPng(8300, 64, 77) });
  await openTiny(app, 'webgpu');
  await expect(page.getByTestId('model-info')).toHaveAttribute('data-preprocess', 'gpu');

  const measured: string[] = [];
  const check = async (what: string, names: string[], mode: 'image' | 'frame', spec: (typeof SPECS)[keyof typeof SPECS]) => {
    const d = await comparePaths(page, names, mode, spec);
    measured.push(`${what}: max |d| ${d.maxAbs} (${d.maxPixelSteps} pixel steps), mean |d| ${d.meanAbs} over ${d.values} values`);
    expect(d.maxPixelSteps, what).toBeLessThanOrEqual(BOUND_PIXEL_STEPS);
    return d;
  };
  // Images, as the classifier decodes them (a batch of 4 fills slots 0..3 of one buffer).
  await check('GoogLeNet images, batch 4', PHOTOS, 'image', SPECS.googlenet);
  await check('torchvision-style RGB images', ['dog.jpg'], 'image', SPECS.torchvision);
  // Frames, as the detector resamples them: DetectNet stretches to 1024x512, YOLOX letterboxes to 416x416 with pad 114.
  await check('DetectNet frames', ['eagle.jpg', 'giraffe.jpg'], 'frame', SPECS.detectnet);
  await check('YOLOX letterboxed frames', PHOTOS, 'frame', SPECS.yolox);

  // A frame wider than the GPU's largest texture (SwiftShader: 8192) is scaled down first, not refused.
  const wide = await check('8300x64 frame (over maxTextureDimension2D)', ['wide.png'], 'frame', SPECS.yolox);
  expect(wide.downscaled).toEqual([{ from: [8300, 64], to: [8192, 63] }]);
  await testInfo.attach('gpu-vs-cpu-preprocessing.txt', { body: measured.join('\n') });
  console.log(measured.join('\n'));
  app.expectNoConsoleErrors();
});

test('the stage bars say which path ran: GPU on WebGPU, CPU on WASM, with the same top-5', async ({ page }, testInfo) => {
  const app = new AppPage(page);
  await openTiny(app, 'webgpu');
  await app.chooseImage(fixture('images/dog.jpg'));
  const gpuTop5 = await app.topLabels('webgpu');
  await expect(page.getByTestId('stage-bars')).toHaveAttribute('data-preprocess', 'gpu');
  await expect(page.locator('[data-testid="preprocess-path"][data-run="WebGPU"]')).toHaveText('WebGPU: preprocess GPU');

  await app.selectBackend('wasm');
  expect(await app.topLabels('wasm')).toEqual(gpuTop5);
  await expect(page.getByTestId('stage-bars')).toHaveAttribute('data-preprocess', 'cpu');
  await expect(page.locator('[data-testid="stage-row"][data-run="WASM"]')).toHaveAttribute('data-preprocess', 'cpu');
  await expect(page.locator('[data-testid="stage-row"][data-run="WebGPU"]')).toHaveAttribute('data-preprocess', 'gpu');
  await app.screenshot(testInfo, 'stage-bars-gpu-and-cpu');
  app.expectNoConsoleErrors();
});

test('a GPU device lost in the middle of a request gives a clear error, and the rebuilt session runs the next one', async ({ page }) => {
  const app = new AppPage(page);
  await openTiny(app, 'webgpu');
  await app.chooseImage(fixture('images/person.jpg'));
  const before = await app.topLabels('webgpu');

  await page.evaluate(() => window.cnnLabDebug!.request('debugLoseDevice', { when: 'next-run' }));
  await app.chooseImage(fixture('images/dog.jpg'));
  await expect(app.error()).toHaveAttribute('data-code', 'DEVICE_LOST');
  await expect(app.error()).toContainText('the GPU device was lost');
  await expect(app.error()).toContainText('rebuilt');

  // The next request waits for the rebuild in the worker's queue and runs on the new device.
  await app.chooseImage(fixture('images/person.jpg'));
  await expect(app.error()).toHaveCount(0);
  expect(await app.topLabels('webgpu')).toEqual(before);
  await expect(page.getByTestId('stage-bars')).toHaveAttribute('data-preprocess', 'gpu');
});

test('a GPU device lost in the middle of a video: the error is shown, the session is rebuilt and the stream resumes', async ({ page }) => {
  const app = new AppPage(page);
  const detect = new DetectPage(page);
  const tiny = tinyDetector();
  const manifestUrl = await serveModel(page, tiny.manifest as { id: string }, tiny.model);
  await app.open({ model: manifestUrl, backend: 'webgpu', debug: '1' });
  await detect.openVideo(fixture('video/pedestrians.webm'));
  await detect.seekToFrame(0, 10);
  await page.getByTestId('video').evaluate((video: HTMLVideoElement) => video.play());
  await detect.frameLog(3);

  await page.evaluate(() => window.cnnLabDebug!.request('debugLoseDevice', { when: 'next-run' }));
  await expect(app.error()).toHaveAttribute('data-code', 'DEVICE_LOST');
  await expect(app.error()).toContainText('the GPU device was lost');
  const frameAtLoss = Number(await detect.overlay().getAttribute('data-frame'));
  // Frames keep coming and are answered again on the rebuilt session: the overlay moves on.
  await expect
    .poll(async () => Number(await detect.overlay().getAttribute('data-frame')), { timeout: 120_000 })
    .toBeGreaterThan(frameAtLoss + 5);
  await page.getByTestId('video').evaluate((video: HTMLVideoElement) => video.pause());
});

test('a GPU device lost in the middle of a sweep: the sweep stops naming the loss and its batch, keeps the finished points, and the app runs on', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const app = new AppPage(page);
  await openTiny(app, 'webgpu');
  await app.goto('benchmark');
  await page.getByTestId('batch-list').fill('1, 2, 4');
  await page.getByTestId('bench-run').click();
  // Batch 1 is finished once batch 2 has started; the loss then lands between two runs of batch 2 (or 4).
  await expect(page.getByTestId('bench-message')).toContainText('batch 2:');
  await page.evaluate(() => window.cnnLabDebug!.request('debugLoseDevice', { when: 'now' }));
  const stop = page.getByTestId('bench-stop');
  await expect(stop).toContainText(/the GPU device was lost at batch [24]/);
  const batches = (await resultRows(page)).map((r) => r.batch);
  expect(batches[0]).toBe(1);
  expect(batches).not.toContain(4);

  await app.goto('classify');
  await app.chooseImage(fixture('images/person.jpg'));
  await expect(app.top5('webgpu')).toHaveCount(5);
  await expect(app.error()).toHaveCount(0);
  app.expectNoConsoleErrors();
});

test('a fake webcam streams through the GPU path', async ({ baseURL }, testInfo) => {
  const y4m = testInfo.outputPath('camera.y4m');
  writeFileSync(y4m, makeY4m());
  // Chromium's fake camera is chosen by launch flags: this test needs its own browser.
  const browser = await chromium.launch({
    executablePath: chromiumExecutable(),
    args: [
      ...CHROMIUM_ARGS,
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${y4m}`,
    ],
    headless: true,
  });
  try {
    const page = await browser.newPage({ baseURL });
    const app = new AppPage(page);
    const detect = new DetectPage(page);
    const tiny = tinyDetector();
    await app.open({ model: await serveModel(page, tiny.manifest as { id: string }, tiny.model), backend: 'webgpu' });
    await expect(page.getByTestId('model-info')).toHaveAttribute('data-preprocess', 'gpu');
    await page.getByTestId('webcam-toggle').click();
    const log = await detect.frameLog(5);
    for (let i = 1; i < log.length; i++) expect(log[i]!.frameId).toBeGreaterThan(log[i - 1]!.frameId);
    await expect(detect.overlay()).toHaveAttribute('data-frame', /^\d+$/);
    await page.getByTestId('webcam-toggle').click();
    await expect(page.getByTestId('webcam-toggle')).toHaveAttribute('aria-pressed', 'false');
    app.expectNoConsoleErrors();
  } finally {
    await browser.close();
  }
});

test('the WebGPU kernel profile shows GPU time per kernel, with the preprocessing pass as its own bar', async ({ page }, testInfo) => {
  const app = new AppPage(page);
  await openTiny(app, 'webgpu');
  await app.goto('benchmark');
  await page.getByTestId('profile-run').click();
  const profile = page.getByTestId('kernel-profile');
  await expect(profile).toBeVisible();
  await expect(profile).toHaveAttribute('data-backend', 'webgpu');
  await expect(profile).toHaveAttribute('data-clock', 'gpu');
  const pass = page.locator('[data-testid="kernel-row"][data-node="preprocess (WGSL pass)"]');
  await expect(pass).toHaveCount(1);
  expect(Number(await pass.getAttribute('data-ms'))).toBeGreaterThan(0);
  await expect(page.locator('[data-testid="kernel-row"][data-op="Conv"]')).not.toHaveCount(0);
  await profile.scrollIntoViewIfNeeded();
  await app.screenshot(testInfo, 'kernel-profile-webgpu-gpu-time');
});

test('YOLOX on WebGPU, frame 100 of the pedestrian video through the GPU path: the boxes of the CPU path', async ({ page }, testInfo) => {
  test.setTimeout(420_000);
  const app = new AppPage(page);
  const detect = new DetectPage(page);
  const manifestUrl = await serveModel(page, YOLOX_MANIFEST, fixture('models/yolox_nano.onnx'));
  await app.open({ model: manifestUrl, backend: 'webgpu' });
  await expect(page.getByTestId('model-info')).toHaveAttribute('data-preprocess', 'gpu');
  await detect.openVideo(fixture('video/pedestrians.webm'));
  const boxes = await detect.seekToFrame(100, 10);
  await app.screenshot(testInfo, 'yolox-webgpu-gpu-path-frame-100');

  // The reference letterboxes the same frame with a canvas (the CPU path) and runs YOLOX in Node.
  const reference = await referenceBoxes(page);
  expect(reference.length).toBeGreaterThanOrEqual(5);
  expect(boxes.length).toBe(reference.length);
  for (const box of boxes) {
    const best = Math.max(...reference.map((r) => iou(box, r)));
    expect(best, `GPU-path box ${JSON.stringify(box)} should be a CPU-path box`).toBeGreaterThan(0.9);
  }
});
