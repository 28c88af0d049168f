import { writeFileSync } from 'node:fs';
import { chromium, type Browser } from '@playwright/test';
import { expect, test } from './test';
import { AppPage } from './appPage';
import { CHROMIUM_ARGS, chromiumExecutable } from './chromium';
import { DetectPage } from './detectPage';
import { fixture, HAS_FIXTURES, serveModel, YOLOX_MANIFEST } from './fixtures';
import { makeY4m } from './y4m';

// Webcam tests need their own browser: Chromium's fake camera is chosen by launch flags.
async function launch(extraArgs: string[]): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumExecutable(), args: [...CHROMIUM_ARGS, ...extraArgs], headless: true });
}

async function openDetector(app: AppPage): Promise<void> {
  if (HAS_FIXTURES) {
    // The small trained YOLOX keeps these tests fast; the built-in DetectNet works the same way, slower.
    await app.open({ model: await serveModel(app.page, YOLOX_MANIFEST, fixture('models/yolox_nano.onnx')), backend: 'wasm' });
  } else {
    await app.open({ backend: 'wasm' });
    await app.selectModel('detectnet');
  }
  await app.goto('detect');
}

test('fake webcam: frames flow through the detector and stopping releases the camera', async ({ baseURL }, testInfo) => {
  const y4m = testInfo.outputPath('camera.y4m');
  writeFileSync(y4m, makeY4m());
  const browser = await launch([
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-video-capture=${y4m}`,
  ]);
  try {
    const page = await browser.newPage({ baseURL });
    const app = new AppPage(page);
    const detect = new DetectPage(page);
    await openDetector(app);

    await page.getByTestId('webcam-toggle').click();
    await expect(page.getByTestId('webcam-toggle')).toHaveAttribute('aria-pressed', 'true');
    const log = await detect.frameLog(5);
    for (let i = 1; i < log.length; i++) expect(log[i]!.frameId).toBeGreaterThan(log[i - 1]!.frameId);
    // The overlay shows a frame the log has, with that frame's boxes (an empty list is a valid answer on a synthetic scene).
    const shown = await detect.overlay().evaluate((c) => ({
      frame: c.getAttribute('data-frame'),
      boxes: JSON.parse(c.getAttribute('data-detections') ?? 'null') as unknown[],
    }));
    expect(shown.frame).toMatch(/^\d+$/);
    const row = page.locator(`[data-testid="frame-log-row"][data-frame="${shown.frame}"]`);
    await expect(row).toHaveCount(1);
    expect((JSON.parse((await row.getAttribute('data-detections')) ?? 'null') as unknown[]).length).toBe(shown.boxes.length);
    await app.screenshot(testInfo, 'webcam-running');

    await page.getByTestId('video').evaluate((video: HTMLVideoElement) => {
      (window as unknown as { cameraTracks: MediaStreamTrack[] }).cameraTracks = (video.srcObject as MediaStream).getTracks();
    });
    await page.getByTestId('webcam-toggle').click();
    await expect(page.getByTestId('webcam-toggle')).toHaveAttribute('aria-pressed', 'false');
    const states = await page.evaluate(() =>
      (window as unknown as { cameraTracks: MediaStreamTrack[] }).cameraTracks.map((t) => t.readyState),
    );
    expect(states).toEqual(['ended']);
    expect(await page.getByTestId('video').evaluate((video: HTMLVideoElement) => video.srcObject)).toBeNull();
    app.expectNoConsoleErrors();
  } finally {
    await browser.close();
  }
});

test('a denied webcam gives a clear error and the app stays usable', async ({ baseURL }, testInfo) => {
  const browser = await launch(['--use-fake-device-for-media-stream', '--deny-permission-prompts']);
  try {
    const page = await browser.newPage({ baseURL });
    const app = new AppPage(page);
    await openDetector(app);
    await page.getByTestId('webcam-toggle').click();
    await expect(app.error()).toHaveAttribute('data-code', 'WEBCAM_DENIED');
    await expect(app.error()).toContainText('camera access was denied');
    await expect(page.getByTestId('webcam-toggle')).toHaveAttribute('aria-pressed', 'false');
    await app.screenshot(testInfo, 'webcam-denied');
    await expect(app.status()).toHaveAttribute('data-state', 'ready');
  } finally {
    await browser.close();
  }
});

test('a video the browser cannot decode gives a clear error; a good video plays afterwards', async ({ page }, testInfo) => {
  test.skip(!HAS_FIXTURES, 'needs ../shared/fixtures/video/pedestrians.webm');
  const app = new AppPage(page);
  const detect = new DetectPage(page);
  await openDetector(app);

  await detect.openVideo({
    name: 'holiday.mp4',
    mimeType: 'video/mp4',
    buffer: Buffer.from('this is a text file pretending to be a video\n'),
  });
  await expect(app.error()).toHaveAttribute('data-code', 'VIDEO_DECODE_FAILED');
  await expect(app.error()).toContainText('"holiday.mp4" cannot be played');
  await app.screenshot(testInfo, 'undecodable-video');

  await detect.openVideo(fixture('video/pedestrians.webm'));
  await detect.seekToFrame(20, 10);
  await expect(app.error()).toHaveCount(0);
});
