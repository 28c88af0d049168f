import { expect, test } from './test';
import { AppPage } from './appPage';
import { serveModel } from './fixtures';
import { makeJpeg } from './images';

// The ways an image or a model reaches the app besides the file input: drop, keyboard, URL.
// Built-in GoogLeNet on WASM (no fixtures needed).

test('an image dropped on the drop zone is classified; Enter on the zone opens the file chooser', async ({ page }, testInfo) => {
  const app = new AppPage(page);
  await app.open({ backend: 'wasm' });
  await app.goto('classify');
  const jpeg = await makeJpeg(page);

  const dataTransfer = await page.evaluateHandle((base64) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], 'dropped.jpg', { type: 'image/jpeg' }));
    return transfer;
  }, jpeg.toString('base64'));
  await page.getByTestId('image-input-drop').dispatchEvent('drop', { dataTransfer });
  await expect(page.getByTestId('image-preview')).toHaveAttribute('alt', 'dropped.jpg');
  expect(await app.topLabels('wasm')).toHaveLength(5);

  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('image-input-drop').focus();
  await page.keyboard.press('Enter');
  await (await chooser).setFiles({ name: 'chosen.jpg', mimeType: 'image/jpeg', buffer: jpeg });
  await expect(page.getByTestId('image-preview')).toHaveAttribute('alt', 'chosen.jpg');
  expect(await app.topLabels('wasm')).toHaveLength(5);
  await app.screenshot(testInfo, 'dropped-image');
  app.expectNoConsoleErrors();
});

test('an image URL is fetched and classified; an unreachable URL says why', async ({ page }, testInfo) => {
  const app = new AppPage(page);
  const jpeg = await makeJpeg(page);
  await page.route('**/pictures/street.jpg', (route) => route.fulfill({ contentType: 'image/jpeg', body: jpeg }));
  await page.route('**/pictures/missing.jpg', (route) => route.fulfill({ status: 404, body: 'not here' }));
  await app.open({ backend: 'wasm' });
  await app.goto('classify');

  await page.getByTestId('image-url').fill(new URL('/pictures/street.jpg', page.url()).href);
  await page.getByTestId('image-url').press('Enter');
  await expect(page.getByTestId('image-preview')).toHaveAttribute('alt', 'street.jpg');
  expect(await app.topLabels('wasm')).toHaveLength(5);

  await page.getByTestId('image-url').fill(new URL('/pictures/missing.jpg', page.url()).href);
  await page.getByTestId('image-url').press('Enter');
  await expect(app.error()).toContainText('missing.jpg: HTTP 404');
  // Next to the URL field too, not only in the status bar.
  const inline = page.getByTestId('error-inline');
  await expect(inline).toHaveAttribute('data-origin', 'classify');
  await expect(inline).toContainText('missing.jpg: HTTP 404');
  await app.screenshot(testInfo, 'image-url-404');
});

test('a broken model from a URL gives a clear error, and the built-in model still works', async ({ page }, testInfo) => {
  const app = new AppPage(page);
  const manifest = {
    id: 'broken',
    name: 'Broken model',
    task: 'classification',
    weights: 'trained',
    model: 'model.onnx',
    labels: '../../models/imagenet/labels.txt',
    input: { name: 'input', shape: [-1, 3, 224, 224], layout: 'NCHW', channelOrder: 'RGB' },
    outputs: [{ name: 'output', kind: 'logits' }],
  };
  const manifestUrl = await serveModel(page, manifest, Buffer.from('this is not an ONNX protobuf at all'));
  await page.goto(`./?${new URLSearchParams({ backend: 'wasm', model: manifestUrl })}`);

  await expect(app.status()).toHaveAttribute('data-state', 'error');
  await expect(app.error()).toHaveAttribute('data-code', 'MODEL_INVALID');
  await expect(app.error()).toContainText('Broken model could not be loaded by ONNX Runtime');
  await app.screenshot(testInfo, 'broken-model');

  await page.getByTestId('model-select').selectOption('googlenet');
  await app.waitReady();
  await expect(app.error()).toHaveCount(0);
  await app.chooseImage({ name: 'after.jpg', mimeType: 'image/jpeg', buffer: await makeJpeg(page) });
  expect(await app.topLabels('wasm')).toHaveLength(5);
});
