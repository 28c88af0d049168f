import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { GraphBuilder } from '../src/onnx/builder';
import { encodeModel } from '../src/onnx/schema';
import { AppPage } from './appPage';
import { guardCsp } from './cspGuard';
import { DetectPage } from './detectPage';
import { fixture, HAS_FIXTURES } from './fixtures';
import { makeJpeg } from './images';
import { expect, test } from './test';

/** Markup that would run code if any of it were parsed as HTML: each payload sets a flag on window. */
const MARKUP_LABEL = (i: number) => `<img src=x data-xss onerror="window.__xss='label ${i}'"><b data-xss>class ${i}</b>`;
const MARKUP_INPUT = '<svg onload="window.__xss=\'input\'">';
const MARKUP_OUTPUT = '<iframe srcdoc="<script>parent.__xss=1</script>">';
const MARKUP_FILE = '<img src=x onerror="window.__xss=\'file\'">';
const CLASSES = 10;

/**
 * A 10-class classifier (conv, global average pool, fc, softmax) on 32x32 inputs whose input
 * and output tensors are named with markup, as a hostile .onnx file could be.
 */
function markupModel(): Buffer {
  const fill = (n: number, v: number) => new Float32Array(n).fill(v);
  const builder = new GraphBuilder('markup', {
    weights: ({ dims }) => Float32Array.from({ length: dims.reduce((a, b) => a * b, 1) }, (_, i) => ((i * 7919) % 13) / 13 - 0.5),
    bias: ({ size }) => fill(size, 0),
  });
  const input = builder.input(MARKUP_INPUT, ['N', 3, 32, 32]);
  const conv = builder.conv({ name: 'conv', input, outChannels: 8, kernel: 3, pad: 1 });
  const pooled = builder.avgPool({ name: 'pool', input: conv, kernel: 32, ceil: false });
  const fc = builder.fc({ name: 'fc', input: builder.flatten('flat', pooled), outFeatures: CLASSES });
  builder.output(builder.softmax({ name: 'prob', input: fc, output: MARKUP_OUTPUT }));
  return Buffer.from(encodeModel(builder.build({ producerVersion: 'e2e' })));
}

async function importMarkupModel(page: Page): Promise<void> {
  const labels = Array.from({ length: CLASSES }, (_, i) => MARKUP_LABEL(i)).join('\n');
  await page.getByTestId('nav-models').click();
  await page.getByTestId('model-file').setInputFiles([
    { name: `${MARKUP_FILE}.onnx`, mimeType: 'application/octet-stream', buffer: markupModel() },
    { name: 'labels.txt', mimeType: 'text/plain', buffer: Buffer.from(labels) },
  ]);
  await expect(page.getByTestId('onnx-signature')).toContainText(MARKUP_INPUT);
  await page.getByTestId('save-onnx').click();
  await expect(page.getByTestId('model-info')).toContainText(MARKUP_FILE);
}

/** Elements a payload would have created if it had been parsed as HTML anywhere on the page. */
async function injectedElements(page: Page): Promise<number> {
  return page.evaluate(() => document.querySelectorAll('[data-xss], img[src="x"], svg[onload], iframe[srcdoc]').length);
}

test('class labels, tensor names and file names with markup are shown as text, never parsed as HTML', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  const app = new AppPage(page);
  await app.open({ backend: 'wasm' });
  await importMarkupModel(page);
  await app.waitReady();
  await expect(page.getByTestId('onnx-signature')).toHaveCount(0);

  await app.chooseImage({ name: `${MARKUP_FILE}.jpg`, mimeType: 'image/jpeg', buffer: await makeJpeg(page) });
  const labels = await app.topLabels('wasm');
  // Each label exactly as the file wrote it, markup and all, as the text of its row.
  for (const label of labels) expect(label).toMatch(/^<img src=x data-xss onerror="window\.__xss='label \d'"><b data-xss>class \d<\/b>$/);
  await expect(app.top5('wasm').first().locator('.label')).toHaveText(labels[0]!);
  await expect(page.getByTestId('model-select').locator('option:checked')).toContainText(MARKUP_FILE);
  await app.goto('models');
  await expect(page.getByTestId('library-item').first()).toContainText(MARKUP_FILE);

  expect(await injectedElements(page)).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
  await app.screenshot(testInfo, 'markup-as-text');
  app.expectNoConsoleErrors();
});

