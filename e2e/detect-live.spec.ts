// The Detect view as a newcomer meets it: a chosen video plays by itself, DetectNet's coverage map
// is drawn over the frame as a heat map with its scale, and its clustering thresholds change live.
// Built-in DetectNet (synthetic weights) on WASM; only the time budgets depend on the machine's speed.
import { expect, test } from './test';
import type { Page } from '@playwright/test';
import { openDetectNet } from './detectPage';
import { fixture, HAS_FIXTURES, NO_FIXTURES_MESSAGE } from './fixtures';

test.skip(!HAS_FIXTURES, NO_FIXTURES_MESSAGE);

const FRAME = 5; // a frame of the pedestrian video, analysed alone with Every-frame pacing

interface HotCell {
  column: number;
  row: number;
  value: number;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** The overlay's pixels now, kept in the page under `name`. */
async function snapshotOverlay(page: Page, name: string): Promise<void> {
  await page.getByTestId('overlay').evaluate((canvas: HTMLCanvasElement, key) => {
    const w = window as unknown as { overlaySnapshots?: Record<string, ImageData> };
    w.overlaySnapshots ??= {};
    w.overlaySnapshots[key] = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
  }, name);
}

interface RegionDiff {
  /** Mean |on - off| over the region's pixels and RGB channels. */
  meanAbsDiff: number;
  /** Mean (red - blue) of each snapshot: how "hot" the region looks. */
  redMinusBlue: [number, number];
}

/** Compares two snapshots over rectangles given in canvas pixels. */
function compareRegions(page: Page, a: string, b: string, regions: { x1: number; y1: number; x2: number; y2: number }[]) {
  return page.evaluate(
    ({ a, b, regions }) => {
      const snaps = (window as unknown as { overlaySnapshots: Record<string, ImageData> }).overlaySnapshots;
      const [sa, sb] = [snaps[a]!, snaps[b]!];
      return regions.map((r) => {
        let diff = 0;
        let hotA = 0;
        let hotB = 0;
        let n = 0;
        for (let y = Math.max(0, Math.ceil(r.y1)); y < Math.min(sa.height, Math.floor(r.y2)); y++) {
          for (let x = Math.max(0, Math.ceil(r.x1)); x < Math.min(sa.width, Math.floor(r.x2)); x++) {
            const i = (y * sa.width + x) * 4;
            for (let c = 0; c < 3; c++) diff += Math.abs(sa.data[i + c]! - sb.data[i + c]!);
            hotA += sa.data[i]! - sa.data[i + 2]!;
            hotB += sb.data[i]! - sb.data[i + 2]!;
            n++;
          }
        }
        return { meanAbsDiff: diff / (3 * n), redMinusBlue: [hotA / n, hotB / n] as [number, number], pixels: n };
      });
    },
    { a, b, regions },
  ) as Promise<(RegionDiff & { pixels: number })[]>;
}

test('a chosen video plays at once, muted and looping, and the overlay advances with no other click', async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  const { app, detect } = await openDetectNet(page);
  // Every frame number the overlay shows, recorded in the page as it changes.
  await detect.overlay().evaluate((canvas: HTMLCanvasElement) => {
    const w = window as unknown as { framesShown: number[] };
    w.framesShown = [];
    new MutationObserver(() => {
      const frame = canvas.dataset.frame;
      if (frame !== undefined && Number(frame) !== w.framesShown.at(-1)) w.framesShown.push(Number(frame));
    }).observe(canvas, { attributes: true, attributeFilter: ['data-frame'] });
  });
  await detect.openVideo(fixture('video/pedestrians.webm'));

  const video = page.getByTestId('video');
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => !v.paused && v.muted && v.loop)).toBe(true);
  await expect(page.getByTestId('video-loop')).toBeChecked();
  await expect(page.getByTestId('play-toggle')).toHaveText('Pause');
  // DetectNet on WASM takes seconds per frame here; live pacing shows whichever frames it could run.
  await expect
    .poll(
      async () => {
        const shown = await page.evaluate(() => (window as unknown as { framesShown: number[] }).framesShown);
        return shown.length < 2 ? 0 : Math.max(...shown) - shown[0]!;
      },
      { timeout: 120_000, message: 'the overlay should move on by at least 5 frames' },
    )
    .toBeGreaterThanOrEqual(5);
  await app.screenshot(testInfo, 'video-autoplay');

  // The Loop toggle, by keyboard: off, then on again.
  const loop = page.getByTestId('video-loop');
  await loop.focus();
  await page.keyboard.press('Space');
  await expect(loop).not.toBeChecked();
  expect(await video.evaluate((v: HTMLVideoElement) => v.loop)).toBe(false);
  await page.keyboard.press('Space');
  await expect(loop).toBeChecked();
  expect(await video.evaluate((v: HTMLVideoElement) => v.loop)).toBe(true);
  await page.getByTestId('play-toggle').click();
  await expect(page.getByTestId('play-toggle')).toHaveText('Play');
  await expect(app.error()).toHaveCount(0);
});

