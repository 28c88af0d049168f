// NVIDIA DIGITS DetectNet, deploy phase (phase TEST, not stage "val") of its
// detectnet.prototxt, at the lab's 1024x512 input. Layer names as in the prototxt. The
// Python `cluster` layer is not a graph op: the app clusters the grid in JS.
import { GraphBuilder } from './builder';
import { googLeNetBody } from './googlenet';
import type { BuiltModel } from './googlenet';
import { syntheticWeights } from './weightInit';

export const DETECTNET_STRIDE = 16;
export const DETECTNET_INPUT = { name: 'data', dims: ['N', 3, 512, 1024] } as const;
export const DETECTNET_OUTPUTS = {
  coverage: { name: 'coverage', dims: ['N', 1, 512 / DETECTNET_STRIDE, 1024 / DETECTNET_STRIDE] },
  bboxes: { name: 'bboxes', dims: ['N', 4, 512 / DETECTNET_STRIDE, 1024 / DETECTNET_STRIDE] },
} as const;

export function buildDetectNet(seed: number, producerVersion = 'dev'): BuiltModel {
  const b = new GraphBuilder('detectnet', syntheticWeights({ seed }));
  const data = b.input(DETECTNET_INPUT.name, DETECTNET_INPUT.dims);
  // DetectNet subtracts its mean inside the net (Power shift -127), so the app feeds raw 0..255 BGR.
  const transformed = b.power({ name: 'deploy_transform', input: data, shift: -127, output: 'transformed_data' });
  // No pool4 and no pool5: output stride 16. pool5/drop_s1 (Dropout) is the identity at inference.
  const features = googLeNetBody(b, transformed, { pool4: false });
  const cvg = b.conv({ name: 'cvg/classifier', input: features, outChannels: 1, kernel: 1 });
  const coverage = b.sigmoid({ name: 'coverage/sig', input: cvg, output: 'coverage' });
  const bboxes = b.conv({ name: 'bbox/regressor', input: features, outChannels: 4, kernel: 1, output: 'bboxes' });
  b.output(coverage, DETECTNET_OUTPUTS.coverage.dims);
  b.output(bboxes, DETECTNET_OUTPUTS.bboxes.dims);
  const model = b.build({
    producerVersion,
    docString: 'DIGITS DetectNet (deploy phase) at 1024x512 with synthetic weights: timing only, detections are meaningless.',
    metadata: { architecture: 'detectnet', weights: 'synthetic', seed: String(seed), stride: String(DETECTNET_STRIDE) },
  });
  return { model, parameterCount: b.parameterCount };
}
