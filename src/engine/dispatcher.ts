import { AppError, toErrorPayload } from '../domain/errors';
import type { ProgressEvent, Reply, RequestOf, RequestType, WorkerApi } from '../bridge/protocol';
import { REQUEST_TYPES } from '../bridge/protocol';

export type ProgressSink = (event: Omit<ProgressEvent, 'kind' | 'id'>) => void;

export type Handlers = {
  [K in RequestType]: (request: RequestOf<K>, progress: ProgressSink) => Promise<WorkerApi[K]['result']>;
};

type Post = (message: Reply | ProgressEvent, transfer?: Transferable[]) => void;

const TRANSFER = Symbol('transfer');

/** Marks a handler's result to be sent with these objects transferred (moved, not copied). */
export function withTransfer<T extends object>(value: T, transfer: Transferable[]): T {
  return Object.assign(value, { [TRANSFER]: transfer });
}

function transferOf(value: unknown): Transferable[] {
  const list = (value as { [TRANSFER]?: Transferable[] } | null)?.[TRANSFER];
  if (!list) return [];
  delete (value as { [TRANSFER]?: Transferable[] })[TRANSFER];
  return list;
}

export interface Dispatcher {
  dispatch(message: unknown): Promise<void>;
  /** Runs fn in the same one-at-a-time queue as the serialized requests (e.g. a batch of frames). */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
}

function requestId(message: unknown): number {
  const id = (message as { id?: unknown } | null)?.id;
  return typeof id === 'number' && Number.isInteger(id) ? id : -1;
}

/**
 * Turns raw messages into exactly one reply each. Requests run one after another because an
 * ONNX Runtime session cannot run concurrently, and a model switch must not overlap a run;
 * `concurrent` types (a frame entering the batcher) are handled at once and use `exclusive`
 * themselves for the part that touches the session.
 */
export function createDispatcher(handlers: Handlers, post: Post, concurrent: readonly RequestType[] = []): Dispatcher {
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  };

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
      post({ kind: 'reply', id, ok: true, value }, transferOf(value));
    } catch (error) {
      post({ kind: 'reply', id, ok: false, error: toErrorPayload(error) });
    }
  }

  return {
    dispatch(message) {
      const type = (message as { type?: unknown } | null)?.type;
      return concurrent.includes(type as RequestType) ? handle(message) : exclusive(() => handle(message));
    },
    exclusive,
  };
}
