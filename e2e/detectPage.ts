import { expect, type Page } from '@playwright/test';
import { AppPage } from './appPage';

export interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  score: number;
}

export interface LogRow {
  frame: number;
  frameId: number;
  batch: number;
  mediaTime: number;
  /** Capture to result. */
  latencyMs: number;
  /** Inference per frame of its batch. */
  inferenceMs: number;
}

export interface EveryFrameRow {
  frame: number;
  frameId: number;
  mediaTime: number;
  batch: number;
  boxes: number;
  inferenceMs: number;
  detections: Box[];
}

/** The detect view: a video source, the overlay with data-frame / data-detections, and the frame log. */
/** The app on WASM with the built-in DetectNet chosen and the Detect view shown: where most detect tests start. */
export async function openDetectNet(page: Page): Promise<{ app: AppPage; detect: DetectPage }> {
  const app = new AppPage(page);
  const detect = new DetectPage(page);
  await app.open({ backend: 'wasm' });
  await app.selectModel('detectnet');
  await detect.show();
  return { app, detect };
}

export class DetectPage {
  constructor(readonly page: Page) {}

  /** The Detect view, reached by its navigation link. */
  async show(): Promise<void> {
    const view = this.page.getByTestId('view');
    if ((await view.getAttribute('data-view')) === 'detect') return;
    await this.page.getByTestId('nav-detect').click();
    await expect(view).toHaveAttribute('data-view', 'detect');
  }

  overlay() {
    return this.page.getByTestId('overlay');
  }

  async setBatchSize(batch: number): Promise<void> {
    await this.show();
    await this.page.getByTestId('batch-size').selectOption(String(batch));
  }

  async openVideo(file: string | { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
    await this.show();
    await this.page.getByTestId('video-input').setInputFiles(file);
  }

  /** Seeks the paused video to a frame (frame n starts at n / fps) and waits until the overlay shows that frame. */
  async seekToFrame(frame: number, fps: number): Promise<Box[]> {
    await this.page.getByTestId('video').evaluate(
      async (video: HTMLVideoElement, t) => {
        if (video.readyState < 1) await new Promise((r) => video.addEventListener('loadedmetadata', r, { once: true }));
        video.pause();
        video.currentTime = t;
      },
      (frame + 0.25) / fps,
    );
    await expect(this.overlay()).toHaveAttribute('data-frame', String(frame));
    return JSON.parse((await this.overlay().getAttribute('data-detections')) ?? '[]') as Box[];
  }

  /**
   * "Every frame" pacing over frames first..last of the open video: starts the run and waits (up
   * to `timeout`) until it is over, whatever the machine's speed. Returns the results table's rows.
   */
  async analyseEveryFrame(first: number, last: number, timeout: number): Promise<EveryFrameRow[]> {
    await this.page.getByTestId('pacing').selectOption('every-frame');
    await this.page.getByTestId('pacing-first').fill(String(first));
    await this.page.getByTestId('pacing-last').fill(String(last));
    await this.page.getByTestId('pacing-run').click();
    await expect(this.page.getByTestId('pacing-state')).toHaveAttribute('data-state', /^(done|failed|cancelled)$/, { timeout });
    return this.page.getByTestId('pacing-row').evaluateAll((els) =>
      els.map((el) => ({
        frame: Number(el.getAttribute('data-frame')),
        frameId: Number(el.getAttribute('data-frame-id')),
        mediaTime: Number(el.getAttribute('data-media-time')),
        batch: Number(el.getAttribute('data-batch')),
        boxes: Number(el.getAttribute('data-boxes')),
        inferenceMs: Number(el.getAttribute('data-inference-ms')),
        detections: JSON.parse(el.getAttribute('data-detections') ?? 'null') as Box[],
      })),
    );
  }

  /** The log rows (oldest first) once at least `count` results have come back. */
  async frameLog(count: number, timeout = 180_000): Promise<LogRow[]> {
    const rows = this.page.getByTestId('frame-log-row');
    await expect.poll(() => rows.count(), { timeout }).toBeGreaterThanOrEqual(count);
    const entries = await rows.evaluateAll((els) =>
      els.map((el) => ({
        frame: Number(el.getAttribute('data-frame')),
        frameId: Number(el.getAttribute('data-frame-id')),
        batch: Number(el.getAttribute('data-batch')),
        mediaTime: Number(el.getAttribute('data-media-time')),
        latencyMs: Number(el.getAttribute('data-latency-ms')),
        inferenceMs: Number(el.getAttribute('data-inference-ms')),
      })),
    );
    return entries.reverse();
  }
}

export function iou(a: Box, b: Box): number {
  const w = Math.max(0, Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1));
  const h = Math.max(0, Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1));
  const inter = w * h;
  return inter / ((a.x2 - a.x1) * (a.y2 - a.y1) + (b.x2 - b.x1) * (b.y2 - b.y1) - inter);
}
