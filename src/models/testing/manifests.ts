// A valid manifest for tests: a Caffe-style BGR classifier input with one probabilities output,
// under any id, task and input shape.
import type { InputSpec, ModelManifest, ModelTask } from '../../domain/manifest';

export function manifestFor(id: string, task: ModelTask = 'classification', shape: InputSpec['shape'] = [-1, 3, 224, 224]): ModelManifest {
  return {
    id,
    name: `${id} model`,
    task,
    weights: 'synthetic',
    model: 'model.onnx',
    input: {
      name: 'data',
      shape,
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
