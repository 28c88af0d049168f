import type { Page } from '@playwright/test';
import { expect, test } from './test';
import { AppPage, type View } from './appPage';
import { makeJpeg } from './images';
import { visitViewsWithContent } from './viewContent';

const VIEWS: View[] = ['classify', 'detect', 'benchmark', 'models'];

const focusedTestId = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);

/** Presses Tab (or Shift+Tab) until the element with this test id has the focus; fails after `max` presses. */
async function tabTo(page: Page, testId: string, { back = false, max = 60 } = {}): Promise<number> {
  for (let presses = 1; presses <= max; presses++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    if ((await focusedTestId(page)) === testId) return presses;
  }
  throw new Error(`${testId} not reached with ${max} presses of ${back ? 'Shift+Tab' : 'Tab'}`);
}

/** The focused element draws a visible focus ring (an outline), not just the browser's default for mouse users. */
async function expectFocusVisible(page: Page): Promise<void> {
  const outline = await page.evaluate(() => {
    const style = getComputedStyle(document.activeElement!);
    return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
  });
  expect(outline.style).not.toBe('none');
  expect(outline.width).toBeGreaterThanOrEqual(2);
}

test('every view is one link away, the URL says which, and a reload stays there with the other parameters', async ({ page }) => {
  const app = new AppPage(page);
  await app.open({ backend: 'wasm' });
  await expect(page.getByTestId('view')).toHaveAttribute('data-view', 'classify');
  for (const view of VIEWS) {
    await app.goto(view);
    await expect(page).toHaveURL(new RegExp(`\\?backend=wasm#/${view}$`));
    await expect(page.getByTestId(`nav-${view}`)).toHaveAttribute('aria-current', 'page');
    // The model/backend bar and the status are on every view.
    await expect(page.getByTestId('model-select')).toBeVisible();
    await expect(page.getByTestId('backend-select')).toBeVisible();
    await expect(page.getByTestId('status')).toBeVisible();
    await expect(page.getByTestId('view-intro')).toBeVisible();
  }
  await app.goto('benchmark');
  await page.reload();
  await app.waitReady();
  await expect(page.getByTestId('view')).toHaveAttribute('data-view', 'benchmark');
  await expect(page.getByTestId('bench-run')).toBeVisible();
  await expect(page.getByTestId('model-info')).toHaveAttribute('data-backend', 'wasm');

  // Back returns to the previous view.
  await page.goBack();
  await expect(page.getByTestId('view')).toHaveAttribute('data-view', 'models');

  // ?view= works as well as the hash.
  await page.goto('./?backend=wasm&view=models');
  await app.waitReady();
  await expect(page.getByTestId('view')).toHaveAttribute('data-view', 'models');
  await expect(page.getByTestId('caffe-url')).toBeVisible();
});

test('picking a detector on Classify moves to Detect, and the view says what to do with a model it cannot show', async ({ page }) => {
  const app = new AppPage(page);
  await app.open({ backend: 'wasm' });
  await app.goto('classify');
  await app.selectModel('detectnet');
  await expect(page.getByTestId('view')).toHaveAttribute('data-view', 'detect');
  await expect(page).toHaveURL(/#\/detect$/);
  await expect(page.getByTestId('video-input-drop')).toBeVisible();
  // DetectNet's synthetic weights find nothing: the way to a trained detector is next to the (empty) overlay.
  await expect(page.getByTestId('yolox-callout')).toContainText('Expect no boxes');
  await expect(page.getByTestId('get-yolox')).toHaveText('Get trained YOLOX-Nano (3.6 MB, from huggingface.co)');

  await app.goto('classify');
  await expect(page.getByTestId('wrong-task')).toContainText('is a detector');
  await page.getByRole('button', { name: 'Use GoogLeNet here' }).click();
  await app.waitReady();
  await expect(page.getByTestId('view')).toHaveAttribute('data-view', 'classify');
  await expect(page.getByTestId('image-input-drop')).toBeVisible();
});

test('keyboard only: Tab and Enter walk the views and classify an image, with a visible focus ring', async ({ page }) => {
  const app = new AppPage(page);
  await app.open({ backend: 'wasm' });

  for (const view of ['detect', 'benchmark', 'models'] as const) {
    await tabTo(page, `nav-${view}`);
    await expectFocusVisible(page);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('view')).toHaveAttribute('data-view', view);
  }
  // The trained-weights form in Models is reachable too.
  await tabTo(page, 'caffe-url');
  await expectFocusVisible(page);

  await tabTo(page, 'nav-classify', { back: true });
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('view')).toHaveAttribute('data-view', 'classify');

  await tabTo(page, 'image-input-drop');
  await expectFocusVisible(page);
  const chooser = page.waitForEvent('filechooser');
  await page.keyboard.press('Enter');
  await (await chooser).setFiles({ name: 'keyboard.jpg', mimeType: 'image/jpeg', buffer: await makeJpeg(page) });
  expect(await app.topLabels('wasm')).toHaveLength(5);
  // "Choose a folder" of Classify Many is a Tab stop of its own.
  await tabTo(page, 'many-input-folder');
  await expectFocusVisible(page);
});

