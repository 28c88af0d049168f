import type { YoloxLiveParams } from '../domain/manifest';
import type { ClientHandle } from '../bridge/client';
import { errorFrom, type AppStore } from './store';

/**
 * Sends new YOLOX settings to the worker, which applies them to the next batches without reloading
 * the model; the store keeps them with the model they were sent to, so a later load starts afresh
 * from its own manifest. A reply for a model that has been replaced meanwhile is dropped.
 */
export async function tuneYolox(store: AppStore, worker: ClientHandle, params: YoloxLiveParams): Promise<void> {
  const model = store.getState().loaded;
  if (model?.manifest.task !== 'yolox') return;
  try {
    const yolox = await worker.current.request('setYolox', params);
    if (store.getState().loaded === model) store.setState({ yoloxLive: { model, yolox } });
  } catch (error) {
    store.setState({ error: errorFrom(error, 'detect') });
  }
}
