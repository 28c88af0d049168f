// Over 300 lines on purpose: one controller's behaviours, each a short case on the same fakes.
// The app controller against a fake worker client and a fake page (Node has no DOM): the order
// of requests and replies, a load superseded by another, errors reaching the store with their
// message, and object URLs released when their image is replaced.
import { describe, expect, it } from 'vitest';
import { AppError } from '../domain/errors';
import { createController } from './controller';
import { createAppStore } from './store';
import { FakeClient } from './testing/fakeClient';
import { CAPABLE, fakeEnv } from './testing/fakeEnv';
import { classifyResult, loadedModel } from './testing/models';

function setup(pageUrl = 'http://lab.test/') {
  const store = createAppStore();
  const client = new FakeClient();
  const env = fakeEnv({ pageUrl });
  const app = createController(store, client, env);
  return { store, client, env, app };
}

/** A controller with GoogLeNet loaded on WASM. */
async function ready() {
  const s = setup();
  const init = s.app.init();
  (await s.client.next('load')).resolve(loadedModel('googlenet'));
  await init;
  return s;
}

const image = (name: string) => new File([new Uint8Array([1, 2, 3])], name, { type: 'image/jpeg' });

describe('createController: loading a model', () => {
  it('init probes, lists the library and loads the default model with an absolute manifest URL', async () => {
    const { store, client, app } = setup('http://lab.test/app/?ortLog=verbose');
    const init = app.init();
    await client.next('load');
    expect(client.types).toEqual(['load']);
    expect(client.oldest('load').payload).toEqual({
      manifestUrl: 'http://lab.test/models/googlenet/manifest.json',
      backend: 'webgpu',
      verboseLog: true,
    });
    expect(store.getState().status).toBe('loading');
    client.oldest('load').resolve(loadedModel('googlenet', 'webgpu'));
    await init;
    expect(store.getState()).toMatchObject({ status: 'ready', backend: 'webgpu', capabilities: CAPABLE, progress: undefined });
    expect(store.getState().loaded?.manifest.id).toBe('googlenet');
  });

  it('?backend=webgpu without WebGPU runs on WASM and says why', async () => {
    const store = createAppStore();
    const client = new FakeClient();
    const env = fakeEnv({
      pageUrl: 'http://lab.test/?backend=webgpu',
      probeCapabilities: () => Promise.resolve({ webgpu: { available: false, reason: 'no adapter' }, wasm: { available: true } }),
    });
    void createController(store, client, env).init();
    expect((await client.next('load')).payload.backend).toBe('wasm');
    expect(store.getState().backendNotice).toBe('WebGPU was asked for but is unavailable: no adapter. Running on WASM instead.');
  });

  it('a software WebGPU adapter starts on WASM unless the URL asks for WebGPU', async () => {
    const software = () => Promise.resolve({ webgpu: { available: true, software: true }, wasm: { available: true } });
    for (const [pageUrl, backend] of [
      ['http://lab.test/', 'wasm'],
      ['http://lab.test/?backend=webgpu', 'webgpu'],
    ] as const) {
      const client = new FakeClient();
      void createController(createAppStore(), client, fakeEnv({ pageUrl, probeCapabilities: software })).init();
      expect((await client.next('load')).payload.backend).toBe(backend);
    }
  });

  it('a second load while the first is pending: the first reply and its progress are dropped', async () => {
    const { store, client, app } = await ready();
    const first = app.selectModel('detectnet');
    const second = app.selectModel('googlenet');
    const [detectnetLoad, googlenetLoad] = client.waiting('load');
    expect(detectnetLoad?.payload.manifestUrl).toMatch(/detectnet/);
    expect(googlenetLoad?.payload.manifestUrl).toMatch(/googlenet/);

    googlenetLoad!.options?.onProgress?.({ kind: 'progress', id: 2, stage: 'create', loaded: 1, total: 3 });
    detectnetLoad!.options?.onProgress?.({ kind: 'progress', id: 1, stage: 'download', loaded: 50, total: 100 });
    expect(store.getState().progress).toEqual({ stage: 'create', loaded: 1, total: 3 });

    // Replies arrive out of order: the superseded one last.
    googlenetLoad!.resolve(loadedModel('googlenet', 'wasm', { fallbackReason: 'WebGPU failed: lost device' }));
    await second;
    detectnetLoad!.resolve(loadedModel('detectnet'));
    await first;
    expect(store.getState()).toMatchObject({ status: 'ready', error: undefined, notice: 'WebGPU failed: lost device' });
    expect(store.getState().loaded?.manifest.id).toBe('googlenet');
  });

  it("a superseded load's error is not shown, and the newer load's result stands", async () => {
    const { store, client, app } = await ready();
    const first = app.selectModel('detectnet');
    const second = app.selectModel('googlenet');
    const [detectnetLoad, googlenetLoad] = client.waiting('load');
    detectnetLoad!.reject(new AppError('SESSION_CREATE_FAILED', 'detectnet could not be created'));
    await first;
    expect(store.getState()).toMatchObject({ status: 'loading', error: undefined });
    googlenetLoad!.resolve(loadedModel('googlenet'));
    await second;
    expect(store.getState()).toMatchObject({ status: 'ready', error: undefined });
  });

  it('a failed load reaches the store with its code and message', async () => {
    const { store, client, app } = await ready();
    const load = app.selectBackend('webgpu');
    client.oldest('load').reject(new AppError('SESSION_CREATE_FAILED', 'WebGPU session failed: out of memory'));
    await load;
    expect(store.getState()).toMatchObject({
      status: 'error',
      loaded: undefined,
      progress: undefined,
      error: { code: 'SESSION_CREATE_FAILED', message: 'WebGPU session failed: out of memory' },
    });
  });

  it('a crashed worker: the failed request stays quiet, the model is loaded again and the user is told', async () => {
    const { store, client, app } = await ready();
    const crash = new AppError('WORKER_CRASHED', 'the inference worker stopped: out of memory');
    const load = app.reload();
    client.oldest('load').reject(crash);
    await load;
    expect(store.getState().error).toBeUndefined();
    const recovered = app.recoverFromCrash(crash);
    (await client.next('load')).resolve(loadedModel('googlenet'));
    await recovered;
    expect(store.getState()).toMatchObject({
      status: 'ready',
      notice: 'the inference worker stopped: out of memory. It was restarted and the model loaded again.',
    });
  });

  it('a worker that keeps crashing is not reloaded a fourth time within a minute', async () => {
    const { store, client, app } = await ready();
    const crash = new AppError('WORKER_CRASHED', 'the inference worker stopped: out of memory');
    for (let i = 0; i < 3; i++) {
      const recovered = app.recoverFromCrash(crash);
      (await client.next('load')).resolve(loadedModel('googlenet'));
      await recovered;
    }
    const loadsBefore = client.types.filter((t) => t === 'load').length;
    await app.recoverFromCrash(crash);
    expect(client.types.filter((t) => t === 'load').length).toBe(loadsBefore);
    expect(store.getState()).toMatchObject({ status: 'error', loaded: undefined, error: { code: 'WORKER_CRASHED' } });
    expect(store.getState().error?.message).toMatch(/crashed 4 times within a minute, so it was not reloaded again/);
  });

  it('an unknown model id fails without a request', async () => {
    const { store, client, app } = await ready();
    await app.selectModel('no-such-model');
    expect(client.types).toEqual(['load']);
    expect(store.getState().error).toEqual({ code: 'BAD_REQUEST', message: 'unknown model "no-such-model"' });
  });
});

