import { describe, expect, it } from 'vitest';
import { AppError } from '../domain/errors';
import { WorkerClient, type WorkerEndpoint } from './client';
import { createDispatcher, type Handlers } from '../engine/dispatcher';
import type { ProgressEvent, Reply, WorkerMessage } from './protocol';

const unused = async (): Promise<never> => {
  throw new Error('not used in this test');
};

function handlers(overrides: Partial<Handlers>): Handlers {
  return {
    load: unused,
    classify: unused,
    benchBare: unused,
    release: unused,
    stream: unused,
    detect: unused,
    importCaffe: unused,
    inspectOnnx: unused,
    importOnnx: unused,
    importTrainedGoogLeNet: unused,
    describe: unused,
    profile: unused,
    compareBackends: unused,
    debugPreprocess: unused,
    debugLoseDevice: unused,
    ...overrides,
  };
}

function collect() {
  const posted: (Reply | ProgressEvent)[] = [];
  return { posted, post: (m: Reply | ProgressEvent) => posted.push(m) };
}

describe('dispatcher', () => {
  it('answers an unknown request type with BAD_REQUEST and the same id', async () => {
    const { posted, post } = collect();
    await createDispatcher(handlers({}), post).dispatch({ id: 7, type: 'explode' });
    expect(posted).toEqual([
      { kind: 'reply', id: 7, ok: false, error: { code: 'BAD_REQUEST', message: 'unknown request type "explode"' } },
    ]);
  });

  it('answers a message without an id with BAD_REQUEST on id -1', async () => {
    const { posted, post } = collect();
    await createDispatcher(handlers({}), post).dispatch({ type: 'release' });
    expect(posted).toEqual([{ kind: 'reply', id: -1, ok: false, error: { code: 'BAD_REQUEST', message: 'request has no integer id' } }]);
  });

  it('keeps the code of an AppError thrown by a handler', async () => {
    const { posted, post } = collect();
    const { dispatch } = createDispatcher(
      handlers({
        release: async () => {
          throw new AppError('NO_SESSION', 'no model is loaded');
        },
      }),
      post,
    );
    await dispatch({ id: 1, type: 'release' });
    expect(posted[0]).toEqual({ kind: 'reply', id: 1, ok: false, error: { code: 'NO_SESSION', message: 'no model is loaded' } });
  });

  it('reports any other exception as INTERNAL with its message', async () => {
    const { posted, post } = collect();
    const { dispatch } = createDispatcher(
      handlers({
        release: async () => {
          throw new TypeError('boom');
        },
      }),
      post,
    );
    await dispatch({ id: 2, type: 'release' });
    expect(posted[0]).toMatchObject({ id: 2, ok: false, error: { code: 'INTERNAL', message: 'boom' } });
  });

  it('sends progress before the one reply, and runs requests one at a time in order', async () => {
    const { posted, post } = collect();
    const order: string[] = [];
    let releaseFirst!: () => void;
    const firstGate = new Promise<void>((r) => (releaseFirst = r));
    const { dispatch } = createDispatcher(
      handlers({
        load: async (req, progress) => {
          order.push(`start ${req.id}`);
          progress({ stage: 'download', loaded: 1, total: 2 });
          await firstGate;
          order.push(`end ${req.id}`);
          throw new AppError('MODEL_FETCH_FAILED', 'offline');
        },
        release: async (req) => {
          order.push(`release ${req.id}`);
          return { released: true };
        },
      }),
      post,
    );
    const a = dispatch({ id: 1, type: 'load', manifestUrl: 'x', backend: 'wasm' });
    const b = dispatch({ id: 2, type: 'release' });
    await Promise.resolve();
    releaseFirst();
    await Promise.all([a, b]);
    expect(order).toEqual(['start 1', 'end 1', 'release 2']);
    expect(posted.map((m) => [m.kind, m.id])).toEqual([
      ['progress', 1],
      ['reply', 1],
      ['reply', 2],
    ]);
  });
});

class FakeWorker implements WorkerEndpoint {
  sent: { id: number; type: string }[] = [];
  private onMessage?: (e: MessageEvent<WorkerMessage>) => void;
  private onError?: (e: ErrorEvent) => void;
  terminated = false;
  postMessage(message: unknown): void {
    this.sent.push(message as { id: number; type: string });
  }
  addEventListener(type: 'message' | 'error', listener: ((e: MessageEvent<WorkerMessage>) => void) | ((e: ErrorEvent) => void)): void {
    if (type === 'message') this.onMessage = listener as (e: MessageEvent<WorkerMessage>) => void;
    else this.onError = listener as (e: ErrorEvent) => void;
  }
  terminate(): void {
    this.terminated = true;
  }
  reply(message: WorkerMessage): void {
    this.onMessage?.({ data: message } as MessageEvent<WorkerMessage>);
  }
  crash(message: string): void {
    this.onError?.({ message } as ErrorEvent);
  }
}

describe('WorkerClient', () => {
  it('matches replies by id, not by arrival order', async () => {
    const fake = new FakeWorker();
    const client = new WorkerClient(fake);
    const first = client.request('release', {});
    const second = client.request('release', {});
    fake.reply({ kind: 'reply', id: fake.sent[1]!.id, ok: true, value: { released: false } });
    fake.reply({ kind: 'reply', id: fake.sent[0]!.id, ok: true, value: { released: true } });
    await expect(first).resolves.toEqual({ released: true });
    await expect(second).resolves.toEqual({ released: false });
    expect(client.inFlight).toBe(0);
  });

  it('rejects with the worker error code as an AppError', async () => {
    const fake = new FakeWorker();
    const client = new WorkerClient(fake);
    const pending = client.request('release', {});
    fake.reply({ kind: 'reply', id: fake.sent[0]!.id, ok: false, error: { code: 'NO_SESSION', message: 'no model is loaded' } });
    await expect(pending).rejects.toMatchObject({ name: 'AppError', code: 'NO_SESSION', message: 'no model is loaded' });
  });

  it('routes progress to the request it belongs to and ignores replies nobody waits for', async () => {
    const fake = new FakeWorker();
    const client = new WorkerClient(fake);
    const seen: number[] = [];
    const pending = client.request('load', { manifestUrl: 'm.json', backend: 'wasm' }, { onProgress: (e) => seen.push(e.loaded) });
    const id = fake.sent[0]!.id;
    fake.reply({ kind: 'reply', id: 999, ok: true, value: { released: true } });
    fake.reply({ kind: 'progress', id, stage: 'download', loaded: 10, total: 20 });
    fake.reply({ kind: 'reply', id, ok: false, error: { code: 'MODEL_FETCH_FAILED', message: 'HTTP 404' } });
    await expect(pending).rejects.toMatchObject({ code: 'MODEL_FETCH_FAILED' });
    expect(seen).toEqual([10]);
  });

  it('fails every pending request when the worker crashes, and refuses new ones', async () => {
    const fake = new FakeWorker();
    const client = new WorkerClient(fake);
    const a = client.request('release', {});
    const b = client.request('benchBare', { batch: 1, runs: 1, warmupRuns: 0 });
    fake.crash('out of memory');
    await expect(a).rejects.toMatchObject({ code: 'WORKER_CRASHED', message: expect.stringContaining('out of memory') });
    await expect(b).rejects.toMatchObject({ code: 'WORKER_CRASHED' });
    await expect(client.request('release', {})).rejects.toMatchObject({ code: 'WORKER_CRASHED' });
  });
});
