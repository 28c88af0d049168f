// compareBackends through onnxruntime-web's WASM build in Node. Node has no WebGPU, so the
// "loaded" session here is a WASM session labelled webgpu: the comparison's other backend is
// then WASM, and what is checked is the plumbing (one test image into both, every output
// compared, agreement of top-5 or boxes, a time per backend) and its errors, not GPU numbers.
import { afterAll, describe, expect, it } from 'vitest';
import type { ModelManifest } from '../domain/manifest';
import { elementCount } from '../domain/tensor';
import { manifestFor } from '../models/testing/manifests';
import { GraphBuilder, type WeightSource } from '../onnx/builder';
import { encodeModel } from '../onnx/schema';
import { fillGaussian, mulberry32 } from '../onnx/seededRandom';
import { compareBackends } from './compareBackends';
import { ort } from './runtime/ort';
import { openSession, type OpenSession } from './runtime/session';

ort.env.wasm.numThreads = 1;

const seeded = (seed: number, bias = 0): WeightSource => ({
  weights: ({ dims }) => fillGaussian(new Float32Array(elementCount(dims)), mulberry32(seed), 0.05),
  bias: ({ size }) => new Float32Array(size).fill(bias),
});

/** 3x16x16 -> conv -> global average -> 10 classes -> softmax. */
function classifier(seed: number): Uint8Array {
  const b = new GraphBuilder('tiny', seeded(seed));
  const x = b.input('data', [1, 3, 16, 16]);
  const c = b.relu({ name: 'relu', input: b.conv({ name: 'conv', input: x, outChannels: 8, kernel: 3, pad: 1 }) });
  const pooled = b.avgPool({ name: 'gap', input: c, kernel: 16, ceil: false });
  b.output(b.softmax({ name: 'prob', input: b.fc({ name: 'fc', input: b.flatten('flat', pooled), outFeatures: 10 }) }));
  return encodeModel(b.build({ producerVersion: 'test' }));
}

const classifierManifest: ModelManifest = { ...manifestFor('tiny', 'classification', [1, 3, 16, 16]), name: 'tiny classifier' };

const sessions: OpenSession[] = [];
async function loadedAs(bytes: Uint8Array, backend: 'webgpu' | 'wasm'): Promise<OpenSession> {
  const open = { ...(await openSession(bytes, 'wasm', 'test model')), backend };
  sessions.push(open);
  return open;
}
afterAll(async () => {
  for (const s of sessions) await s.session.release();
});

describe('compareBackends', () => {
  it('runs the same input through both sessions: outputs equal, top-5 agree, one time each', async () => {
    const bytes = classifier(1);
    const result = await compareBackends(bytes, await loadedAs(bytes, 'webgpu'), classifierManifest);
    expect(result).toMatchObject({
      backends: ['webgpu', 'wasm'],
      outputs: [{ name: 'prob', maxAbsDiff: 0 }],
      agree: true,
      detail: 'top-5 classes agree',
    });
    expect(result.ms.every((ms) => ms >= 0)).toBe(true);
  }, 60_000);

  it('says where the two disagree (here: the loaded session holds other weights)', async () => {
    const result = await compareBackends(classifier(2), await loadedAs(classifier(1), 'webgpu'), classifierManifest);
    expect(result.outputs[0]!.maxAbsDiff).toBeGreaterThan(0);
    expect(result.agree).toBe(false);
    expect(result.detail).toMatch(/^top-5 differ: (\d+, ){4}\d+ vs (\d+, ){4}\d+$/);
  }, 60_000);

  it('compares the boxes of a DetectNet-shaped model', async () => {
    // 3x32x64 -> coverage and bboxes on a 2x4 grid (stride 16); constant outputs from the biases.
    const b = new GraphBuilder('tiny-detectnet', {
      weights: ({ dims }) => new Float32Array(elementCount(dims)),
      bias: ({ layer, size }) => (layer === 'cvg' ? new Float32Array(size).fill(3) : Float32Array.from([-4, -4, 20, 20].slice(0, size))),
    });
    const x = b.input('data', [1, 3, 32, 64]);
    b.output(b.sigmoid({ name: 'coverage', input: b.conv({ name: 'cvg', input: x, outChannels: 1, kernel: 16, stride: 16 }) }));
    b.output(b.conv({ name: 'bboxes', input: x, outChannels: 4, kernel: 16, stride: 16 }));
    const bytes = encodeModel(b.build({ producerVersion: 'test' }));
    const manifest: ModelManifest = {
      ...classifierManifest,
      task: 'detectnet',
      input: { ...classifierManifest.input, shape: [1, 3, 32, 64], mean: [0, 0, 0] },
      outputs: [
        { name: 'coverage', kind: 'coverage' },
        { name: 'bboxes', kind: 'bboxes' },
      ],
      // Every cell's proposal kept as it is, so the comparison has boxes to compare.
      cluster: { coverageThreshold: 0.6, rectThreshold: 0, rectEps: 0.02, minHeight: 0 },
    };
    const result = await compareBackends(bytes, await loadedAs(bytes, 'webgpu'), manifest);
    expect(result.outputs.map((o) => o.name)).toEqual(['coverage', 'bboxes']);
    expect(result.agree).toBe(true);
    expect(result.detail).toMatch(/^the same [1-9]\d* box\(es\)$/);
  }, 60_000);

  it('refuses when the other backend is missing, saying why (Node has no WebGPU)', async () => {
    const bytes = classifier(1);
    await expect(compareBackends(bytes, await loadedAs(bytes, 'wasm'), classifierManifest)).rejects.toMatchObject({
      code: 'BACKEND_UNAVAILABLE',
      message: 'cannot compare with webgpu: this browser has no WebGPU; running on WASM instead',
    });
  }, 60_000);
});
