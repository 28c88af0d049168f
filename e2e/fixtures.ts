import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';

/** ../shared/fixtures next to the project: read in place, never copied into the repository. */
export const FIXTURES = resolve(process.cwd(), '../shared/fixtures');
export const HAS_FIXTURES = existsSync(FIXTURES);
export const NO_FIXTURES_MESSAGE = `skipped: ${FIXTURES} is missing (clone ../shared next to the project to run tests on real trained models)`;

export const fixture = (relative: string): string => resolve(FIXTURES, relative);

/** The app's own ImageNet labels, from the test route's folder (/test-models/<id>/). */
const APP_IMAGENET_LABELS = '../../models/imagenet/labels.txt';

export const MOBILENET_MANIFEST = {
  id: 'mobilenetv2-int8',
  name: 'MobileNetV2 int8 (trained, ONNX Model Zoo)',
  task: 'classification',
  weights: 'trained',
  model: 'model.onnx',
  labels: APP_IMAGENET_LABELS,
  input: {
    name: 'input',
    shape: [-1, 3, 224, 224],
    layout: 'NCHW',
    channelOrder: 'RGB',
    pixelScale: 1 / 255,
    mean: [0.485, 0.456, 0.406],
    std: [0.229, 0.224, 0.225],
  },
  outputs: [{ name: 'output', kind: 'logits' }],
};

/**
 * Serves a fixture model the way any model is served from a URL: /test-models/<id>/manifest.json
 * plus the model (a file path or the bytes). Returns the manifest URL to open with ?model=.
 */
export async function serveModel(page: Page, manifest: { id: string }, model: string | Buffer): Promise<string> {
  const base = `/test-models/${manifest.id}/`;
  await page.context().route(`**${base}manifest.json`, (route) =>
    route.fulfill({
      contentType: 'application/json',
      body: JSON.stringify(manifest),
      headers: { 'Cross-Origin-Resource-Policy': 'same-origin' },
    }),
  );
  await page.context().route(`**${base}model.onnx`, (route) =>
    route.fulfill({
      contentType: 'application/octet-stream',
      body: typeof model === 'string' ? readFileSync(model) : model,
      headers: { 'Cross-Origin-Resource-Policy': 'same-origin' },
    }),
  );
  return `${base}manifest.json`;
}

/** The trained YOLOX-Nano fixture is the file the app downloads: the same manifest (COCO, people only). */
export { YOLOX_NANO_MANIFEST as YOLOX_MANIFEST } from '../src/models/yoloxNano';
