// The Detect view's YOLOX settings reach the worker as one typed request, are kept with the model
// they were sent to, and never outlive it.
import { describe, expect, it } from 'vitest';
import { AppError } from '../domain/errors';
import { YOLOX_NANO_MANIFEST } from '../models/yoloxNano';
import { createAppStore } from './store';
import { FakeClient } from './testing/fakeClient';
import { loadedModel } from './testing/models';
import { tuneYolox } from './yoloxTuning';

const yoloxModel = () => loadedModel('yolox-nano', 'wasm', { manifest: { ...YOLOX_NANO_MANIFEST } });
const params = { scoreThreshold: 0.99, nmsThreshold: 0.5, classFilter: [0, 2] };
const replied = { ...YOLOX_NANO_MANIFEST.yolox!, ...params };

describe('tuneYolox', () => {
  it('sends setYolox with the settings and keeps the reply with the loaded model', async () => {
    const store = createAppStore();
    const model = yoloxModel();
    store.setState({ loaded: model });
    const client = new FakeClient();
    const tuning = tuneYolox(store, client, params);
    const request = await client.next('setYolox');
    expect(request.payload).toEqual(params);
    request.resolve(replied);
    await tuning;
    expect(store.getState().yoloxLive).toEqual({ model, yolox: replied });
  });

  it('a reply for a model replaced meanwhile is dropped; a refusal is shown', async () => {
    const store = createAppStore();
    store.setState({ loaded: yoloxModel() });
    const client = new FakeClient();
    const tuning = tuneYolox(store, client, params);
    const request = await client.next('setYolox');
    store.setState({ loaded: yoloxModel() });
    request.resolve(replied);
    await tuning;
    expect(store.getState().yoloxLive).toBeUndefined();

    const refused = tuneYolox(store, client, params);
    (await client.next('setYolox')).reject(new AppError('BAD_REQUEST', 'class 90 is not a class of this model (0 to 79)'));
    await refused;
    expect(store.getState().error).toEqual({
      code: 'BAD_REQUEST',
      message: 'class 90 is not a class of this model (0 to 79)',
      origin: 'detect',
    });
  });

  it('a model that is not YOLOX-style gets no request', async () => {
    const store = createAppStore();
    store.setState({ loaded: loadedModel('detectnet') });
    const client = new FakeClient();
    await tuneYolox(store, client, params);
    expect(client.types).toEqual([]);
  });
});
