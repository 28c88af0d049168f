import { writeFileSync } from 'node:fs';
import { expect, type TestInfo } from '@playwright/test';
import type { AppPage, View } from './appPage';
import { DetectPage } from './detectPage';
import { fixture, HAS_FIXTURES } from './fixtures';
import { makeJpeg } from './images';

/** A sweep run file as the app exports it, with fixed numbers: charts drawn from it do not depend on this machine's speed. */
function runFile(backend: 'wasm' | 'webgpu', msAtBatch1: number, device: { description: string; software?: boolean }) {
  const points = [1, 2, 4, 8, 16].map((batch, i) => {
    // Time per batch grows slower than the batch (per-frame time falls), as on a GPU.
    const p50 = msAtBatch1 * batch ** 0.8;
    // The largest batch was cut short by the 60 s cap: too few runs for a spread.
    const runs = i === 4 ? 6 : 40 - 5 * i;
    return {
      batch,
      runs,
      ...(i === 4 ? { capped: 'max-time' } : {}),
      msPerBatch: { p10: p50 * 0.93, p50, p90: p50 * 1.12 },
      msPerFrame: p50 / batch,
      throughputFps: (batch * 1000) / p50,
      bareMsPerBatchP50: p50 * 0.98,
      overheadMsP50: p50 * 0.01,
    };
  });
  return {
    schemaVersion: 1,
    name: 'GoogLeNet (ImageNet)',
    model: 'googlenet',
    backend,
    device,
    userAgent: 'fixed test data',
    date: '2026-01-15T10:00:00.000Z',
    points,
  };
}

/** Two runs that differ only in the backend (and so the device), written where the test keeps its outputs. */
export function writeFixedRuns(testInfo: TestInfo): string[] {
  const runs = {
    'run-wasm.json': runFile('wasm', 62, { description: '2 threads, SIMD' }),
    'run-webgpu.json': runFile('webgpu', 9.5, { description: 'NVIDIA GeForce RTX (ampere)' }),
  };
  return Object.entries(runs).map(([name, run]) => {
    const path = testInfo.outputPath(name);
    writeFileSync(path, JSON.stringify(run, null, 2));
    return path;
  });
}

/**
 * Gives every view something to show, then calls `visit` on it: Classify (an image classified),
 * Benchmark (two fixed runs and a kernel profile), Models, and last Detect (DetectNet, and a video
 * frame when the fixtures are there), since picking the detector is what takes GoogLeNet away.
 */
export async function visitViewsWithContent(app: AppPage, testInfo: TestInfo, visit: (view: View) => Promise<void>): Promise<void> {
  const { page } = app;
  const image = HAS_FIXTURES ? fixture('images/dog.jpg') : { name: 'scene.jpg', mimeType: 'image/jpeg', buffer: await makeJpeg(page) };
  await app.chooseImage(image);
  await expect(app.top5('wasm')).toHaveCount(5);
  const jpeg = await makeJpeg(page);
  const many = HAS_FIXTURES
    ? ['eagle', 'giraffe', 'person'].map((name) => fixture(`images/${name}.jpg`))
    : [1, 2, 3].map((i) => ({ name: `scene-${i}.jpg`, mimeType: 'image/jpeg', buffer: jpeg }));
  await page.getByTestId('many-input').setInputFiles(many);
  await expect(page.getByTestId('classify-many')).toHaveAttribute('data-total-ms', /\d/);
  await app.waitReady();
  await visit('classify');

  await app.goto('benchmark');
  await page.getByTestId('run-import').setInputFiles(writeFixedRuns(testInfo)[0]!);
  await page.getByTestId('run-import').setInputFiles(writeFixedRuns(testInfo)[1]!);
  await expect(page.getByTestId('run-item')).toHaveCount(2);
  await page.getByTestId('profile-run').click();
  await expect(page.getByTestId('kernel-profile')).toBeVisible({ timeout: 120_000 });
  await app.waitReady();
  await visit('benchmark');

  await app.goto('models');
  await visit('models');

  await app.selectModel('detectnet');
  await app.goto('detect');
  if (HAS_FIXTURES) {
    const detect = new DetectPage(page);
    await detect.openVideo(fixture('video/pedestrians.webm'));
    await detect.seekToFrame(0, 10);
    await expect(page.getByTestId('metrics')).toHaveAttribute('data-frames', /^[1-9]/);
  }
  await visit('detect');
}
