import { readFileSync } from 'node:fs';
import { expect, test } from './test';
import { AppPage } from './appPage';
import { fixture, HAS_FIXTURES, MOBILENET_MANIFEST, NO_FIXTURES_MESSAGE, serveModel, YOLOX_MANIFEST } from './fixtures';

test.skip(!HAS_FIXTURES, NO_FIXTURES_MESSAGE);

test('Classify Many: several images through the worker at batch 2, a bad one named, top-1 per image, total time', async ({
  page,
}, testInfo) => {
  const app = new AppPage(page);
  await app.open({ model: await serveModel(page, MOBILENET_MANIFEST, fixture('models/mobilenetv2-12-int8.onnx')), backend: 'wasm' });
  await app.goto('classify');
  await page.getByTestId('batch-size').selectOption('2');
  const jpeg = (name: string) => ({ name: `${name}.jpg`, mimeType: 'image/jpeg', buffer: readFileSync(fixture(`images/${name}.jpg`)) });
  await page
    .getByTestId('image-input')
    .setInputFiles([
      jpeg('eagle'),
      jpeg('dog'),
      { name: 'broken.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not a picture at all') },
      jpeg('giraffe'),
    ]);
  const many = page.getByTestId('classify-many');
  await expect(many).toHaveAttribute('data-total-ms', /\d/);
  await expect(many).toHaveAttribute('data-images', '4');
  const rows = page.getByTestId('many-row');
  await expect(rows.nth(0)).toHaveAttribute('data-label', 'bald eagle');
  await expect(rows.nth(1)).toHaveAttribute('data-label', /malamute|Siberian husky|Eskimo dog/);
  // broken.jpg shares its batch with giraffe.jpg: only it fails, and the message names it.
  await expect(rows.nth(2)).toHaveAttribute('data-error', /broken\.jpg.*not an image/);
  await expect(rows.nth(3)).toHaveAttribute('data-label', /.+/);
  // images/s is the set's size over its total time.
  const totalMs = Number(await many.getAttribute('data-total-ms'));
  expect(Number(await many.getAttribute('data-images-per-second'))).toBeCloseTo((4 * 1000) / totalMs, 6);
  await app.screenshot(testInfo, 'classify-many');
  app.expectNoConsoleErrors();
});

test('Test Many with a detector: still images through the batcher, a box count per image', async ({ page }, testInfo) => {
  const app = new AppPage(page);
  const manifestUrl = await serveModel(page, YOLOX_MANIFEST, fixture('models/yolox_nano.onnx'));
  await app.open({ model: manifestUrl, backend: 'wasm' });
  await app.goto('detect');
  await page.getByTestId('batch-size').selectOption('2');
  const jpeg = (name: string) => ({ name: `${name}.jpg`, mimeType: 'image/jpeg', buffer: readFileSync(fixture(`images/${name}.jpg`)) });
  await page
    .getByTestId('detect-images')
    .setInputFiles([jpeg('person'), jpeg('eagle'), { name: 'notes.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('plain text') }]);
  const many = page.getByTestId('classify-many');
  await expect(many).toHaveAttribute('data-total-ms', /\d/);
  const rows = page.getByTestId('many-row');
  // person.jpg has one person (the class filter keeps persons only); the eagle picture has none.
  await expect(rows.nth(0)).toHaveAttribute('data-label', '1 box');
  await expect(rows.nth(1)).toHaveAttribute('data-label', '0 boxes');
  await expect(rows.nth(2)).toHaveAttribute('data-error', /notes\.jpg/);
  await app.screenshot(testInfo, 'detect-many');
});
