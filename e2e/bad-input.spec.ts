import { expect, test } from './test';
import { AppPage } from './appPage';
import { makeGrayPng, makeJpeg } from './images';

/**
 * Every bad file must end in a visible error that names the cause, and the app must still classify
 * a good image afterwards. Runs on the built-in GoogLeNet on WASM (no fixtures needed).
 */
test('bad images give clear errors and the app stays usable', async ({ page }, testInfo) => {
  const app = new AppPage(page);
  await app.open({ backend: 'wasm' });
  const goodJpeg = await makeJpeg(page);

  const badFiles = [
    {
      case: 'text-renamed-jpg',
      file: { name: 'notes.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('hello, I am a text file and not a photo\n') },
      code: 'NOT_AN_IMAGE',
      message: /notes\.jpg.*not an image/,
    },
    {
      case: 'truncated-jpeg',
      file: { name: 'cut.jpg', mimeType: 'image/jpeg', buffer: goodJpeg.subarray(0, Math.floor(goodJpeg.length / 3)) },
      code: 'IMAGE_DECODE_FAILED',
      message: /cut\.jpg.*could not be decoded as JPEG.*damaged or truncated/,
    },
    {
      case: 'empty-file',
      file: { name: 'empty.png', mimeType: 'image/png', buffer: Buffer.alloc(0) },
      code: 'IMAGE_EMPTY',
      message: /empty\.png.*empty \(0 bytes\)/,
    },
    {
      case: 'huge-png',
      file: { name: 'huge.png', mimeType: 'image/png', buffer: makeGrayPng(12000, 12000) },
      code: 'IMAGE_TOO_LARGE',
      message: /huge\.png.*12000x12000.*limit/,
    },
  ];

  for (const bad of badFiles) {
    await test.step(bad.case, async () => {
      await app.chooseImage(bad.file);
      await expect(app.error()).toHaveAttribute('data-code', bad.code);
      await expect(app.error()).toHaveText(bad.message);
      await app.screenshot(testInfo, `bad-input-${bad.case}`);

      // Still usable: a good image classifies and clears the error.
      await app.chooseImage({ name: 'good.jpg', mimeType: 'image/jpeg', buffer: goodJpeg });
      await expect(app.error()).toHaveCount(0);
      expect(await app.topLabels('wasm')).toHaveLength(5);
    });
  }
});
