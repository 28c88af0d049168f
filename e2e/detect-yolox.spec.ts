import { expect, test } from './test';
import { AppPage } from './appPage';
import { DetectPage, iou, type Box } from './detectPage';
import { fixture, HAS_FIXTURES, NO_FIXTURES_MESSAGE, serveModel, YOLOX_MANIFEST } from './fixtures';
import { referenceBoxes } from './yoloxReference';

test.skip(!HAS_FIXTURES, NO_FIXTURES_MESSAGE);

const VIDEO = () => fixture('video/pedestrians.webm');
const FPS = 10;
const FRAME = 100;

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
