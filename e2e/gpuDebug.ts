import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import type { InputSpec } from '../src/domain/manifest';
import { INPUT_SPECS } from '../src/pipeline/preprocess/testing/inputSpecs';

/** Input specs of the built-in and fixture models, to check each model's preprocessing on one small WebGPU session. */
export const SPECS = INPUT_SPECS;

/** Serves files to the page under /test-images/<name>, so page code can fetch them as Blobs. */
export async function serveImages(page: Page, files: Record<string, string | Buffer>): Promise<void> {
  await page.context().route('**/test-images/*', (route) => {
    const name = decodeURIComponent(new URL(route.request().url()).pathname.split('/').pop()!);
    const file = files[name];
    if (file === undefined) return route.fulfill({ status: 404 });
    return route.fulfill({
      body: typeof file === 'string' ? readFileSync(file) : file,
      contentType: name.endsWith('.png') ? 'image/png' : 'image/jpeg',
      headers: { 'Cross-Origin-Resource-Policy': 'same-origin' },
    });
  });
}

export interface PathDifference {
  values: number;
  maxAbs: number;
  meanAbs: number;
  /** The difference in 8-bit pixel steps (|d| * std / pixelScale): the bound is stated on the 0-255 scale. */
  maxPixelSteps: number;
  downscaled: { from: [number, number]; to: [number, number] }[];
}

/** Both paths' tensors for the named served images (debugPreprocess via ?debug), compared in the page. */
export async function comparePaths(page: Page, names: string[], mode: 'image' | 'frame', input: InputSpec): Promise<PathDifference> {
  return page.evaluate(
    async ({ names, mode, input }) => {
      const images = await Promise.all(names.map(async (n) => (await fetch(`/test-images/${n}`)).blob()));
      const r = await window.cnnLabDebug!.request('debugPreprocess', { images, mode, input });
      if (r.cpu.length !== r.gpu.length) throw new Error(`tensor sizes differ: cpu ${r.cpu.length}, gpu ${r.gpu.length}`);
      const plane = r.dims[2]! * r.dims[3]!;
      let maxAbs = 0;
      let sum = 0;
      let maxPixelSteps = 0;
      for (let i = 0; i < r.cpu.length; i++) {
        const d = Math.abs(r.cpu[i]! - r.gpu[i]!);
        sum += d;
        maxAbs = Math.max(maxAbs, d);
        const c = Math.floor(i / plane) % 3;
        maxPixelSteps = Math.max(maxPixelSteps, (d * input.std[c]!) / input.pixelScale);
      }
      return { values: r.cpu.length, maxAbs, meanAbs: sum / r.cpu.length, maxPixelSteps, downscaled: r.downscaled };
    },
    { names, mode, input },
  );
}
