import { readFileSync } from 'node:fs';
import { layersForPrototxt, writeCaffeModel } from '../src/caffe/testing/writeCaffeModel';
import { CLASSIFIER_GAIN } from '../src/onnx/googlenet';
import { syntheticWeights } from '../src/onnx/weightInit';
import { fixture } from './fixtures';

const GOOGLENET_PROTOTXT_PATH = () => fixture('caffe/bvlc_googlenet.deploy.prototxt');
const DETECTNET_PROTOTXT_PATH = () => fixture('caffe/detectnet.prototxt');

/** Fixture files as in-memory payloads (Playwright cannot mix paths and buffers in one setInputFiles). */
function payload(path: string, name: string) {
  return { name, mimeType: 'text/plain', buffer: readFileSync(path) };
}
export const GOOGLENET_PROTOTXT = () => payload(GOOGLENET_PROTOTXT_PATH(), 'deploy.prototxt');
export const DETECTNET_PROTOTXT = () => payload(DETECTNET_PROTOTXT_PATH(), 'deploy.prototxt');

/** A .caffemodel for the BVLC GoogLeNet prototxt with the built-in model's seeded weights (or another seed). */
export function googlenetCaffemodel(seed = 1): Buffer {
  const source = syntheticWeights({ seed, gain: { 'loss3/classifier': CLASSIFIER_GAIN } });
  return Buffer.from(writeCaffeModel(layersForPrototxt(readFileSync(GOOGLENET_PROTOTXT_PATH(), 'utf8'), source)));
}

/** The same for DIGITS' DetectNet (weights do not depend on the input size). */
export function detectnetCaffemodel(seed = 1): Buffer {
  return Buffer.from(writeCaffeModel(layersForPrototxt(readFileSync(DETECTNET_PROTOTXT_PATH(), 'utf8'), syntheticWeights({ seed }))));
}

/** A two-layer network's caffemodel: the wrong weights for GoogLeNet. */
export function tinyNetCaffemodel(): Buffer {
  const prototxt = `name: "tiny"
input: "data"
input_shape { dim: 1 dim: 3 dim: 8 dim: 8 }
layer { name: "conv1" type: "Convolution" bottom: "data" top: "conv1" convolution_param { num_output: 4 kernel_size: 3 } }
layer { name: "fc" type: "InnerProduct" bottom: "conv1" top: "fc" inner_product_param { num_output: 2 } }`;
  return Buffer.from(writeCaffeModel(layersForPrototxt(prototxt, syntheticWeights({ seed: 3 }))));
}
