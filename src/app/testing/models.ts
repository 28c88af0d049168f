// Replies a worker would give, for controller unit tests: a loaded model per id, and
// classification results, small but of the real types.
import type { Backend } from '../../domain/backend';
import { manifestFor } from '../../models/testing/manifests';
import type { ClassifyResult, LoadedModel } from '../../domain/model';

export function loadedModel(id: string, backend: Backend = 'wasm', extra: Partial<LoadedModel> = {}): LoadedModel {
  return {
    manifest: manifestFor(id),
    labels: ['cat', 'dog'],
    backend,
    preprocess: backend === 'webgpu' ? 'gpu' : 'cpu',
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
    preprocess: backend === 'webgpu' ? 'gpu' : 'cpu',
    batchSize: images,
    timings: { decode: 1, preprocess: 1, inference: 1, postprocess: 1 },
  };
}
