import { createHash } from 'node:crypto';
import { expect, test } from './test';
import { AppPage } from './appPage';
import { googlenetCaffemodel } from './caffeFiles';
import { fixture, HAS_FIXTURES, NO_FIXTURES_MESSAGE } from './fixtures';
import { makeJpeg } from './images';

test.skip(!HAS_FIXTURES, NO_FIXTURES_MESSAGE);

const WEIGHTS_URL = 'https://weights.example.test/bvlc_googlenet.caffemodel';

test('trained GoogLeNet download: progress and cancel, a wrong checksum is refused, the right one converts and survives a reload', async ({
  page,
}, testInfo) => {
  test.setTimeout(240_000);
  // Stands in for the Model Zoo's file: a caffemodel with other (seed 5) weights, served from a local route.
  const weights = googlenetCaffemodel(5);
  const sha1 = createHash('sha1').update(weights).digest('hex');
  // The first request hangs until the test has cancelled it; later ones answer after a short delay, so the progress bar is seen.
  let requests = 0;
  let releaseFirst: () => void = () => undefined;
  const firstHeld = new Promise<void>((r) => (releaseFirst = r));
  await page.route(WEIGHTS_URL, async (route) => {
    await (requests++ === 0 ? firstHeld : new Promise((r) => setTimeout(r, 700)));
    await route
      .fulfill({ body: weights, contentType: 'application/octet-stream', headers: { 'Access-Control-Allow-Origin': '*' } })
      .catch(() => undefined);
  });
  const app = new AppPage(page);
  await app.open({ backend: 'wasm' });
  await expect(page.getByTestId('synthetic-weights')).toBeVisible();
  await app.goto('models');
  await page.getByTestId('caffe-url').fill(WEIGHTS_URL);

  // Cancel while the server has not answered yet.
  await page.getByTestId('download-googlenet').click();
  await expect(page.getByTestId('import-progress')).toContainText('Downloading');
  await page.getByTestId('download-cancel').click();
  await expect(app.error()).toContainText('cancelled');
  releaseFirst();

  // The default checksum is the real file's: this file does not match it.
  await expect(page.getByTestId('caffe-sha1')).toHaveValue('405fc5acd08a3bb12de8ee5e23a96bec22f08204');
  await page.getByTestId('download-googlenet').click();
  await expect(app.error()).toContainText(
    `checksum mismatch for ${WEIGHTS_URL}: expected sha1 405fc5acd08a3bb12de8ee5e23a96bec22f08204, got ${sha1}`,
  );
  await expect(page.getByTestId('synthetic-weights')).toBeVisible();
  await app.screenshot(testInfo, 'download-wrong-checksum');

  await page.getByTestId('caffe-sha1').fill(sha1);
  await page.getByTestId('download-googlenet').click();
  await expect(page.getByTestId('import-progress')).toBeVisible();
  await expect(page.getByTestId('model-info')).toContainText('GoogLeNet (BVLC, trained)');
  await app.waitReady();
  await expect(page.getByTestId('synthetic-weights')).toHaveCount(0);
  await expect(app.error()).toHaveCount(0);
  await expect(page.getByTestId('library-item')).toHaveCount(1);
  await app.screenshot(testInfo, 'download-trained');

  await page.reload();
  await app.waitReady();
  await expect(page.getByTestId('model-info')).toContainText('GoogLeNet (BVLC, trained)');
  await expect(page.getByTestId('synthetic-weights')).toHaveCount(0);
  await app.chooseImage({ name: 'scene.jpg', mimeType: 'image/jpeg', buffer: await makeJpeg(page) });
  await expect(app.top5('wasm')).toHaveCount(5);

  // Deleting it brings the synthetic GoogLeNet back.
  await app.goto('models');
  await page.getByTestId('library-delete').click();
  await expect(page.getByTestId('synthetic-weights')).toBeVisible();
  await expect(page.getByTestId('library-item')).toHaveCount(0);
});

test('the trained MobileNetV2 dropped as .onnx, configured, classifies eagle.jpg as bald eagle, also after a reload', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  const app = new AppPage(page);
  await app.open({ backend: 'wasm' });
  await app.goto('models');
  await page.getByTestId('model-file').setInputFiles(fixture('models/mobilenetv2-12-int8.onnx'));

  await expect(page.getByTestId('onnx-signature')).toContainText('input [');
  // The proposal reads the model: RGB, x/255, ImageNet mean/std (torchvision convention).
  await expect(page.getByTestId('onnx-order')).toHaveValue('RGB');
  await expect(page.getByTestId('onnx-mean')).toHaveValue('0.485, 0.456, 0.406');
  await expect(page.getByTestId('onnx-std')).toHaveValue('0.229, 0.224, 0.225');
  await app.screenshot(testInfo, 'onnx-config-form');
  await page.getByTestId('save-onnx').click();

  await expect(page.getByTestId('model-select')).toHaveValue('mobilenetv2-12-int8');
  await app.waitReady();
  await app.chooseImage(fixture('images/eagle.jpg'));
  expect((await app.topLabels('wasm'))[0]).toBe('bald eagle');

  await page.reload();
  await app.waitReady();
  await page.getByTestId('model-select').selectOption('mobilenetv2-12-int8');
  await app.waitReady();
  await app.chooseImage(fixture('images/eagle.jpg'));
  expect((await app.topLabels('wasm'))[0]).toBe('bald eagle');
  await app.goto('models');
  await expect(page.getByTestId('library-item')).toHaveCount(1);
  await app.screenshot(testInfo, 'onnx-imported-after-reload');
  app.expectNoConsoleErrors();
});