describe('createController: classifying an image', () => {
  it('classifies a new image, keeps the result per backend and revokes the old preview URL', async () => {
    const { store, client, env, app } = await ready();
    const first = app.setImage(image('a.jpg'), 'a.jpg');
    const firstUrl = store.getState().image?.previewUrl;
    expect(client.oldest('classify').payload).toMatchObject({ topK: 5 });
    client.oldest('classify').resolve(classifyResult(1, 'wasm', 'cat'));
    await first;
    expect(store.getState().runs.wasm?.image.top[0]?.label).toBe('cat 0');

    const second = app.setImage(image('b.jpg'), 'b.jpg');
    expect(env.revokedUrls).toEqual([firstUrl]);
    expect(store.getState().runs).toEqual({});
    client.oldest('classify').resolve(classifyResult(1, 'wasm', 'dog'));
    await second;
    expect(store.getState()).toMatchObject({ status: 'ready', imagesDone: 2 });
    expect(store.getState().runs.wasm?.image.top[0]?.label).toBe('dog 0');
    expect([...env.liveUrls]).toEqual([store.getState().image?.previewUrl]);
  });

  it("a reply for an image that was replaced meanwhile is dropped, whatever the replies' order", async () => {
    const { store, client, app } = await ready();
    const first = app.setImage(image('a.jpg'), 'a.jpg');
    const second = app.setImage(image('b.jpg'), 'b.jpg');
    const [forA, forB] = client.waiting('classify');
    forB!.resolve(classifyResult(1, 'wasm', 'b'));
    await second;
    forA!.resolve(classifyResult(1, 'wasm', 'a'));
    await first;
    expect(store.getState().runs.wasm?.image.top[0]?.label).toBe('b 0');
  });

  it("a classification that ends after another model was chosen is not shown as that model's", async () => {
    const { store, client, app } = await ready();
    const run = app.setImage(image('a.jpg'), 'a.jpg');
    void app.selectModel('detectnet');
    client.oldest('classify').resolve(classifyResult(1));
    await run;
    expect(store.getState().runs).toEqual({});
    expect(store.getState().status).toBe('loading');
  });

  it('an image dropped while a model loads is classified once the load is done: load, then classify', async () => {
    const { store, client, app } = await ready();
    const load = app.selectModel('googlenet');
    await app.setImage(image('a.jpg'), 'a.jpg');
    expect(client.types).toEqual(['load', 'load']);
    client.oldest('load').resolve(loadedModel('googlenet'));
    await client.next('classify');
    expect(client.types).toEqual(['load', 'load', 'classify']);
    client.oldest('classify').resolve(classifyResult(1));
    await load;
    expect(store.getState().runs.wasm).toBeDefined();
  });

  it('a failed classification leaves the model ready and shows the error', async () => {
    const { store, client, app } = await ready();
    const run = app.setImage(image('broken.jpg'), 'broken.jpg');
    client.oldest('classify').reject(new AppError('IMAGE_DECODE_FAILED', 'broken.jpg is not a decodable image'));
    await run;
    expect(store.getState()).toMatchObject({
      status: 'ready',
      imagesDone: 1,
      error: { code: 'IMAGE_DECODE_FAILED', message: 'broken.jpg is not a decodable image' },
    });
  });

  it('an image URL the server refuses: the cause is named, nothing is sent to the worker', async () => {
    const { store, client, env, app } = await ready();
    await app.setImageFromUrl('http://elsewhere.test/cat.jpg');
    expect(store.getState().error).toEqual({
      code: 'IMAGE_DECODE_FAILED',
      message: 'could not fetch http://elsewhere.test/cat.jpg: the server is unreachable or does not allow cross-origin requests (CORS)',
      origin: 'classify',
    });
    env.fetch = () => Promise.resolve(new Response('missing', { status: 404 }));
    await app.setImageFromUrl('http://elsewhere.test/cat.jpg');
    expect(store.getState().error?.message).toBe('could not fetch http://elsewhere.test/cat.jpg: HTTP 404');
    expect(client.types).toEqual(['load']);
  });

  it('an image URL that works is classified under its file name', async () => {
    const { store, client, env, app } = await ready();
    env.fetch = () => Promise.resolve(new Response(new Blob([new Uint8Array([1])], { type: 'image/png' })));
    const run = app.setImageFromUrl('images/cat.png');
    await client.next('classify');
    expect(store.getState().image?.name).toBe('cat.png');
    client.oldest('classify').resolve(classifyResult(1));
    await run;
    expect(store.getState().status).toBe('ready');
  });
});

