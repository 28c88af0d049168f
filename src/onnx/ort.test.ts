// Loads the generated models in onnxruntime-web's WASM build under Node: proves the files
// are valid models to ORT (opset, ceil pooling, LRN, dynamic batch) and that the synthetic
// classifier gives an informative softmax. One GoogLeNet run at batch 2 (about a second);
// DetectNet (ten times the work) is only loaded.
import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { buildDetectNet } from './detectnet';
import { buildGoogLeNet } from './googlenet';
import { encodeModel } from './schema';
import { toFloat16 } from './float16';

/** A smooth, photo-like BGR image minus the ImageNet mean: values within about ±128. */
function syntheticPhoto(variant: number, size = 224): Float32Array {
  const out = new Float32Array(3 * size * size);
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const value = 60 * Math.sin(x / (17 + 5 * variant) + c) + 40 * Math.cos(y / 23 - variant) + 20 * Math.sin((x + y) / 7);
        out[(c * size + y) * size + x] = value;
      }
    }
  }
  return out;
}

describe('built-in models in onnxruntime-web (WASM, Node)', () => {
  it('GoogLeNet classifies a batch of 2 into [2,1000] rows that sum to 1 with a top-1 between 1% and 90%', async () => {
    ort.env.wasm.numThreads = 1;
    const session = await ort.InferenceSession.create(encodeModel(buildGoogLeNet(1).model), { executionProviders: ['wasm'] });
    try {
      const batch = new Float32Array(2 * 3 * 224 * 224);
      batch.set(syntheticPhoto(0), 0);
      batch.set(syntheticPhoto(1), 3 * 224 * 224);
      const { prob } = await session.run({ data: new ort.Tensor('float32', batch, [2, 3, 224, 224]) });
      expect(prob?.dims).toEqual([2, 1000]);
      const values = prob?.data as Float32Array;
      for (let row = 0; row < 2; row++) {
        const p = values.subarray(row * 1000, (row + 1) * 1000);
        expect(p.every(Number.isFinite)).toBe(true);
        expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
        const top1 = Math.max(...p);
        expect(top1).toBeGreaterThan(0.01);
        expect(top1).toBeLessThan(0.9);
      }
    } finally {
      await session.release();
    }
  }, 30_000);

  it('DetectNet loads with input `data` and outputs `coverage`, `bboxes`', async () => {
    ort.env.wasm.numThreads = 1;
    const session = await ort.InferenceSession.create(encodeModel(buildDetectNet(1).model), { executionProviders: ['wasm'] });
    try {
      expect([session.inputNames, session.outputNames]).toEqual([['data'], ['coverage', 'bboxes']]);
    } finally {
      await session.release();
    }
  }, 30_000);

  it("GoogLeNet converted to float16 gives the float32 model's top-5 with probabilities within 1e-3", async () => {
    ort.env.wasm.numThreads = 1;
    const model = buildGoogLeNet(1).model;
    const [full, half] = await Promise.all(
      [model, toFloat16(model).model].map((m) => ort.InferenceSession.create(encodeModel(m), { executionProviders: ['wasm'] })),
    );
    try {
      const input = new ort.Tensor('float32', syntheticPhoto(2), [1, 3, 224, 224]);
      const a = (await full!.run({ data: input })).prob!.data as Float32Array;
      const b = (await half!.run({ data: input })).prob!.data as Float32Array;
      const top5 = (p: Float32Array) => [...p.keys()].sort((i, j) => p[j]! - p[i]!).slice(0, 5);
      expect(top5(b)).toEqual(top5(a));
      // A probe on another input measured 2e-4 (float16 weights and activations; ORT's CPU kernels compute between casts).
      expect(Math.max(...a.map((v, i) => Math.abs(v - b[i]!)))).toBeLessThan(1e-3);
    } finally {
      await Promise.all([full!.release(), half!.release()]);
    }
  }, 60_000);
});
