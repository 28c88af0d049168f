// Replies a worker would give, for controller unit tests: a loaded model per id and task, and
// classification results, small but of the real types.
import type { Backend } from '../../domain/backend';
import type { ModelManifest, ModelTask } from '../../domain/manifest';
import type { ClassifyResult, LoadedModel } from '../../domain/model';

export function manifestFor(id: string, task: ModelTask = 'classification', batch = -1): ModelManifest {
  return {
    id,
    name: `${id} model`,
    task,
    weights: 'synthetic',
    model: 'model.onnx',
    input: {
      name: 'data',
      shape: [batch, 3, 224, 224],
      layout: 'NCHW',
      channelOrder: 'BGR',
      pixelScale: 1,
      mean: [104, 117, 123],
      std: [1, 1, 1],
      resize: 'stretch',
      padValue: 0,
    },
    outputs: [{ name: 'prob', kind: 'probabilities' }],
  };
}

export function loadedModel(id: string, backend: Backend = 'wasm', extra: Partial<LoadedModel> = {}): LoadedModel {
  return {
    manifest: manifestFor(id),
    labels: ['cat', 'dog'],
    backend,
    wasmThreads: 1,
    modelBytes: 1000,
    fetchMs: 1,
    createMs: 1,
    warmupMs: 1,
    ...extra,
  };
}

/** One top-1 result per image, labelled with `label` and the image's index. */
export function classifyResult(images: number, backend: Backend = 'wasm', label = 'cat'): ClassifyResult {
  return {
    images: Array.from({ length: images }, (_, i) => ({
      probs: new Float32Array([0.9, 0.1]),
      top: [{ index: 0, label: `${label} ${i}`, prob: 0.9 }],
      sourceWidth: 10,
      sourceHeight: 10,
    })),
    backend,
    batchSize: images,
    timings: { decode: 1, preprocess: 1, inference: 1, postprocess: 1 },
  };
}
