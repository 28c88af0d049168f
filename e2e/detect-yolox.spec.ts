import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './test';
import * as ort from 'onnxruntime-web';
import { decodeYolox } from '../src/pipeline/postprocess/yolox';
import { AppPage } from './appPage';
import { DetectPage, iou, type Box } from './detectPage';
import { fixture, HAS_FIXTURES, NO_FIXTURES_MESSAGE, serveModel, YOLOX_MANIFEST } from './fixtures';

test.skip(!HAS_FIXTURES, NO_FIXTURES_MESSAGE);

const VIDEO = () => fixture('video/pedestrians.webm');
const FPS = 10;
const FRAME = 100;

/**
 * The reference: the frame on screen (the app's paused <video>, at frame 100) letterboxed by a
 * canvas in the test and run through YOLOX in Node's onnxruntime-web: none of the app's worker,
 * batcher, frame transfer or overlay is involved.
 */
async function referenceBoxes(page: Page): Promise<Box[]> {
  const { pixels, width, height } = await page.getByTestId('video').evaluate((video: HTMLVideoElement) => {
    const canvas = new OffscreenCanvas(416, 416);
    const ctx = canvas.getContext('2d')!;
    const r = Math.min(416 / video.videoWidth, 416 / video.videoHeight);
    ctx.fillStyle = 'rgb(114, 114, 114)';
    ctx.fillRect(0, 0, 416, 416);
    ctx.drawImage(video, 0, 0, Math.round(video.videoWidth * r), Math.round(video.videoHeight * r));
    return { pixels: Array.from(ctx.getImageData(0, 0, 416, 416).data), width: video.videoWidth, height: video.videoHeight };
  });

  const plane = 416 * 416;
  const bgr = new Float32Array(3 * plane);
  for (let i = 0; i < plane; i++) {
    bgr[i] = pixels[i * 4 + 2]!;
    bgr[plane + i] = pixels[i * 4 + 1]!;
    bgr[2 * plane + i] = pixels[i * 4]!;
  }
  ort.env.wasm.numThreads = 1;
  const session = await ort.InferenceSession.create(readFileSync(fixture('models/yolox_nano.onnx')), { executionProviders: ['wasm'] });
  const { output } = await session.run({ images: new ort.Tensor('float32', bgr, [1, 3, 416, 416]) });
  await session.release();
  const scale = Math.min(416 / width, 416 / height);
  return decodeYolox(output!.data as Float32Array, { inputWidth: 416, inputHeight: 416, ...YOLOX_MANIFEST.yolox }).map((d) => ({
    x1: d.x1 / scale,
    y1: d.y1 / scale,
    x2: d.x2 / scale,
    y2: d.y2 / scale,
    score: d.score,
  }));
}

test('YOLOX on the pedestrian video: frame 100 shows the people a separate single-image run finds, at batch 1 and 4', async ({
  page,
}, testInfo) => {
  test.setTimeout(240_000);
  const app = new AppPage(page);
  const detect = new DetectPage(page);
  const manifestUrl = await serveModel(page, YOLOX_MANIFEST, fixture('models/yolox_nano.onnx'));
  await app.open({ model: manifestUrl, backend: 'wasm' });
  await detect.openVideo(VIDEO());

  const atBatch1 = await detect.seekToFrame(FRAME, FPS);
  await app.screenshot(testInfo, 'yolox-frame-100-batch-1');
  expect(atBatch1.length).toBeGreaterThanOrEqual(5);

  const reference = await referenceBoxes(page);
  expect(reference.length).toBeGreaterThanOrEqual(5);
  for (const box of atBatch1) {
    const best = Math.max(...reference.map((r) => iou(box, r)));
    expect(best, `app box ${JSON.stringify(box)} should overlap a reference pedestrian`).toBeGreaterThan(0.5);
  }

  // Batch 4: play frames 96..104 so frame 100 runs inside a batch of four, then compare its boxes.
  await detect.setBatchSize(4);
  await detect.seekToFrame(96, FPS);
  await page.getByTestId('video').evaluate((video: HTMLVideoElement) => video.play());
  await detect.frameLog(8);
  await page.getByTestId('video').evaluate((video: HTMLVideoElement) => video.pause());
  const row = page.locator(`[data-testid="frame-log-row"][data-frame="${FRAME}"][data-batch="4"]`).first();
  await expect(row).toHaveCount(1);
  const atBatch4 = JSON.parse((await row.getAttribute('data-detections')) ?? '[]') as Box[];
  expect(atBatch4.length).toBe(atBatch1.length);
  for (const box of atBatch1) expect(Math.max(...atBatch4.map((b) => iou(box, b)))).toBeGreaterThan(0.99);
  app.expectNoConsoleErrors();
});
