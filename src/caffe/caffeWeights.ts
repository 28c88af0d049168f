// Hands a converter the learned blobs of one prototxt layer from a decoded caffemodel, after
// the checks Caffe's Net::CopyTrainedLayersFrom makes: the layer is there (matched by name),
// it has as many blobs as the layer learns, and every blob has the shape the prototxt implies
// (Blob::ShapeEquals, which lets a legacy 1x1x1x64 bias fit [64]). Each failure names the
// layer and both shapes, which is what a user needs when the caffemodel is from another job.
import { AppError } from '../domain/errors';
import { shapesMatch } from './caffeBlob';
import type { CaffeModel } from './caffemodel';
import type { CaffeLayer } from './netSpec';

/** The caffemodel does not fit the prototxt (a missing layer, a blob of another shape): the weights of another net. */
export class CaffeWeightsError extends AppError {
  constructor(message: string) {
    super('CAFFEMODEL_INVALID', message);
    this.name = 'CaffeWeightsError';
  }
}

/** What each learned blob is, for messages. */
const BLOB_ROLES: Readonly<Record<string, readonly string[]>> = {
  Convolution: ['weights', 'bias'],
  InnerProduct: ['weights', 'bias'],
  BatchNorm: ['mean', 'variance', 'moving-average factor'],
  Scale: ['scale', 'bias'],
};

const shapeText = (shape: readonly number[]): string => `[${shape.join(', ')}]`;

export interface CaffeWeightStore {
  /** The layer's blobs (data only), checked against `expected` shapes in caffemodel order. */
  take(layer: CaffeLayer, expected: readonly (readonly number[])[]): Float32Array[];
  /** Values handed out so far: the converted model's learned parameter count. */
  readonly usedValues: number;
  /** Layers of the caffemodel that hold blobs but were never taken (e.g. training-only auxiliary classifiers). */
  unusedLayers(): string[];
}

export function caffeWeightStore(model: CaffeModel, fileName = 'the caffemodel'): CaffeWeightStore {
  const taken = new Set<string>();
  let usedValues = 0;
  const learned = [...model.layers.values()].filter((l) => l.blobs.length > 0).map((l) => l.name);

  const role = (layer: CaffeLayer, i: number) => BLOB_ROLES[layer.type]?.[i] ?? `blob ${i}`;
  const describe = (layer: CaffeLayer, shapes: readonly (readonly number[])[]) =>
    shapes.map((s, i) => `${role(layer, i)} ${shapeText(s)}`).join(' and ') || 'no blobs';

  return {
    take(layer, expected) {
      const where = `layer '${layer.name}' (${layer.type})`;
      const found = model.layers.get(layer.name);
      if (!found || found.blobs.length === 0) {
        const sample = learned
          .slice(0, 6)
          .map((n) => `'${n}'`)
          .join(', ');
        const hint =
          learned.length === 0
            ? 'it holds no learned layers at all'
            : `its learned layers are ${sample}${learned.length > 6 ? `, ... (${learned.length} in all)` : ''}`;
        throw new CaffeWeightsError(
          `${fileName} has no weights for ${where}, which the prototxt needs (${describe(layer, expected)}); ${hint}. Is the caffemodel from another network?`,
        );
      }
      const typeNote = found.type && found.type !== layer.type ? ` (in ${fileName} that layer is a ${found.type})` : '';
      if (found.blobs.length !== expected.length) {
        throw new CaffeWeightsError(
          `${where}: ${fileName} has ${found.blobs.length} blob(s) (${describe(
            layer,
            found.blobs.map((b) => b.shape),
          )}) but the prototxt implies ${expected.length} (${describe(layer, expected)})${typeNote}. Check bias_term and that the caffemodel belongs to this prototxt.`,
        );
      }
      found.blobs.forEach((blob, i) => {
        const want = expected[i] as readonly number[];
        if (!shapesMatch(blob, want)) {
          throw new CaffeWeightsError(
            `${where}: blob ${i} (${role(layer, i)}) is ${shapeText(blob.shape)} in ${fileName}, but the prototxt implies ${shapeText(want)}${typeNote}. Is the caffemodel from another network, or was num_output changed?`,
          );
        }
      });
      if (!taken.has(layer.name)) {
        taken.add(layer.name);
        usedValues += found.blobs.reduce((sum, b) => sum + b.data.length, 0);
      }
      return found.blobs.map((b) => b.data);
    },
    get usedValues() {
      return usedValues;
    },
    unusedLayers() {
      return learned.filter((name) => !taken.has(name));
    },
  };
}
