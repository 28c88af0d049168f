// The trained detector one click away: from the built-in DetectNet's empty overlay, YOLOX-Nano is
// downloaded (from a local route standing in for Hugging Face: no test reaches the network),
// checked against its pinned sha256, kept in the library, selected and run on a video frame; its
// score threshold, NMS threshold and class filter change the boxes of the next frames.
import AxeBuilder from '@axe-core/playwright';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, test } from './test';
import { AppPage } from './appPage';
import { openDetectNet } from './detectPage';
import { fixture, HAS_FIXTURES, NO_FIXTURES_MESSAGE } from './fixtures';

test.skip(!HAS_FIXTURES, NO_FIXTURES_MESSAGE);

const YOLOX_URL = 'https://huggingface.co/bradex/yolox/resolve/main/yolox_nano.onnx';
const PINNED_SHA256 = '695e750a5d5754bb5a8d5325643b59282191a7e7a564e435a415fd3c578eab14';
const FPS = 10;
const FRAME = 100;

const cors = { 'Access-Control-Allow-Origin': '*' };

test('one click in Detect: YOLOX-Nano downloaded, kept, selected, boxes on frame 100; a raised score threshold leaves fewer', async ({
  page,
}, testInfo) => {
  test.setTimeout(300_000);
  const bytes = readFileSync(fixture('models/yolox_nano.onnx'));
  expect(createHash('sha256').update(bytes).digest('hex')).toBe(PINNED_SHA256);
  let requests = 0;
  await page.route(YOLOX_URL, async (route) => {
    requests++;
    // A short delay so the progress bar is seen inside the callout.
    await new Promise((r) => setTimeout(r, 700));
    await route.fulfill({ body: bytes, contentType: 'application/octet-stream', headers: cors });
  });
  const { app, detect } = await openDetectNet(page);

  const callout = page.getByTestId('yolox-callout');
  await expect(callout).toContainText('Expect no boxes from this model');
  await expect(page.getByTestId('get-yolox')).toHaveText('Get trained YOLOX-Nano (3.6 MB, from huggingface.co)');
  await app.screenshot(testInfo, 'detect-yolox-callout');

  await page.getByTestId('get-yolox').click();
  await expect(callout.getByTestId('import-progress')).toContainText(`Downloading ${YOLOX_URL}`);
  await expect(page.getByTestId('model-select')).toHaveValue('yolox-nano', { timeout: 120_000 });
  await app.waitReady();
  expect(requests).toBe(1);
  await expect(page.getByTestId('yolox-callout')).toHaveCount(0);
  await expect(app.error()).toHaveCount(0);

  // The detector runs on a seeked frame of the pedestrian video: people are found (about 7 on frame 100).
  await detect.openVideo(fixture('video/pedestrians.webm'));
  const atDefault = await detect.seekToFrame(FRAME, FPS);
  expect(atDefault.length).toBeGreaterThanOrEqual(5);
  await expect(page.getByTestId('yolox-score')).toHaveValue('0.3');
  await expect(page.getByTestId('yolox-nms')).toHaveValue('0.45');
  await expect(page.getByTestId('yolox-classes')).toHaveValue('0');

  // A value outside the rule is marked as typed and names the value and the rule; nothing is sent.
  await page.getByTestId('yolox-classes').fill('0, 80');
  await expect(page.getByTestId('yolox-classes')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('yolox-classes-error')).toHaveText(
    "'0, 80' is not a list of classes: '80' is not a class number (0 to 79) or a COCO class name",
  );
  await page.getByTestId('yolox-classes').fill('person');
  await expect(page.getByTestId('yolox-classes')).toHaveAttribute('aria-invalid', 'false');

  // Score threshold 0.99: the same frame, seeked again, keeps fewer boxes; the model is not reloaded.
  await page.getByTestId('yolox-score').fill('0.99');
  await expect(page.getByTestId('yolox-score')).toHaveAttribute('aria-invalid', 'false');
  await detect.seekToFrame(FRAME - 1, FPS);
  const atHigh = await detect.seekToFrame(FRAME, FPS);
  expect(atHigh.length).toBeLessThan(atDefault.length);
  expect(atHigh.every((b) => b.score > 0.99)).toBe(true);
  await app.screenshot(testInfo, 'detect-yolox-controls');
  // The new fields (one with an error shown) keep the app's accessibility bar: no serious or critical axe finding.
  await page.getByTestId('yolox-nms').fill('x');
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  await page.getByTestId('yolox-nms').fill('0.45');

  // Kept in the library, and listed there.
  await app.goto('models');
  await expect(page.getByTestId('library-item')).toHaveCount(1);
  await expect(page.getByTestId('library-item')).toContainText('YOLOX-Nano');
  await expect(page.getByTestId('yolox-url')).toHaveValue(YOLOX_URL);
  await expect(page.getByTestId('yolox-sha256')).toHaveValue(PINNED_SHA256);
  await app.screenshot(testInfo, 'models-yolox-settings');
  app.expectNoConsoleErrors();
});

