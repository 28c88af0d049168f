import type { WorkerHandle } from '../bridge/workerHandle';
import type { AppStore } from './store';

const POLL_MS = 2000;

/**
 * Keeps the store's memory figures current: the status bar shows them, so a leak (GPU buffers
 * or WASM memory that grow across model switches or hours of video) is visible to the user.
 * Returns stop().
 */
export function startMemoryMonitor(store: AppStore, worker: WorkerHandle, pollMs = POLL_MS): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const poll = async () => {
    try {
      const memory = await worker.current.request('memory', {});
      if (!stopped) store.setState({ memory: { ...memory, sampledAt: Date.now() } });
    } catch {
      // A crashed or restarting worker answers nothing; the next poll asks the new one.
    }
    if (!stopped) timer = setTimeout(() => void poll(), pollMs);
  };
  void poll();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
