import { AppError, toErrorPayload } from '../core/errors';
import type { ProgressEvent, Reply, RequestOf, RequestType, WorkerApi } from './protocol';
import { REQUEST_TYPES } from './protocol';

export type ProgressSink = (event: Omit<ProgressEvent, 'kind' | 'id'>) => void;

export type Handlers = {
  [K in RequestType]: (request: RequestOf<K>, progress: ProgressSink) => Promise<WorkerApi[K]['result']>;
};

type Post = (message: Reply | ProgressEvent) => void;

function requestId(message: unknown): number {
  const id = (message as { id?: unknown } | null)?.id;
  return typeof id === 'number' && Number.isInteger(id) ? id : -1;
}

/**
 * Turns raw messages into exactly one reply each. Requests run one after another because an
 * ONNX Runtime session cannot run concurrently, and a model switch must not overlap a run.
 */
export function createDispatcher(handlers: Handlers, post: Post): (message: unknown) => Promise<void> {
  let queue: Promise<void> = Promise.resolve();

  async function handle(message: unknown): Promise<void> {
    const id = requestId(message);
    try {
      const type = (message as { type?: unknown } | null)?.type;
      if (id < 0) throw new AppError('BAD_REQUEST', 'request has no integer id');
      if (typeof type !== 'string' || !REQUEST_TYPES.includes(type as RequestType)) {
        throw new AppError('BAD_REQUEST', `unknown request type ${JSON.stringify(type)}`);
      }
      const handler = handlers[type as RequestType] as (r: unknown, p: ProgressSink) => Promise<WorkerApi[RequestType]['result']>;
      const value = await handler(message, (event) => post({ kind: 'progress', id, ...event }));
      post({ kind: 'reply', id, ok: true, value });
    } catch (error) {
      post({ kind: 'reply', id, ok: false, error: toErrorPayload(error) });
    }
  }

  return (message) => {
    queue = queue.then(() => handle(message));
    return queue;
  };
}
