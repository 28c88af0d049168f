// Pooling layers where Caffe's window count and ONNX Runtime's ceil_mode count differ (a layer
// without padding whose last window starts past the input; onnx/shapes.ts): MAX is converted
// with an explicit Pad node and must give Caffe's numbers, AVE is refused with the layer named.
// Run through onnxruntime-web's WASM build in Node against the Caffe forward pass in JS.
import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { elementCount } from '../domain/tensor';
import { readCaffeModel } from './caffemodel';
import { convertCaffeToOnnx } from './convert';
import { deployLayers } from './netSpec';
import { parsePrototxt } from './prototxt';
import { caffeForward } from './testing/caffeReference';
import { writeCaffeModel } from './testing/writeCaffeModel';

const INPUT = [1, 2, 5, 7] as const;

/** H: 5 rows, kernel 1, stride 3: Caffe makes 3 windows (the third starts at row 6), ONNX Runtime 2. W: 7 columns, kernel 2: both make 3. */
const poolNet = (method: 'MAX' | 'AVE'): string => `name: "pool_edge"
layer { name: "data" type: "Input" top: "data" input_param { shape { dim: ${INPUT.join(' dim: ')} } } }
layer { name: "subsample" type: "Pooling" bottom: "data" top: "subsample"
  pooling_param { pool: ${method} kernel_h: 1 kernel_w: 2 stride: 3 } }
`;

// Pooling learns nothing: the caffemodel lists the layer without blobs, as Caffe writes it.
const noWeights = writeCaffeModel([{ name: 'subsample', type: 'Pooling', blobs: [] }], { name: 'pool_edge' });

describe('a Caffe pooling layer whose last window starts past the input', () => {
  it("MAX: padded at the end with Caffe's -FLT_MAX, so ONNX Runtime gives Caffe's size and values", async () => {
    const prototxt = poolNet('MAX');
    const { model, summary } = convertCaffeToOnnx({ prototxt, caffemodel: noWeights, name: 'pool_edge', batch: 1 });
    const layer = summary.layers.find((l) => l.name === 'subsample');
    expect(layer?.onnx).toEqual(['Pad', 'MaxPool']);
    expect(layer?.note).toMatch(/padded at the end with -FLT_MAX/);
    expect(summary.outputs).toEqual([{ name: 'subsample', dims: [1, 2, 3, 3] }]);

    ort.env.wasm.numThreads = 1;
    const session = await ort.InferenceSession.create(model, { executionProviders: ['wasm'] });
    try {
      const x = Float32Array.from({ length: elementCount(INPUT) }, (_, i) => Math.sin(i * 1.3) * 50);
      const { subsample } = await session.run({ data: new ort.Tensor('float32', x, [...INPUT]) });
      const reference = caffeForward(
        deployLayers(parsePrototxt(prototxt)),
        new Map([['data', { shape: [...INPUT], data: Float64Array.from(x) }]]),
        readCaffeModel(noWeights),
      ).get('subsample');
      expect(subsample?.dims).toEqual(reference?.shape);
      expect(Array.from(subsample?.data as Float32Array)).toEqual(Array.from(reference?.data ?? [], Math.fround));
      // The third row of windows lies wholly past the input: Caffe leaves it at -FLT_MAX.
      expect((subsample?.data as Float32Array)[6]).toBe(-3.4028234663852886e38);
    } finally {
      await session.release();
    }
  });

  it('AVE: refused, naming the layer, both sizes and what to change', () => {
    expect(() => convertCaffeToOnnx({ prototxt: poolNet('AVE'), caffemodel: noWeights, name: 'pool_edge' })).toThrow(
      /line 3, column 1: layer 'subsample' \(Pooling\): Caffe makes 3x3 windows and ONNX Runtime's ceil_mode 2x3 on its 5x7 input: .*AVE pooling divides that window by zero or a negative count.*Set round_mode: FLOOR/,
    );
  });

  it('pad as large as the kernel: refused, as Caffe and ONNX Runtime both refuse it', () => {
    const prototxt = poolNet('MAX').replace('stride: 3', 'stride: 3 pad: 1');
    expect(() => convertCaffeToOnnx({ prototxt, caffemodel: noWeights, name: 'pool_edge' })).toThrow(
      /layer 'subsample' \(Pooling\): pad \[1, 1\] must be smaller than kernel \[1, 2\]/,
    );
  });
});
