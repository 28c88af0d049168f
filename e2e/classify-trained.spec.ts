import { expect, test } from './test';
import { AppPage } from './appPage';
import { fixture, HAS_FIXTURES, MOBILENET_MANIFEST, NO_FIXTURES_MESSAGE, serveModel } from './fixtures';

test.skip(!HAS_FIXTURES, NO_FIXTURES_MESSAGE);

for (const backend of ['wasm', 'webgpu'] as const) {
  test(`trained MobileNetV2 from a URL classifies eagle.jpg as bald eagle on ${backend}`, async ({ page }, testInfo) => {
    const app = new AppPage(page);
    const manifestUrl = await serveModel(page, MOBILENET_MANIFEST, fixture('models/mobilenetv2-12-int8.onnx'));
    await app.open({ model: manifestUrl, backend });
    await expect(page.getByTestId('model-info')).toHaveAttribute('data-backend', backend);
    await expect(page.getByTestId('synthetic-weights')).toHaveCount(0);

    await app.chooseImage(fixture('images/eagle.jpg'));
    const labels = await app.topLabels(backend);
    expect(labels[0]).toBe('bald eagle');
    const topProb = Number(await app.top5(backend).first().getAttribute('data-prob'));
    expect(topProb).toBeGreaterThan(0.5);
    await expect(app.error()).toHaveCount(0);
    await app.screenshot(testInfo, `mobilenet-eagle-${backend}`);
    app.expectNoConsoleErrors();
  });
}

test('the same input through WebGPU and WASM: outputs agree, with both timings', async ({ page }, testInfo) => {
  const app = new AppPage(page);
  await app.open({ model: await serveModel(page, MOBILENET_MANIFEST, fixture('models/mobilenetv2-12-int8.onnx')), backend: 'wasm' });
  await app.goto('benchmark');
  await page.getByTestId('compare-backends').click();
  const agreement = page.getByTestId('backend-agreement');
  await expect(agreement).toHaveAttribute('data-agree', 'true');
  expect(Number(await agreement.getAttribute('data-max-abs-diff'))).toBeLessThan(1e-2);
  await expect(agreement).toContainText(/WASM [\d.]+ ms, WebGPU [\d.]+ ms per image/);
  await agreement.scrollIntoViewIfNeeded();
  await app.screenshot(testInfo, 'backend-agreement');
});
