import { AppError, fromErrorPayload } from '../domain/errors';
import type { ProgressEvent, RequestType, WorkerApi, WorkerMessage } from './protocol';

/** The part of a Worker the client uses; a fake one stands in for it in unit tests. */
export interface WorkerEndpoint {
  postMessage(message: unknown, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<WorkerMessage>) => void): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
  terminate(): void;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: AppError): void;
  onProgress?: (event: ProgressEvent) => void;
}

export interface RequestOptions {
  onProgress?: (event: ProgressEvent) => void;
  transfer?: Transferable[];
}

/** What callers need of the worker: typed requests, each answered once. Unit tests pass fakes of it. */
export interface InferenceClient {
  request<K extends RequestType>(type: K, payload: WorkerApi[K]['request'], options?: RequestOptions): Promise<WorkerApi[K]['result']>;
}

/** The live client, looked up at each request (a crashed worker is replaced behind it). */
export interface ClientHandle {
  readonly current: InferenceClient;
}

/** Matches replies to requests by id (never by arrival order) and fails every pending request if the worker dies. */
export class WorkerClient implements InferenceClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private dead?: AppError;

  /** onCrash: called once when the worker dies, after every pending request has been failed. */
  constructor(
    private readonly endpoint: WorkerEndpoint,
    onCrash?: (error: AppError) => void,
  ) {
    endpoint.addEventListener('message', (event) => this.receive(event.data));
    endpoint.addEventListener('error', (event) => {
      const error = new AppError(
        'WORKER_CRASHED',
        `the inference worker stopped: ${event.message || 'unknown error (often out of memory)'}`,
      );
      this.failAll(error);
      onCrash?.(error);
    });
  }

  request<K extends RequestType>(type: K, payload: WorkerApi[K]['request'], options: RequestOptions = {}): Promise<WorkerApi[K]['result']> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress: options.onProgress });
      this.endpoint.postMessage({ ...payload, id, type }, options.transfer ?? []);
    });
  }

  /** Number of requests still waiting for their reply. */
  get inFlight(): number {
    return this.pending.size;
  }

  terminate(): void {
    this.endpoint.terminate();
    this.failAll(new AppError('SUPERSEDED', 'the inference worker was restarted'));
  }

  private receive(message: WorkerMessage): void {
    const pending = this.pending.get(message.id);
    if (!pending) return; // a reply for a request that already failed (worker restart): nothing waits for it
    if (message.kind === 'progress') {
      pending.onProgress?.(message);
      return;
    }
    this.pending.delete(message.id);
    if (message.ok) pending.resolve(message.value);
    else pending.reject(fromErrorPayload(message.error));
  }

  private failAll(error: AppError): void {
    this.dead = error;
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }
}