test("DetectNet's coverage heat map is drawn over the frame where coverage is high, with its scale, and can be turned off", async ({
  page,
}, testInfo) => {
  test.setTimeout(420_000);
  const { app, detect } = await openDetectNet(page);
  await page.getByTestId('pacing').selectOption('every-frame');
  await detect.openVideo(fixture('video/pedestrians.webm'));

  const toggle = page.getByTestId('coverage-toggle');
  await expect(toggle).toBeChecked();
  const scale = page.getByTestId('coverage-scale');
  await expect(scale).toBeVisible();
  for (const tick of ['0', '0.25', '0.5', '0.75', '1']) await expect(scale.getByText(tick, { exact: true })).toBeVisible();

  await detect.analyseEveryFrame(FRAME, FRAME, 300_000);
  await expect(detect.overlay()).toHaveAttribute('data-coverage-hot', /column/);
  const hot = JSON.parse((await detect.overlay().getAttribute('data-coverage-hot'))!) as HotCell[];
  await snapshotOverlay(page, 'on');
  await detect.overlay().scrollIntoViewIfNeeded();
  await app.screenshot(testInfo, 'coverage-heat-map-on');

  await toggle.uncheck();
  await expect(scale).toBeHidden();
  await detect.analyseEveryFrame(FRAME, FRAME, 300_000);
  // Drawn again without the map: the grid no longer comes with the result.
  await expect(detect.overlay()).not.toHaveAttribute('data-coverage-hot', /./);
  await expect(detect.overlay()).toHaveAttribute('data-frame', String(FRAME));
  await snapshotOverlay(page, 'off');

  // Frame pixels to canvas pixels, as the overlay draws. The frame's label (a box at the top left)
  // changes between runs (its inference time), so cells under it are left out.
  const { width, videoWidth } = await page.evaluate(() => ({
    width: (document.querySelector('[data-testid="overlay"]') as HTMLCanvasElement).width,
    videoWidth: (document.querySelector('[data-testid="video"]') as HTMLVideoElement).videoWidth,
  }));
  const s = width / videoWidth;
  const LABEL = { width: 460, height: 30 };
  const cells = hot
    .filter((c) => c.value >= 0.9 && (c.y1 * s >= LABEL.height || c.x1 * s >= LABEL.width))
    .map((c) => ({ ...c, x1: c.x1 * s + 2, y1: c.y1 * s + 2, x2: c.x2 * s - 2, y2: c.y2 * s - 2 }));
  expect(cells.length, `cells of coverage >= 0.9 clear of the label among ${JSON.stringify(hot.slice(0, 5))}...`).toBeGreaterThan(0);
  const whole = { x1: 0, y1: LABEL.height, x2: width, y2: 1e9 };
  const [overall, ...hotRegions] = await compareRegions(page, 'on', 'off', [whole, ...cells]);
  for (const region of hotRegions) {
    // Coverage near 1 is drawn red at 80% opacity: the pixels change a lot, towards red.
    expect(region.meanAbsDiff).toBeGreaterThan(40);
    expect(region.redMinusBlue[0]).toBeGreaterThan(region.redMinusBlue[1] + 60);
    // Most of the frame has coverage near 0 and is left almost as it was: the map follows the grid.
    expect(overall!.meanAbsDiff).toBeLessThan(region.meanAbsDiff / 3);
  }
  await expect(app.error()).toHaveCount(0);
});

