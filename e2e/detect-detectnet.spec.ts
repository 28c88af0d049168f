import { expect, test } from './test';
import { AppPage } from './appPage';
import { DetectPage } from './detectPage';
import { fixture, HAS_FIXTURES, NO_FIXTURES_MESSAGE } from './fixtures';

test.skip(!HAS_FIXTURES, NO_FIXTURES_MESSAGE);

test('built-in DetectNet runs 30 frames of the video at batch 2, results in order and matched to their frames', async ({
  page,
}, testInfo) => {
  test.setTimeout(300_000);
  const app = new AppPage(page);
  const detect = new DetectPage(page);
  await app.open({ backend: 'wasm' });
  await app.selectModel('detectnet');
  await expect(page.getByTestId('synthetic-weights')).toBeVisible();
  await detect.setBatchSize(2);
  await detect.openVideo(fixture('video/pedestrians.webm'));
  await detect.seekToFrame(0, 10);

  // DetectNet at 1024x512 takes hundreds of ms per frame on 2 CPU cores: play slowly so nothing is dropped.
  await page.getByTestId('video').evaluate((video: HTMLVideoElement) => {
    video.playbackRate = 0.15;
    return video.play();
  });
  const log = await detect.frameLog(31);
  await page.getByTestId('video').evaluate((video: HTMLVideoElement) => video.pause());

  const played = log.slice(1, 31); // the first row is the paused frame 0 from the seek
  for (let i = 1; i < played.length; i++) {
    expect(played[i]!.frameId).toBeGreaterThan(played[i - 1]!.frameId);
    expect(played[i]!.frame).toBeGreaterThan(played[i - 1]!.frame);
  }
  for (const row of played) expect(row.frame).toBe(Math.round(row.mediaTime * 10));
  expect(played.filter((r) => r.batch === 2).length).toBeGreaterThanOrEqual(24);
  await expect(app.error()).toHaveCount(0);
  await expect(page.getByTestId('detect-metrics')).toHaveAttribute('data-dropped', '0');
  // Live metrics from the frames' own timestamps: latency capture -> drawn, and throughput.
  const metrics = page.getByTestId('metrics');
  await expect(metrics).toHaveAttribute('data-frames', /^([3-9]\d|\d{3,})$/);
  const p50 = Number(await metrics.getAttribute('data-p50-ms'));
  const p90 = Number(await metrics.getAttribute('data-p90-ms'));
  const inference = Number(await metrics.getAttribute('data-inference-p50-ms'));
  expect(p50).toBeGreaterThan(0);
  expect(p90).toBeGreaterThanOrEqual(p50);
  // A frame's latency includes its batch's inference time.
  expect(p50).toBeGreaterThan(inference);
  expect(Number(await metrics.getAttribute('data-fps'))).toBeGreaterThan(0);
  await metrics.scrollIntoViewIfNeeded();
  await app.screenshot(testInfo, 'detectnet-30-frames');
  app.expectNoConsoleErrors();
});

test('when DetectNet cannot keep up with the video, the oldest waiting frames are dropped and latency stays bounded', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  const app = new AppPage(page);
  const detect = new DetectPage(page);
  await app.open({ backend: 'wasm' });
  await app.selectModel('detectnet');
  await detect.openVideo(fixture('video/pedestrians.webm'));
  await detect.seekToFrame(0, 10);
  // 10 fps in, about 1.5 frames/s out on 2 CPU cores.
  await page.getByTestId('video').evaluate((video: HTMLVideoElement) => video.play());
  await expect
    .poll(async () => Number(await page.getByTestId('detect-metrics').getAttribute('data-dropped')), { timeout: 60_000 })
    .toBeGreaterThan(20);
  await expect
    .poll(async () => Number(await page.getByTestId('metrics').getAttribute('data-frames')), { timeout: 60_000 })
    .toBeGreaterThanOrEqual(8);
  await page.getByTestId('video').evaluate((video: HTMLVideoElement) => video.pause());

  const metrics = page.getByTestId('metrics');
  const inference = Number(await metrics.getAttribute('data-inference-p50-ms'));
  const p90 = Number(await metrics.getAttribute('data-p90-ms'));
  // One frame running, one sent, one waiting on the page: a frame never waits behind more than that.
  expect(p90).toBeLessThan(4 * inference + 500);
  // Played frames (after the paused frame 0 of the seek) come back in order, skipping the dropped ones.
  const played = (await detect.frameLog(8)).slice(1);
  for (let i = 1; i < played.length; i++) expect(played[i]!.frame).toBeGreaterThan(played[i - 1]!.frame);
  await app.screenshot(testInfo, 'detectnet-overloaded');
});