test('a bad batch list shows its error next to the field as it is typed, before Run', async ({ page }, testInfo) => {
  const app = new AppPage(page);
  await app.open({ backend: 'wasm' });
  await app.goto('benchmark');
  const field = page.getByTestId('batch-list');
  await field.fill('1, 2, x');
  const error = page.getByTestId('batch-list-error');
  await expect(error).toHaveText("'1, 2, x' is not a list of batch sizes: 'x' is not a whole number");
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  // The field names the message that explains it, and the message sits right under the field.
  const describedBy = await field.getAttribute('aria-describedby');
  await expect(page.locator(`[id="${describedBy}"]`)).toContainText("'x' is not a whole number");
  const fieldBox = (await field.boundingBox())!;
  const errorBox = (await error.boundingBox())!;
  expect(errorBox.y).toBeGreaterThanOrEqual(fieldBox.y + fieldBox.height - 1);
  expect(errorBox.y - (fieldBox.y + fieldBox.height)).toBeLessThan(40);
  await expect(page.getByTestId('bench-run')).toBeDisabled();
  // Not a page-level error: the banner stays empty.
  await expect(app.error()).toHaveCount(0);
  await field.scrollIntoViewIfNeeded();
  await app.screenshot(testInfo, 'batch-list-error');

  await field.fill('1, 0');
  await expect(error).toHaveText("'1, 0' is not a list of batch sizes: 0 is outside 1 to 4096");
  await field.fill('1, 2');
  await expect(error).toHaveCount(0);
  await expect(field).toHaveAttribute('aria-invalid', 'false');
  await expect(page.getByTestId('bench-run')).toBeEnabled();
});

test('synthetic GoogLeNet: the call to get trained weights sits with the predictions and starts the download there', async ({ page }) => {
  const app = new AppPage(page);
  // Stands in for the Model Zoo's server: the request hangs until the test cancels it.
  await page.route('http://dl.caffe.berkeleyvision.org/**', () => undefined);
  await app.open({ backend: 'wasm' });
  await app.chooseImage({ name: 'scene.jpg', mimeType: 'image/jpeg', buffer: await makeJpeg(page) });
  const callout = page.getByTestId('synthetic-callout');
  await expect(callout).toContainText('These classes mean nothing yet');
  await expect(callout).toContainText('dl.caffe.berkeleyvision.org');
  await page.getByTestId('get-trained-weights').click();
  await expect(callout.getByTestId('import-progress')).toContainText(
    'Downloading http://dl.caffe.berkeleyvision.org/bvlc_googlenet.caffemodel',
  );
  await callout.getByTestId('download-cancel').click();
  await expect(app.error()).toContainText('cancelled');
});

test('screenshots of every view at 1400x1000 and 800x1000, charts out of the Tab order', async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  const app = new AppPage(page);
  await app.open({ backend: 'wasm' });
  await visitViewsWithContent(app, testInfo, async (view) => {
    if (view === 'benchmark') {
      // Charts are pictures of the results table: nothing inside them takes the focus (the log-scale
      // switch above them does).
      const charts = page.getByTestId('sweep-charts');
      await expect(charts.locator('.recharts-line-curve')).toHaveCount(6);
      await expect(charts.locator('.recharts-scatter-symbol')).toHaveCount(10);
      const focusable = await page
        .getByTestId('sweep-chart')
        .evaluateAll(
          (figures) =>
            figures.flatMap((el) => [...el.querySelectorAll('a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])')])
              .length,
        );
      expect(focusable).toBe(0);
      // One legend for the group, naming the runs by what differs (the backend and device), not by a time.
      await expect(page.getByTestId('run-legend').locator('li')).toHaveText([
        'WASM · 2 threads, SIMD',
        'WebGPU · NVIDIA GeForce RTX (ampere)',
      ]);
      // Every run compared is in the table; a point with fewer than 10 runs shows no spread.
      await expect(page.locator('[data-testid="bench-results"] tbody tr')).toHaveCount(10);
      await expect(page.locator('[data-testid="bench-results"] tr[data-batch="16"][data-run="0"] td').nth(2)).toHaveText('—');
    }
    for (const width of [1400, 800]) {
      await page.setViewportSize({ width, height: 1000 });
      // Charts follow their container's size on the next animation frames; no pointer left over a chart (its tooltip).
      await page.mouse.move(0, 0);
      await page.waitForTimeout(400);
      await app.screenshot(testInfo, `view-${view}-${width}x1000`);
    }
    await page.setViewportSize({ width: 1400, height: 1000 });
  });
  app.expectNoConsoleErrors();
});
