import type { RequestType, WorkerApi } from '../bridge/protocol';
import type { WorkerHandle } from '../bridge/workerHandle';

/** What `?debug` puts on window: requests to the app's own worker, for end-to-end tests and diagnosis. */
export interface DebugBridge {
  request<K extends RequestType>(type: K, payload: WorkerApi[K]['request']): Promise<WorkerApi[K]['result']>;
}

declare global {
  interface Window {
    cnnLabDebug?: DebugBridge;
  }
}

/** Only with ?debug in the URL: the worker's test hooks (debugPreprocess, debugLoseDevice) stay out of reach otherwise. */
export function installDebugBridge(worker: WorkerHandle, search: string): void {
  if (!new URLSearchParams(search).has('debug')) return;
  window.cnnLabDebug = { request: (type, payload) => worker.current.request(type, payload) };
}
