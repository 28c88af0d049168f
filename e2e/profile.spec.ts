import { expect, test } from './test';
import { AppPage } from './appPage';

test('the kernel profile of GoogLeNet on WASM names its layers, top 10 by time', async ({ page }, testInfo) => {
  const app = new AppPage(page);
  await app.open({ backend: 'wasm' });
  await app.goto('benchmark');
  await page.getByTestId('profile-run').click();
  const profile = page.getByTestId('kernel-profile');
  await expect(profile).toBeVisible({ timeout: 120_000 });
  const rows = page.getByTestId('kernel-row');
  await expect(rows).toHaveCount(10);
  const kernels = await rows.evaluateAll((els) =>
    els.map((e) => ({ node: e.getAttribute('data-node'), op: e.getAttribute('data-op'), ms: Number(e.getAttribute('data-ms')) })),
  );
  // Largest first; GoogLeNet's time is in its convolutions, named as in the Caffe prototxt.
  for (let i = 1; i < kernels.length; i++) expect(kernels[i]!.ms).toBeLessThanOrEqual(kernels[i - 1]!.ms);
  expect(kernels.filter((k) => k.op === 'Conv' || k.op === 'FusedConv').length).toBeGreaterThanOrEqual(7);
  expect(kernels.some((k) => /^(conv\d|inception_\d[ab])\//.test(k.node ?? ''))).toBe(true);
  await profile.scrollIntoViewIfNeeded();
  await app.screenshot(testInfo, 'kernel-profile-wasm');
});
