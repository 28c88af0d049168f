import { browserObjectUrls, type ObjectUrls } from './pageEnv';
import type { AppStore, ManyItem } from './store';

/**
 * The table of a "Classify Many" / "Test Many" run: starts it (releasing the previous run's
 * thumbnails), updates one row, and finishes it with the total time.
 */
export function startManyRun(
  store: AppStore,
  files: readonly File[],
  batchSize: number,
  env: { objectUrls: ObjectUrls; now(): number } = { objectUrls: browserObjectUrls, now: () => performance.now() },
) {
  store.getState().many?.items.forEach((item) => env.objectUrls.revoke(item.thumbUrl));
  const items: ManyItem[] = files.map((f) => ({ name: f.name, thumbUrl: env.objectUrls.create(f) }));
  store.setState((s) => ({ many: { modelId: s.loaded?.manifest.id, items, batchSize, running: true }, error: undefined }));
  const started = env.now();
  return {
    update(index: number, patch: Partial<ManyItem>): void {
      store.setState((s) =>
        s.many ? { many: { ...s.many, items: s.many.items.map((it, i) => (i === index ? { ...it, ...patch } : it)) } } : {},
      );
    },
    finish(completed: boolean): void {
      const totalMs = completed ? env.now() - started : undefined;
      store.setState((s) => ({ many: s.many && { ...s.many, running: false, totalMs } }));
    },
  };
}
