import { expect, test } from './test';
import { openDetectNet } from './detectPage';
import { fixture, HAS_FIXTURES, NO_FIXTURES_MESSAGE } from './fixtures';

test.skip(!HAS_FIXTURES, NO_FIXTURES_MESSAGE);

const FPS = 10; // the fixture video's frame rate

test('Every frame: built-in DetectNet analyses frames 0..19 of the video at batch 4, each once, in order, matched to its frame, none dropped', async ({
  page,
}, testInfo) => {
  // DetectNet at 1024x512 takes hundreds of ms per frame on 2 CPU cores; the video waits for it, so only the time budget depends on speed.
  test.setTimeout(600_000);
  const { app, detect } = await openDetectNet(page);
  await expect(page.getByTestId('synthetic-weights')).toBeVisible();
  await detect.setBatchSize(4);
  await page.getByTestId('pacing').selectOption('every-frame');
  await detect.openVideo(fixture('video/pedestrians.webm'));
  await expect(page.getByTestId('pacing-run')).toBeEnabled();

  const rows = await detect.analyseEveryFrame(0, 19, 540_000);
  await expect(page.getByTestId('pacing-state')).toHaveAttribute('data-state', 'done');
  await expect(app.error()).toHaveCount(0);
  expect(rows.map((r) => r.frame)).toEqual([...Array(20).keys()]);
  // Each result belongs to the frame that was on screen when it was captured (the frame's own media time)...
  for (const row of rows) expect(Math.round(row.mediaTime * FPS)).toBe(row.frame);
  // ...and to its own request: one request per frame, in order.
  for (let i = 1; i < rows.length; i++) expect(rows[i]!.frameId).toBeGreaterThan(rows[i - 1]!.frameId);
  // The video waited for every batch to fill: five batches of four.
  expect(rows.map((r) => r.batch)).toEqual(Array(20).fill(4));
  for (const row of rows) {
    expect(row.inferenceMs).toBeGreaterThan(0);
    expect(row.boxes).toBe(row.detections.length);
  }
  await expect(page.getByTestId('detect-metrics')).toHaveAttribute('data-dropped', '0');
  const progress = page.getByTestId('pacing-progress');
  await expect(progress).toHaveAttribute('aria-valuenow', '20');
  await expect(progress).toHaveAttribute('aria-valuemax', '20');

  // The overlay shows the last frame with that frame's boxes.
  await expect(detect.overlay()).toHaveAttribute('data-frame', '19');
  const shown = JSON.parse((await detect.overlay().getAttribute('data-detections')) ?? 'null') as unknown[];
  expect(shown).toEqual(rows[19]!.detections.map(({ x1, y1, x2, y2, score }) => ({ x1, y1, x2, y2, score })));

  // Metrics from the frames' own timestamps: all 20 frames, and a frame's latency includes its batch's inference.
  const metrics = page.getByTestId('metrics');
  await expect(metrics).toHaveAttribute('data-frames', '20');
  const p50 = Number(await metrics.getAttribute('data-p50-ms'));
  expect(p50).toBeGreaterThan(Number(await metrics.getAttribute('data-inference-p50-ms')));

  // The table can be exported.
  const download = page.waitForEvent('download');
  await page.getByTestId('pacing-csv').click();
  const csv = await (await download).path().then((path) => import('node:fs').then((fs) => fs.readFileSync(path, 'utf8')));
  const lines = csv.trim().split('\n');
  expect(lines[0]).toBe('frame,media_time_s,boxes,inference_ms_per_frame,batch,detections');
  expect(lines.slice(1).map((l) => Number(l.split(',')[0]))).toEqual([...Array(20).keys()]);

  await page.getByTestId('pacing-results').scrollIntoViewIfNeeded();
  await app.screenshot(testInfo, 'detectnet-every-frame');
  app.expectNoConsoleErrors();
});

test('when DetectNet cannot keep up with the video, the oldest waiting frames are dropped and latency stays bounded', async ({
  page,
}, testInfo) => {
  test.setTimeout(420_000);
  const { app, detect } = await openDetectNet(page);
  await detect.openVideo(fixture('video/pedestrians.webm'));
  await detect.seekToFrame(0, FPS);
  // 10 fps in; DetectNet at 1024x512 on WASM manages a frame or two per second at best. The video
  // loops, so however slow the machine, frames keep coming until enough results are in.
  await page.getByTestId('video').evaluate((video: HTMLVideoElement) => {
    // Each time the video starts over it seeks to 0: count those.
    const w = window as unknown as { restarts: number };
    w.restarts = 0;
    video.addEventListener('seeking', () => w.restarts++);
    video.loop = true;
    return video.play();
  });
  await expect
    .poll(async () => Number(await page.getByTestId('detect-metrics').getAttribute('data-dropped')), { timeout: 180_000 })
    .toBeGreaterThan(20);
  const log = await detect.frameLog(9, 300_000);
  await page.getByTestId('video').evaluate((video: HTMLVideoElement) => video.pause());
  const restarts = await page.evaluate(() => (window as unknown as { restarts: number }).restarts);

  const played = log.slice(1); // the first row is the paused frame 0 of the seek
  // One frame running, one sent, one waiting on the page: a frame never waits behind more than
  // that. A queue without bound would grow by about 8 frames per second of video instead.
  const latencies = played.map((r) => r.latencyMs).sort((a, b) => a - b);
  const inferences = played.map((r) => r.inferenceMs).sort((a, b) => a - b);
  const p90 = latencies[Math.ceil(0.9 * latencies.length) - 1]!;
  const median = inferences[Math.floor(inferences.length / 2)]!;
  expect(p90).toBeLessThan(6 * median + 1000);
  // Played frames come back in order, skipping the dropped ones: the frame number steps back only
  // where the video started over (results from before a restart are not shown after it).
  let stepsBack = 0;
  for (let i = 1; i < played.length; i++) {
    expect(played[i]!.frameId).toBeGreaterThan(played[i - 1]!.frameId);
    if (played[i]!.frame <= played[i - 1]!.frame) stepsBack++;
  }
  expect(stepsBack).toBeLessThanOrEqual(restarts);
  await app.screenshot(testInfo, 'detectnet-overloaded');
});
