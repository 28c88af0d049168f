import { WorkerClient } from './client';

/** The app's one inference worker; Vite bundles it as a module worker. */
export function startInferenceWorker(): WorkerClient {
  return new WorkerClient(new Worker(new URL('./inference.worker.ts', import.meta.url), { type: 'module', name: 'inference' }));
}
