import type { AppError } from '../domain/errors';
import { WorkerClient } from './client';

/** The app's one inference worker; Vite bundles it as a module worker. */
export function startInferenceWorker(onCrash?: (error: AppError) => void): WorkerClient {
  return new WorkerClient(
    new Worker(new URL('../engine/inference.worker.ts', import.meta.url), { type: 'module', name: 'inference' }),
    onCrash,
  );
}

/**
 * The app's current worker. A crashed worker is replaced here, once, whoever's request saw the
 * crash; every controller asks this handle for the live one.
 */
export interface WorkerHandle {
  readonly current: WorkerClient;
  /** Called after a crashed worker was replaced (the new one has no model loaded). Returns unsubscribe. */
  onRestart(listener: (cause: AppError) => void): () => void;
}

export function createWorkerHandle(): WorkerHandle {
  const listeners = new Set<(cause: AppError) => void>();
  const start = (): WorkerClient =>
    startInferenceWorker((cause) => {
      current = start();
      listeners.forEach((listener) => listener(cause));
    });
  let current = start();
  return {
    get current() {
      return current;
    },
    onRestart(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
