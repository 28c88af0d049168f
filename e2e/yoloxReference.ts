import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import * as ort from 'onnxruntime-web';
import { decodeYolox } from '../src/pipeline/postprocess/yolox';
import type { Box } from './detectPage';
import { fixture, YOLOX_MANIFEST } from './fixtures';

/**
 * The reference: the frame on screen (the app's paused <video>, at frame 100) letterboxed by a
 * canvas in the test and run through YOLOX in Node's onnxruntime-web: none of the app's worker,
 * batcher, frame transfer or overlay is involved.
 */
export async function referenceBoxes(page: Page): Promise<Box[]> {
  const { pixels, width, height } = await page.getByTestId('video').evaluate((video: HTMLVideoElement) => {
    const canvas = new OffscreenCanvas(416, 416);
    const ctx = canvas.getContext('2d')!;
    const r = Math.min(416 / video.videoWidth, 416 / video.videoHeight);
    ctx.fillStyle = 'rgb(114, 114, 114)';
    ctx.fillRect(0, 0, 416, 416);
    ctx.drawImage(video, 0, 0, Math.round(video.videoWidth * r), Math.round(video.videoHeight * r));
    return { pixels: Array.from(ctx.getImageData(0, 0, 416, 416).data), width: video.videoWidth, height: video.videoHeight };
  });

  const plane = 416 * 416;
  const bgr = new Float32Array(3 * plane);
  for (let i = 0; i < plane; i++) {
    bgr[i] = pixels[i * 4 + 2]!;
    bgr[plane + i] = pixels[i * 4 + 1]!;
    bgr[2 * plane + i] = pixels[i * 4]!;
  }
  ort.env.wasm.numThreads = 1;
  const session = await ort.InferenceSession.create(readFileSync(fixture('models/yolox_nano.onnx')), { executionProviders: ['wasm'] });
  const { output } = await session.run({ images: new ort.Tensor('float32', bgr, [1, 3, 416, 416]) });
  await session.release();
  const scale = Math.min(416 / width, 416 / height);
  return decodeYolox(output!.data as Float32Array, { inputWidth: 416, inputHeight: 416, ...YOLOX_MANIFEST.yolox! }).map((d) => ({
    x1: d.x1 / scale,
    y1: d.y1 / scale,
    x2: d.x2 / scale,
    y2: d.y2 / scale,
    score: d.score,
  }));
}
