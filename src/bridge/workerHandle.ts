import { WorkerClient } from './client';

/** The app's one inference worker; Vite bundles it as a module worker. */
export function startInferenceWorker(onCrash?: () => void): WorkerClient {
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
}

export function createWorkerHandle(): WorkerHandle {
  const start = (): WorkerClient => startInferenceWorker(() => (current = start()));
  let current = start();
  return {
    get current() {
      return current;
    },
  };
}