describe('createController: classify many', () => {
  it('sends the images in batches, splits a failing batch to name the bad file, and times the set', async () => {
    const { store, client, env, app } = await ready();
    store.setState({ batchSize: 2 });
    client.answer('classify', ({ images }) => {
      if (images.some((f) => (f as File).name === 'bad.jpg')) throw new AppError('IMAGE_DECODE_FAILED', 'bad.jpg is not an image');
      env.clock += 10 * images.length;
      return classifyResult(images.length, 'wasm', (images[0] as File).name);
    });
    await app.classifyMany(['a.jpg', 'b.jpg', 'bad.jpg', 'c.jpg', 'd.jpg'].map(image));
    expect(client.sentOf('classify').map((s) => s.payload.images.map((f) => (f as File).name))).toEqual([
      ['a.jpg', 'b.jpg'],
      ['bad.jpg', 'c.jpg'],
      ['bad.jpg'],
      ['c.jpg'],
      ['d.jpg'],
    ]);
    const many = store.getState().many!;
    expect(many.items.map((i) => i.label ?? i.error)).toEqual(['a.jpg 0', 'a.jpg 1', 'bad.jpg is not an image', 'c.jpg 0', 'd.jpg 0']);
    expect(many).toMatchObject({ running: false, batchSize: 2, totalMs: 40 });
    expect(store.getState().status).toBe('ready');
  });

  it("takes a fixed-batch model's batch size, and a new set releases the old set's thumbnails", async () => {
    const { store, client, env, app } = await ready();
    store.setState((s) => ({
      batchSize: 8,
      loaded: { ...s.loaded!, manifest: { ...s.loaded!.manifest, input: { ...s.loaded!.manifest.input, shape: [1, 3, 224, 224] } } },
    }));
    client.answer('classify', ({ images }) => classifyResult(images.length));
    await app.classifyMany([image('a.jpg'), image('b.jpg')]);
    expect(store.getState().many?.batchSize).toBe(1);
    const firstThumbs = store.getState().many!.items.map((i) => i.thumbUrl);
    await app.classifyMany([image('c.jpg')]);
    expect(env.revokedUrls).toEqual(firstThumbs);
    expect([...env.liveUrls]).toEqual(store.getState().many!.items.map((i) => i.thumbUrl));
  });

  it('stops when another model is chosen mid-set and leaves the status to that load', async () => {
    const { store, client, app } = await ready();
    store.setState({ batchSize: 1 });
    const run = app.classifyMany([image('a.jpg'), image('b.jpg'), image('c.jpg')]);
    await client.next('classify');
    const load = app.selectModel('detectnet');
    client.oldest('classify').resolve(classifyResult(1));
    await run;
    expect(client.types).toEqual(['load', 'classify', 'load']);
    expect(store.getState().status).toBe('loading');
    expect(store.getState().many).toMatchObject({ running: false, totalMs: undefined });
    client.oldest('load').resolve(loadedModel('detectnet'));
    await load;
  });
});