test('DetectNet clustering thresholds: checked as typed, applied to the next frames without a reload, reset to the model', async ({
  page,
}, testInfo) => {
  test.setTimeout(420_000);
  const { app, detect } = await openDetectNet(page);
  await page.getByTestId('pacing').selectOption('every-frame');
  await detect.openVideo(fixture('video/pedestrians.webm'));
  const controls = page.getByTestId('cluster-controls');
  const coverage = page.getByTestId('cluster-coverage');
  await expect(controls).toHaveAttribute('data-coverage-threshold', '0.6');
  await expect(coverage).toHaveValue('0.6');
  await expect(page.getByTestId('cluster-rect-threshold')).toHaveValue('3');
  await expect(page.getByTestId('cluster-eps')).toHaveValue('0.02');
  await expect(page.getByTestId('cluster-min-height')).toHaveValue('22');
  await expect(page.getByTestId('cluster-reset')).toBeDisabled();

  const [before] = await detect.analyseEveryFrame(FRAME, FRAME, 300_000);

  // A value outside the rule: the field says why, is marked, and nothing is applied.
  await coverage.fill('1.5');
  await expect(page.getByTestId('cluster-coverage-error')).toHaveText("'1.5' is not a coverage threshold: it must be a number from 0 to 1");
  await expect(coverage).toHaveAttribute('aria-invalid', 'true');
  await page.getByTestId('cluster-min-height').fill('2.5');
  await expect(page.getByTestId('cluster-min-height-error')).toContainText("'2.5' is not a min height: it must be a whole number");
  await expect(controls).toHaveAttribute('data-coverage-threshold', '0.6');

  // With synthetic weights no group passes DIGITS' values; every cell proposing a box, ungrouped, does.
  await coverage.fill('0');
  await page.getByTestId('cluster-rect-threshold').fill('0');
  await page.getByTestId('cluster-min-height').fill('0');
  await expect(coverage).toHaveAttribute('aria-invalid', 'false');
  await expect(controls).toHaveAttribute('data-coverage-threshold', '0');
  await expect(controls).toHaveAttribute('data-rect-threshold', '0');
  await expect(controls).toHaveAttribute('data-min-height', '0');
  const [lowered] = await detect.analyseEveryFrame(FRAME, FRAME, 300_000);
  expect(lowered!.frame).toBe(before!.frame);
  expect(lowered!.boxes, `boxes on frame ${FRAME}: ${before!.boxes} at the model's values`).not.toBe(before!.boxes);
  const drawn = JSON.parse((await detect.overlay().getAttribute('data-detections')) ?? '[]') as unknown[];
  expect(drawn).toHaveLength(lowered!.boxes);
  await detect.overlay().scrollIntoViewIfNeeded();
  await app.screenshot(testInfo, 'cluster-thresholds-lowered');

  await page.getByTestId('cluster-reset').click();
  await expect(controls).toHaveAttribute('data-coverage-threshold', '0.6');
  await expect(coverage).toHaveValue('0.6');
  await expect(page.getByTestId('cluster-min-height')).toHaveValue('22');
  const [again] = await detect.analyseEveryFrame(FRAME, FRAME, 300_000);
  expect(again!.boxes).toBe(before!.boxes);
  await expect(app.error()).toHaveCount(0);
});

test('a paused file seeked to the very time it stands at (no new frame presented) is analysed again', async ({ page }) => {
  test.setTimeout(300_000);
  const { app, detect } = await openDetectNet(page);
  // Pause the file the moment Live pacing starts it: it then moves only by the seeks below.
  await page.getByTestId('video').evaluate((video: HTMLVideoElement) => {
    video.addEventListener('play', () => video.pause(), { once: true });
  });
  await detect.openVideo(fixture('video/pedestrians.webm'));
  await detect.seekToFrame(0, 10);
  await detect.seekToFrame(3, 10);
  // A seek to the time the element stands at resets the timeline (the overlay is cleared) but
  // presents no frame, so no frame callback comes (measured in Chromium 156): the loop captures at 'seeked'.
  // Every value the overlay's data-frame takes from the seek on (null: cleared), recorded in the
  // page, so that neither a quick nor a slow result can slip between two polls.
  await detect.overlay().evaluate((canvas: HTMLCanvasElement) => {
    const w = window as unknown as { framesAfterSeek: (string | null)[] };
    w.framesAfterSeek = [];
    new MutationObserver(() => w.framesAfterSeek.push(canvas.getAttribute('data-frame'))).observe(canvas, {
      attributes: true,
      attributeFilter: ['data-frame'],
    });
    const video = document.querySelector<HTMLVideoElement>('[data-testid="video"]')!;
    const standsAt = video.currentTime;
    video.currentTime = standsAt;
  });
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { framesAfterSeek: (string | null)[] }).framesAfterSeek.join(',')), {
      timeout: 120_000,
      message: 'the overlay should be cleared by the seek, then show frame 3 again',
    })
    .toMatch(/^(.*,)?,3(,|$)/);
  await expect(app.error()).toHaveCount(0);
});
