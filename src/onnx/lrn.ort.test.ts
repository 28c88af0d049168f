// The lowered LRN (builder.lrn) must compute Caffe's across-channel LRN; checked against a
// direct implementation of Caffe's formula, through onnxruntime-web's WASM build in Node.
import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { GraphBuilder, type WeightSource } from './builder';
import { encodeModel } from './schema';

const noWeights: WeightSource = {
  weights: () => {
    throw new Error('an LRN graph has no learned weights');
  },
  bias: () => {
    throw new Error('an LRN graph has no learned biases');
  },
};

/** Caffe LRNLayer ACROSS_CHANNELS: scale = k + alpha/n * sum over the channel window of x^2; y = x * scale^-beta. */
function caffeLrn(x: Float32Array, c: number, plane: number, size: number, alpha: number, beta: number, k: number): Float32Array {
  const y = new Float32Array(x.length);
  const half = (size - 1) / 2;
  for (let ch = 0; ch < c; ch++) {
    for (let i = 0; i < plane; i++) {
      let sum = 0;
      for (let j = Math.max(0, ch - half); j <= Math.min(c - 1, ch + half); j++) sum += x[j * plane + i]! ** 2;
      y[ch * plane + i] = x[ch * plane + i]! / (k + (alpha / size) * sum) ** beta;
    }
  }
  return y;
}

describe('builder.lrn (lowered to WebGPU-supported ops)', () => {
  it("matches Caffe's LRN formula, including the channel edges", async () => {
    const [c, h, w] = [7, 3, 4];
    const b = new GraphBuilder('lrn', noWeights);
    const input = b.input('x', ['N', c, h, w]);
    // Large alpha so the normalization visibly changes values (GoogLeNet's 1e-4 barely does on small inputs).
    b.output(b.lrn({ name: 'norm', input, size: 5, alpha: 0.5, beta: 0.75, bias: 2 }));
    ort.env.wasm.numThreads = 1;
    const session = await ort.InferenceSession.create(encodeModel(b.build({ producerVersion: 'test' })), { executionProviders: ['wasm'] });
    try {
      const x = Float32Array.from({ length: c * h * w }, (_, i) => Math.sin(i * 1.7) * 3);
      const { norm } = await session.run({ x: new ort.Tensor('float32', x, [1, c, h, w]) });
      const expected = caffeLrn(x, c, h * w, 5, 0.5, 0.75, 2);
      const got = norm!.data as Float32Array;
      const maxDiff = Math.max(...Array.from(got, (v, i) => Math.abs(v - expected[i]!)));
      expect(maxDiff).toBeLessThan(1e-5);
      // The normalization really acted: the output is not just the input.
      expect(Math.max(...Array.from(got, (v, i) => Math.abs(v - x[i]!)))).toBeGreaterThan(0.1);
    } finally {
      await session.release();
    }
  });
});