test('the built page sends a strict Content-Security-Policy (header and meta tag) and keeps cross-origin isolation', async ({ page }) => {
  for (const path of ['./', './bench.html']) {
    const response = await page.goto(path);
    const headers = response!.headers();
    expect(headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(headers['cross-origin-embedder-policy']).toBe('require-corp');
    const header = headers['content-security-policy'] ?? '';
    expect(header).toContain("script-src 'self' 'wasm-unsafe-eval';");
    expect(header).toContain("object-src 'none'");
    expect(header).toContain("base-uri 'self'");
    expect(header).toContain("frame-ancestors 'none'");
    expect(header).not.toMatch(/'unsafe-inline'|'unsafe-eval'|\*/);
    const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(meta).toBe(header.replace("; frame-ancestors 'none'", ''));
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  }

  // The policy is enforced, and the guard every test runs under sees a refusal.
  await page.goto('./');
  const violations = guardCsp(page);
  const ran = await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true';
    document.head.append(script);
    return (window as unknown as { __inlineRan?: boolean }).__inlineRan ?? false;
  });
  expect(ran).toBe(false);
  await expect.poll(() => violations.length).toBeGreaterThan(0);
  expect(violations.join('\n')).toContain('script-src');
  violations.length = 0; // refused on purpose: not a failure of this test
});

test('a whole session (classify, video, sweep, import) requests nothing outside the app unless the user enters a URL', async ({
  page,
}, testInfo) => {
  test.setTimeout(420_000);
  const app = new AppPage(page);
  const origin = new URL(testInfo.project.use.baseURL!).origin;
  const outside: string[] = [];
  const own: string[] = [];
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(`${origin}/`) && !/^(blob|data):/.test(url)) outside.push(url);
    else own.push(url);
  });

  await app.open({ backend: 'wasm' });
  await test.step('classify an image', async () => {
    await app.chooseImage({ name: 'scene.jpg', mimeType: 'image/jpeg', buffer: await makeJpeg(page) });
    await expect(app.top5('wasm')).toHaveCount(5);
  });

  await test.step('a tiny sweep', async () => {
    await app.goto('benchmark');
    await page.getByTestId('batch-list').fill('1');
    await page.getByTestId('bench-run').click();
    await expect(page.getByTestId('bench-message')).toContainText('finished: 1 batch size', { timeout: 180_000 });
    await expect(page.getByTestId('sweep-chart').first()).toBeVisible();
  });

  await test.step('import a model and classify with it', async () => {
    await importMarkupModel(page);
    await app.waitReady();
    await app.chooseImage({ name: 'again.jpg', mimeType: 'image/jpeg', buffer: await makeJpeg(page) });
    await expect(app.top5('wasm')).toHaveCount(5);
  });

  // Without ../shared/fixtures there is no video to play; the rest of the session still runs.
  if (HAS_FIXTURES) {
    await test.step('play the video briefly through DetectNet', async () => {
      const detect = new DetectPage(page);
      await app.selectModel('detectnet');
      // Live pacing plays a chosen file at once; whichever frames DetectNet keeps up with get boxes.
      await detect.openVideo({ name: 'pedestrians.webm', mimeType: 'video/webm', buffer: readFileSync(fixture('video/pedestrians.webm')) });
      await expect(detect.overlay()).toHaveAttribute('data-frame', /^\d+$/, { timeout: 240_000 });
      await page.getByTestId('video').evaluate((video: HTMLVideoElement) => video.pause());
    });
  }
  // The listener sees the worker's requests too (models, ORT's runtime), not only the page's.
  expect(own.some((url) => url.endsWith('/models/googlenet/model.onnx'))).toBe(true);
  expect(own.some((url) => /\/ort\/.*\.wasm$/.test(url))).toBe(true);
  expect(outside, 'requests outside the app before any URL was entered').toEqual([]);

  await test.step('a URL the user enters is the one outside request', async () => {
    const url = 'https://weights.example.test/user-entered.caffemodel';
    await page.route(url, (route) => route.fulfill({ status: 404, headers: { 'Access-Control-Allow-Origin': '*' }, body: 'gone' }));
    await app.goto('models');
    await page.getByTestId('caffe-url').fill(url);
    await page.getByTestId('download-googlenet').click();
    await expect(app.error()).toBeVisible();
    expect(outside).toEqual([url]);
  });
  await app.screenshot(testInfo, 'session-no-outside-requests');
});
