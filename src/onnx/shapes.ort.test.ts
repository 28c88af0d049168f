// onnxPoolOutputSize against the sizes ONNX Runtime really produces: one graph of MaxPool
// nodes, one per case, run once through onnxruntime-web's WASM build in Node. Each case pools
// along H only (W is 1 with a 1-wide kernel), so the output's H is the rule's answer.
import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { AttributeType, encodeModel, TensorDataType } from './schema';
import type { ModelProto, NodeProto, ValueInfoProto } from './schema';
import { onnxPoolOutputSize, type WindowAxis } from './shapes';

interface PoolCase extends WindowAxis {
  readonly ceil: boolean;
}

const CASES: readonly PoolCase[] = [
  { size: 5, kernel: 1, stride: 3, padBegin: 0, padEnd: 0, ceil: true }, // Caffe gives 3 here
  { size: 5, kernel: 1, stride: 3, padBegin: 0, padEnd: 0, ceil: false },
  { size: 112, kernel: 3, stride: 2, padBegin: 0, padEnd: 0, ceil: true },
  { size: 14, kernel: 3, stride: 2, padBegin: 0, padEnd: 0, ceil: true },
  { size: 28, kernel: 3, stride: 1, padBegin: 1, padEnd: 1, ceil: true },
  { size: 5, kernel: 2, stride: 2, padBegin: 0, padEnd: 0, ceil: true },
  { size: 6, kernel: 3, stride: 2, padBegin: 1, padEnd: 1, ceil: true },
  { size: 6, kernel: 2, stride: 4, padBegin: 1, padEnd: 1, ceil: true },
  { size: 4, kernel: 2, stride: 3, padBegin: 1, padEnd: 1, ceil: true },
  { size: 9, kernel: 3, stride: 4, padBegin: 2, padEnd: 2, ceil: true },
  // The end padding does not move the trim: begin 0, end 1 keeps the 2 that begin 0, end 0 gives.
  { size: 4, kernel: 2, stride: 2, padBegin: 0, padEnd: 1, ceil: true },
  { size: 5, kernel: 2, stride: 3, padBegin: 0, padEnd: 1, ceil: true },
  { size: 4, kernel: 3, stride: 3, padBegin: 2, padEnd: 0, ceil: true },
  { size: 7, kernel: 2, stride: 3, padBegin: 0, padEnd: 0, ceil: true, dilation: 2 },
  { size: 10, kernel: 3, stride: 4, padBegin: 1, padEnd: 2, ceil: true, dilation: 2 },
  { size: 11, kernel: 3, stride: 3, padBegin: 0, padEnd: 2, ceil: false },
];

function poolColumn(name: string, size: number): ValueInfoProto {
  const dim = [1, 1, size, 1].map((d) => ({ dimValue: d }));
  return { name, type: { tensorType: { elemType: TensorDataType.FLOAT, shape: { dim } } } };
}

function maxPool(input: string, output: string, c: PoolCase): NodeProto {
  return {
    name: output,
    opType: 'MaxPool',
    input: [input],
    output: [output],
    attribute: [
      { name: 'kernel_shape', type: AttributeType.INTS, ints: [c.kernel, 1] },
      { name: 'strides', type: AttributeType.INTS, ints: [c.stride, 1] },
      { name: 'pads', type: AttributeType.INTS, ints: [c.padBegin, 0, c.padEnd, 0] },
      { name: 'dilations', type: AttributeType.INTS, ints: [c.dilation ?? 1, 1] },
      { name: 'ceil_mode', type: AttributeType.INT, i: c.ceil ? 1 : 0 },
    ],
  };
}

/** Outputs are declared without a shape, so ORT's own result is what comes back. */
function poolModel(cases: readonly PoolCase[]): Uint8Array {
  const model: ModelProto = {
    irVersion: 8,
    opsetImport: [{ domain: '', version: 13 }],
    producerName: 'shapes test',
    graph: {
      name: 'pools',
      node: cases.map((c, i) => maxPool(`x${i}`, `y${i}`, c)),
      input: cases.map((c, i) => poolColumn(`x${i}`, c.size)),
      output: cases.map((_, i) => ({ name: `y${i}`, type: { tensorType: { elemType: TensorDataType.FLOAT } } })),
      initializer: [],
    },
  };
  return encodeModel(model);
}

describe('onnxPoolOutputSize against ONNX Runtime', () => {
  it('gives the output height ORT produces for every case of the table', async () => {
    ort.env.wasm.numThreads = 1;
    // ORT warns where its kernel's size differs from ONNX's shape inference, which never trims; errors only.
    const session = await ort.InferenceSession.create(poolModel(CASES), { executionProviders: ['wasm'], logSeverityLevel: 3 });
    try {
      const feeds = Object.fromEntries(
        CASES.map((c, i) => [
          `x${i}`,
          new ort.Tensor(
            'float32',
            Float32Array.from({ length: c.size }, (_, k) => k),
            [1, 1, c.size, 1],
          ),
        ]),
      );
      const results = await session.run(feeds);
      const produced = CASES.map((_, i) => results[`y${i}`]!.dims[2]);
      expect(produced).toEqual(CASES.map((c) => onnxPoolOutputSize(c, c.ceil)));
      // The case where the two rules part: ORT stops at 2 windows where Caffe makes 3.
      expect(produced[0]).toBe(2);
    } finally {
      await session.release();
    }
  });

  it('refuses padding as large as the kernel, so extra end padding cannot add a window past the input', async () => {
    const tooMuchPad: PoolCase = { size: 5, kernel: 1, stride: 3, padBegin: 0, padEnd: 1, ceil: true };
    await expect(ort.InferenceSession.create(poolModel([tooMuchPad]), { executionProviders: ['wasm'] })).rejects.toThrow(
      /Pad should be smaller than kernel/,
    );
  });
});
