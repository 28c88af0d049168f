import { expect, type Page } from '@playwright/test';

export interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  score: number;
}

/** The detect view: a video source, the overlay with data-frame / data-detections, and the frame log. */
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

  /** The log rows (oldest first) once at least `count` results have come back. */
  async frameLog(count: number): Promise<{ frame: number; frameId: number; batch: number; mediaTime: number }[]> {
    const rows = this.page.getByTestId('frame-log-row');
    await expect.poll(() => rows.count(), { timeout: 180_000 }).toBeGreaterThanOrEqual(count);
    const entries = await rows.evaluateAll((els) =>
      els.map((el) => ({
        frame: Number(el.getAttribute('data-frame')),
        frameId: Number(el.getAttribute('data-frame-id')),
        batch: Number(el.getAttribute('data-batch')),
        mediaTime: Number(el.getAttribute('data-media-time')),
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
