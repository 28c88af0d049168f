import { epochNow } from '../domain/clock';
import { AppError } from '../domain/errors';
import { checkImageFile } from '../sources/decodeImage';
import type { DetectPlatform } from './detectPlatform';
import type { FrameWorker } from './frameStream';
import { startManyRun } from './manyRun';
import { errorFrom, type AppStore } from './store';

/**
 * DIGITS' "Test Many" for a detector: still images through the same batcher as video frames, B at
 * a time, a box count per image; a bad file is named in its row and the others still run. The
 * worker is left with this run's batching settings: the caller restores its source's.
 */
export async function detectImages(store: AppStore, worker: FrameWorker, platform: DetectPlatform, files: File[]): Promise<void> {
  const { batchSize } = store.getState();
  const run = startManyRun(store, files, batchSize);
  try {
    // A finite set: a batch forms from B images at once, and the last partial batch need not wait.
    await worker.request('stream', { batchSize, maxWaitMs: 50, maxQueue: Math.max(4, 2 * batchSize) });
    for (let start = 0; start < files.length; start += batchSize) {
      await Promise.all(
        files.slice(start, start + batchSize).map(async (file, i) => {
          try {
            await checkImageFile(file); // the same refusals as the classifier path: empty, not an image, too large
            const frame = await platform.createImageBitmap(file);
            const result = await worker.request('detect', { frameId: start + i + 1, frame, capturedAt: epochNow() }, { transfer: [frame] });
            result.frame.close();
            run.update(start + i, { label: `${result.detections.length} box${result.detections.length === 1 ? '' : 'es'}` });
          } catch (error) {
            const message = error instanceof AppError ? error.message : `"${file.name}" could not be decoded as an image`;
            run.update(start + i, { error: message });
          }
        }),
      );
    }
    run.finish(true);
  } catch (error) {
    store.setState({ error: errorFrom(error, 'detect') });
    run.finish(false);
  }
}
