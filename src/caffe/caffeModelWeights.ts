import type { WeightRequest, WeightSource } from '../onnx/builder';
import type { CaffeModel } from './caffemodel';
import { shapesMatch } from './caffeBlob';
import { CaffeWeightsError } from './caffeWeights';

/**
 * Serves a caffemodel's blobs to one of the project's own architectures (builder layer names are
 * Caffe layer names), checking each blob's shape as Caffe does: this is how BVLC's trained GoogLeNet becomes the
 * built-in GoogLeNet without a prototxt.
 */
export function caffeModelWeights(model: CaffeModel, fileName: string): WeightSource {
  const blob = (layer: string, index: number, expected: readonly number[], role: string): Float32Array => {
    const found = model.layers.get(layer)?.blobs[index];
    if (!found) throw new CaffeWeightsError(`${fileName} has no ${role} for layer '${layer}': is it the caffemodel of another network?`);
    if (!shapesMatch(found, expected)) {
      throw new CaffeWeightsError(
        `layer '${layer}': ${fileName} has ${role} [${found.shape.join(', ')}], the network needs [${expected.join(', ')}]`,
      );
    }
    return found.data;
  };
  return {
    weights: (request: WeightRequest) => blob(request.layer, 0, request.dims, 'weights'),
    bias: ({ layer, size: n }) => blob(layer, 1, [n], 'bias'),
  };
}
