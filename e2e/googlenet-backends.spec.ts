import { expect, test } from './test';
import { AppPage } from './appPage';
import { makeJpeg } from './images';

/**
 * Guards the onnxruntime-web bundle choice (src/engine/runtime/ort.ts): GoogLeNet's ceil_mode=1 pooling must run on
 * ONNX Runtime's WebGPU EP, every node on the GPU, and agree with WASM.
 * WebGPU here is SwiftShader (CPU): several seconds per GoogLeNet run, so one image only.
 */
test('built-in GoogLeNet gives the same top-5 on WebGPU and WASM', async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  const ortLog: string[] = [];
  page.on('console', (message) => ortLog.push(message.text()));

  const app = new AppPage(page);
  await app.open({ backend: 'wasm', ortLog: 'verbose' });
  await expect(page.getByTestId('synthetic-weights')).toBeVisible();

  await app.chooseImage({ name: 'gradient.jpg', mimeType: 'image/jpeg', buffer: await makeJpeg(page) });
  const wasmTop5 = await app.topLabels('wasm');
  await expect(page.getByTestId('stage-bars')).toHaveAttribute('data-preprocess', 'cpu');

  ortLog.length = 0;
  await app.selectBackend('webgpu');
  // Switching the backend runs the current image again on the new one.
  const webgpuTop5 = await app.topLabels('webgpu');
  // WebGPU took the GPU preprocessing path, WASM the CPU one: the same top-5 through both paths.
  await expect(page.getByTestId('stage-bars')).toHaveAttribute('data-preprocess', 'gpu');
  expect(webgpuTop5).toEqual(wasmTop5);

  const compare = page.getByTestId('backend-compare');
  await expect(compare).toHaveAttribute('data-top5-agree', 'true');
  const maxAbsDiff = Number(await compare.getAttribute('data-max-abs-diff'));
  expect(maxAbsDiff).toBeLessThan(1e-3);

  const placement = ortLog.filter((line) => /placed on|Node placements|assigned to/i.test(line));
  testInfo.attach('ort-node-placement.txt', { body: placement.join('\n') || ortLog.slice(0, 200).join('\n') });
  expect(placement.join('\n')).toMatch(/All nodes placed on \[WebGpuExecutionProvider\]/);
  await app.screenshot(testInfo, 'googlenet-webgpu-vs-wasm');
  app.expectNoConsoleErrors();
});
