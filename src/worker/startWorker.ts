import { WorkerClient } from './client';

/** The app's one inference worker; Vite bundles it as a module worker. */
export function startInferenceWorker(): WorkerClient {
  return new WorkerClient(new Worker(new URL('./inference.worker.ts', import.meta.url), { type: 'module', name: 'inference' }));
}

/** The app's current worker; a crashed worker is replaced and everyone asks this handle for the new one. */
export interface WorkerHandle {
  readonly current: WorkerClient;
  restart(): void;
}

export function createWorkerHandle(): WorkerHandle {
  let current = startInferenceWorker();
  return {
    get current() {
      return current;
    },
    restart() {
      current.terminate();
      current = startInferenceWorker();
    },
  };
}
