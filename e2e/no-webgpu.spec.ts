import { expect, test } from './test';
import { AppPage } from './appPage';
import { makeJpeg } from './images';

// A browser without WebGPU: the page's navigator.gpu is removed before the app starts.
test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, 'gpu', { get: () => undefined, configurable: true });
  });
});

test('without WebGPU the backend is disabled with the reason, and the app runs on WASM', async ({ page }, testInfo) => {
  const app = new AppPage(page);
  await app.open({ backend: 'webgpu' });

  const webgpuOption = page.getByTestId('backend-select').locator('option[value="webgpu"]');
  await expect(webgpuOption).toBeDisabled();
  await expect(webgpuOption).toHaveAttribute('title', /navigator\.gpu is missing/);
  await expect(page.getByTestId('capabilities').locator('[data-backend="webgpu"]')).toContainText('unavailable');
  await expect(page.getByTestId('notice')).toContainText('WebGPU was asked for but is unavailable');
  await expect(page.getByTestId('model-info')).toHaveAttribute('data-backend', 'wasm');

  await app.chooseImage({ name: 'gradient.jpg', mimeType: 'image/jpeg', buffer: await makeJpeg(page) });
  expect(await app.topLabels('wasm')).toHaveLength(5);
  await app.screenshot(testInfo, 'no-webgpu-fallback');
  app.expectNoConsoleErrors();
});
