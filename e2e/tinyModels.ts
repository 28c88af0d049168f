import { readFileSync } from 'node:fs';
import { GraphBuilder } from '../src/onnx/builder';
import { googLeNetBody } from '../src/onnx/googlenet';
import { encodeModel } from '../src/onnx/schema';
import { syntheticWeights } from '../src/onnx/weightInit';

/**
 * DetectNet's graph (GoogLeNet body, coverage and bbox heads) at 128x64: the same kernels as the
 * built-in model at 1/64 of the pixels, so WebGPU tests on SwiftShader (a CPU) stay short.
 * Made by the test, never stored.
 */
export function tinyDetectNet(): { manifest: Record<string, unknown>; model: Buffer } {
  const b = new GraphBuilder('tiny-detectnet', syntheticWeights({ seed: 7 }));
  const data = b.input('data', ['N', 3, 64, 128]);
  const features = googLeNetBody(b, data, { pool4: false });
  const coverage = b.sigmoid({
    name: 'coverage/sig',
    input: b.conv({ name: 'cvg', input: features, outChannels: 1, kernel: 1 }),
    output: 'coverage',
  });
  const bboxes = b.conv({ name: 'bbox', input: features, outChannels: 4, kernel: 1, output: 'bboxes' });
  b.output(coverage, ['N', 1, 4, 8]);
  b.output(bboxes, ['N', 4, 4, 8]);
  const base = JSON.parse(readFileSync('public/models/detectnet/manifest.json', 'utf8')) as Record<string, unknown> & {
    input: Record<string, unknown>;
  };
  return {
    manifest: { ...base, id: 'tiny-detectnet', name: 'DetectNet at 128x64 (test)', input: { ...base.input, shape: [-1, 3, 64, 128] } },
    model: Buffer.from(encodeModel(b.build({ producerVersion: 'test' }))),
  };
}
