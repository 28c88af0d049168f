import { expect, test } from './test';
import { AppPage } from './appPage';
import { makeJpeg } from './images';

test('the worker crashing (an uncaught error in it) is recovered: a new worker, the model loaded again, the app usable', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const app = new AppPage(page);
  await app.open({ backend: 'wasm' });
  const image = { name: 'scene.jpg', mimeType: 'image/jpeg', buffer: await makeJpeg(page) };
  await app.chooseImage(image);
  await expect(app.top5('wasm')).toHaveCount(5);

  const inference = page.workers().find((w) => w.url().includes('inference'));
  expect(inference, 'the inference worker is running').toBeTruthy();
  await inference!.evaluate(() => {
    setTimeout(() => {
      throw new Error('simulated crash');
    }, 0);
  });

  await expect(page.getByTestId('notice')).toContainText(
    /the inference worker stopped: .*simulated crash.* restarted and the model loaded again/,
  );
  await app.waitReady();
  await app.chooseImage(image);
  await expect(app.top5('wasm')).toHaveCount(5);
  await expect(app.error()).toHaveCount(0);
  // The crash itself is the one expected error line (the worker's uncaught exception).
  expect(app.consoleErrors.filter((line) => !/simulated crash|\[[VIW]:onnxruntime/.test(line))).toEqual([]);
});
