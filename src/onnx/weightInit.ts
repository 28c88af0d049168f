// Synthetic weights for the built-in models: timing is real, predictions are not.
// He/MSRA init (std = sqrt(2 / fan_in)) keeps the second moment of ReLU activations about
// constant from layer to layer, so 22 layers deep the values neither vanish to 0 nor blow up
// to Inf, and the kernels do the same arithmetic on the same kind of numbers as trained ones.
import { elementCount } from '../domain/tensor';
import type { WeightSource } from './builder';
import { fillGaussian, streamFor } from './seededRandom';

export interface SyntheticWeightOptions {
  seed: number;
  /** Multiplies the He std of the named layers (e.g. a classifier calibrated to give useful logits). */
  gain?: Readonly<Record<string, number>>;
  /** Every bias value; small, so the weights, not the biases, set the activations. */
  bias?: number;
}

export function syntheticWeights(options: SyntheticWeightOptions): WeightSource {
  const bias = options.bias ?? 0.01;
  return {
    weights({ layer, dims, fanIn }) {
      const std = Math.sqrt(2 / fanIn) * (options.gain?.[layer] ?? 1);
      const size = elementCount(dims);
      // Streams are keyed by layer name, so a layer's weights do not depend on what was built
      // before it: DetectNet's body gets the same weights as GoogLeNet's for the same seed.
      return fillGaussian(new Float32Array(size), streamFor(options.seed, `${layer}_w`), std);
    },
    bias({ size }) {
      return new Float32Array(size).fill(bias);
    },
  };
}
