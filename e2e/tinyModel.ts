import { GraphBuilder } from '../src/onnx/builder';
import { encodeModel } from '../src/onnx/schema';
import { syntheticWeights } from '../src/onnx/weightInit';

/**
 * A classifier small enough to run in a blink on SwiftShader's WebGPU: 32x32 BGR in, one conv,
 * global average pooling, 10 classes out. Tests of the GPU frame path that do not need GoogLeNet's
 * answers use it, so each WebGPU run costs milliseconds instead of seconds.
 */
export function tinyClassifier(): { manifest: Record<string, unknown>; model: Buffer } {
  // A small classifier gain keeps the softmax from saturating, so the top-5 order means something.
  const b = new GraphBuilder('tiny', syntheticWeights({ seed: 7, gain: { fc1: 0.02 } }));
  const data = b.input('data', ['N', 3, 32, 32]);
  const conv = b.conv({ name: 'conv1', input: data, outChannels: 8, kernel: 3, stride: 2, pad: 1 });
  const relu = b.relu({ name: 'relu1', input: conv });
  const pool = b.avgPool({ name: 'pool1', input: relu, kernel: 16, stride: 16, ceil: false });
  const fc = b.fc({ name: 'fc1', input: b.flatten('flat', pool), outFeatures: 10 });
  b.output(b.softmax({ name: 'prob', input: fc }));
  const model = Buffer.from(encodeModel(b.build({ producerVersion: 'e2e' })));
  const manifest = {
    id: 'tiny-classifier',
    name: 'Tiny classifier (test)',
    task: 'classification',
    weights: 'synthetic',
    model: 'model.onnx',
    input: {
      name: 'data',
      shape: [-1, 3, 32, 32],
      layout: 'NCHW',
      channelOrder: 'BGR',
      pixelScale: 1,
      mean: [104, 117, 123],
      std: [1, 1, 1],
    },
    outputs: [{ name: 'prob', kind: 'probabilities' }],
  };
  return { manifest, model };
}

/**
 * A DetectNet-shaped detector as small as the classifier: 64x128 in, a 4x8 grid of coverage and
 * box maps out (stride 16, as DetectNet's), DIGITS clustering after. Its boxes mean nothing; it
 * exercises the video path on WebGPU at a few milliseconds per frame.
 */
export function tinyDetector(): { manifest: Record<string, unknown>; model: Buffer } {
  const b = new GraphBuilder('tiny-detector', syntheticWeights({ seed: 11 }));
  const data = b.input('data', ['N', 3, 64, 128]);
  const cov = b.conv({ name: 'cov', input: data, outChannels: 1, kernel: 16, stride: 16 });
  b.output(b.sigmoid({ name: 'coverage', input: cov }));
  b.output(b.conv({ name: 'bboxes', input: data, outChannels: 4, kernel: 16, stride: 16 }));
  const model = Buffer.from(encodeModel(b.build({ producerVersion: 'e2e' })));
  const manifest = {
    id: 'tiny-detector',
    name: 'Tiny detector (test)',
    task: 'detectnet',
    weights: 'synthetic',
    model: 'model.onnx',
    input: { name: 'data', shape: [-1, 3, 64, 128], layout: 'NCHW', channelOrder: 'BGR', pixelScale: 1, mean: [0, 0, 0], std: [1, 1, 1] },
    outputs: [
      { name: 'coverage', kind: 'coverage' },
      { name: 'bboxes', kind: 'bboxes' },
    ],
    cluster: { coverageThreshold: 0.6, rectThreshold: 3, rectEps: 0.02, minHeight: 22 },
  };
  return { manifest, model };
}