test('another file at the YOLOX URL is refused naming both hashes and the URL; the library stays empty; cancel stops a download', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  const other = readFileSync(fixture('models/mobilenetv2-12-int8.onnx'));
  const otherSha256 = createHash('sha256').update(other).digest('hex');
  let requests = 0;
  let releaseFirst: () => void = () => undefined;
  const firstHeld = new Promise<void>((r) => (releaseFirst = r));
  await page.route(YOLOX_URL, async (route) => {
    if (requests++ === 0) await firstHeld;
    await route.fulfill({ body: other, contentType: 'application/octet-stream', headers: cors }).catch(() => undefined);
  });
  const { app } = await openDetectNet(page);
  const callout = page.getByTestId('yolox-callout');

  await page.getByTestId('get-yolox').click();
  await expect(callout.getByTestId('import-progress')).toContainText('Downloading');
  await callout.getByTestId('download-cancel').click();
  await expect(app.error()).toContainText('the download of the trained YOLOX-Nano was cancelled');
  releaseFirst();

  await page.getByTestId('get-yolox').click();
  await expect(app.error()).toContainText(
    `checksum mismatch for ${YOLOX_URL}: expected sha256 ${PINNED_SHA256}, got ${otherSha256}. The file is not the pinned yolox_nano.onnx`,
  );
  await expect(page.getByTestId('model-select')).toHaveValue('detectnet');
  await expect(callout).toBeVisible();
  await app.screenshot(testInfo, 'detect-yolox-refused');
  await app.goto('models');
  await expect(page.getByTestId('library-item')).toHaveCount(0);
});

test('the ONNX form of a YOLOX file has the score, NMS and class fields, checked as typed and saved into the manifest', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const app = new AppPage(page);
  await app.open({ backend: 'wasm' });
  await app.goto('models');
  await page.getByTestId('model-file').setInputFiles(fixture('models/yolox_nano.onnx'));
  await expect(page.getByTestId('onnx-task')).toHaveValue('yolox');
  await expect(page.getByTestId('yolox-score')).toHaveValue('0.3');
  await expect(page.getByTestId('yolox-nms')).toHaveValue('0.45');
  await expect(page.getByTestId('yolox-classes')).toHaveValue('0');

  await page.getByTestId('yolox-nms').fill('1.2');
  await expect(page.getByTestId('yolox-nms')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('yolox-nms-error')).toHaveText("'1.2' is not an IoU threshold: it must be a number from 0 to 1");
  await expect(page.getByTestId('save-onnx')).toBeDisabled();

  await page.getByTestId('yolox-nms').fill('0.5');
  await page.getByTestId('yolox-score').fill('0.4');
  await page.getByTestId('yolox-classes').fill('person, car');
  await page.getByTestId('save-onnx').click();
  await expect(page.getByTestId('model-select')).toHaveValue('yolox-nano');
  await app.waitReady();
  // The Detect view's live controls start from what the manifest now says.
  await app.goto('detect');
  await expect(page.getByTestId('yolox-score')).toHaveValue('0.4');
  await expect(page.getByTestId('yolox-nms')).toHaveValue('0.5');
  await expect(page.getByTestId('yolox-classes')).toHaveValue('0, 2');
  app.expectNoConsoleErrors();
});
