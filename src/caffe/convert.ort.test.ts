// Converted Caffe models run in onnxruntime-web (WASM build, Node, one thread) and give the
// numbers they should: the small every-layer net against a direct Caffe forward pass in JS,
// and GoogLeNet / DetectNet (caffemodels written from the built-in seeded weights) against the
// built-in generated graphs: same weights, same architecture, so the outputs must agree.
import { elementCount } from '../domain/tensor';
import * as ort from 'onnxruntime-web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDetectNet } from '../onnx/detectnet';
import { buildGoogLeNet, CLASSIFIER_GAIN } from '../onnx/googlenet';
import { encodeModel } from '../onnx/schema';
import { fillGaussian, mulberry32 } from '../onnx/seededRandom';
import { fixtureSuite, fixturesAvailable, readFixtureText } from '../onnx/testing/fixtures';
import { syntheticWeights } from '../onnx/weightInit';
import { readCaffeModel } from './caffemodel';
import { convertCaffeToOnnx } from './convert';
import type { CaffeConversion } from './convert';
import { deployLayers } from './netSpec';
import { parsePrototxt } from './prototxt';
import { caffeForward } from './testing/caffeReference';
import { MINI_INPUT_SHAPE, MINI_NET, miniCaffeModel } from './testing/miniNet';
import { layersForPrototxt, writeCaffeModel } from './testing/writeCaffeModel';

ort.env.wasm.numThreads = 1;

const session = (model: Uint8Array) => ort.InferenceSession.create(model, { executionProviders: ['wasm'] });

function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] as number) - (b[i] as number)));
  return max;
}

/** Smooth, photo-like values in 0..255 (the range DetectNet takes; GoogLeNet gets them minus 117). */
function photoLike(channels: number, height: number, width: number, offset = 0): Float32Array {
  const out = new Float32Array(channels * height * width);
  for (let c = 0; c < channels; c++)
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        out[(c * height + y) * width + x] = 128 + 60 * Math.sin(x / 19 + c) + 40 * Math.cos(y / 23) + 20 * Math.sin((x + y) / 7) - offset;
      }
  return out;
}

describe('a converted net with every supported layer type, against a Caffe forward pass in JS', () => {
  // (BatchNorm and Scale postdate V1 layers, so this net is written as `layer` entries both times.)
  for (const legacyShapes of [false, true]) {
    it(`gives Caffe's outputs (caffemodel blobs with ${legacyShapes ? 'legacy 4-D dims' : '`shape`'})`, async () => {
      const caffemodel = miniCaffeModel(5, { legacyShapes });
      const { model } = convertCaffeToOnnx({ prototxt: MINI_NET, caffemodel, name: 'mini' });
      const s = await session(model);
      try {
        const x = fillGaussian(new Float32Array(elementCount(MINI_INPUT_SHAPE)), mulberry32(9), 1);
        const outputs = await s.run({ data: new ort.Tensor('float32', x, [...MINI_INPUT_SHAPE]) });
        const reference = caffeForward(
          deployLayers(parsePrototxt(MINI_NET)),
          new Map([['data', { shape: [...MINI_INPUT_SHAPE], data: Float64Array.from(x) }]]),
          readCaffeModel(caffemodel),
        );
        expect(s.outputNames).toEqual(['sig', 'prob', 'flat']);
        for (const name of s.outputNames) {
          const ours = outputs[name];
          const caffe = reference.get(name);
          expect(ours?.dims).toEqual(caffe?.shape);
          expect(maxAbsDifference(ours?.data as Float32Array, caffe?.data ?? [])).toBeLessThan(1e-5);
        }
      } finally {
        await s.release();
      }
    }, 30_000);
  }
});

describe('a mean subtracted inside the converted graph', () => {
  it('gives what the same model gives on input minus the (center-cropped) mean', async () => {
    const caffemodel = miniCaffeModel(5);
    const [, channels, height, width] = MINI_INPUT_SHAPE;
    // 2 rows and 2 columns larger than the input: cropped at offset (1, 1).
    const mean = {
      channels,
      height: height + 2,
      width: width + 2,
      data: fillGaussian(new Float32Array(channels * (height + 2) * (width + 2)), mulberry32(3), 50, 100),
    };
    const withMean = convertCaffeToOnnx({ prototxt: MINI_NET, caffemodel, name: 'mini', mean });
    expect(withMean.summary.meanSubtracted).toEqual({ input: 'data', kind: 'image', node: 'data/mean_subtraction' });
    const [a, b] = await Promise.all([
      session(withMean.model),
      session(convertCaffeToOnnx({ prototxt: MINI_NET, caffemodel, name: 'mini' }).model),
    ]);
    try {
      const x = fillGaussian(new Float32Array(elementCount(MINI_INPUT_SHAPE)), mulberry32(4), 50, 100);
      const centred = x.map((v, i) => {
        const c = Math.floor(i / (height * width)) % channels;
        const y = Math.floor(i / width) % height;
        return v - (mean.data[(c * (height + 2) + y + 1) * (width + 2) + (i % width) + 1] as number);
      });
      const ra = await a.run({ data: new ort.Tensor('float32', x, [...MINI_INPUT_SHAPE]) });
      const rb = await b.run({ data: new ort.Tensor('float32', centred, [...MINI_INPUT_SHAPE]) });
      for (const name of a.outputNames)
        expect(maxAbsDifference(ra[name]?.data as Float32Array, rb[name]?.data as Float32Array)).toBeLessThan(1e-6);
    } finally {
      await Promise.all([a.release(), b.release()]);
    }
  }, 30_000);
});

describe.skipIf(!fixturesAvailable)(fixtureSuite('BVLC GoogLeNet: prototxt + caffemodel converted vs the built-in graph'), () => {
  let converted: CaffeConversion;

  beforeAll(() => {
    const prototxt = readFixtureText('caffe/bvlc_googlenet.deploy.prototxt');
    const caffemodel = writeCaffeModel(
      layersForPrototxt(prototxt, syntheticWeights({ seed: 1, gain: { 'loss3/classifier': CLASSIFIER_GAIN } })),
    );
    converted = convertCaffeToOnnx({ prototxt, caffemodel, name: 'bvlc_googlenet' });
  });

  it('gives the same `prob` for the same input (max abs difference < 1e-4)', async () => {
    const [ours, builtIn] = await Promise.all([session(converted.model), session(encodeModel(buildGoogLeNet(1).model))]);
    try {
      const input = new ort.Tensor('float32', photoLike(3, 224, 224, 117), [1, 3, 224, 224]);
      const [a, b] = [await ours.run({ data: input }), await builtIn.run({ data: input })];
      const difference = maxAbsDifference(a.prob?.data as Float32Array, b.prob?.data as Float32Array);
      console.info(`GoogLeNet prob: max abs difference ${difference}`);
      expect(difference).toBeLessThan(1e-4);
      expect(Math.max(...(a.prob?.data as Float32Array))).toBeGreaterThan(0.01);
    } finally {
      await Promise.all([ours.release(), builtIn.release()]);
    }
  }, 60_000);
});

describe.skipIf(!fixturesAvailable)(fixtureSuite('DIGITS DetectNet at 512x1024: converted vs the built-in graph'), () => {
  let converted: CaffeConversion;
  let ours: ort.InferenceSession;
  let builtIn: ort.InferenceSession;

  beforeAll(async () => {
    const prototxt = readFixtureText('caffe/detectnet.prototxt');
    const caffemodel = writeCaffeModel(layersForPrototxt(prototxt, syntheticWeights({ seed: 1 })));
    converted = convertCaffeToOnnx({ prototxt, caffemodel, name: 'detectnet', inputSize: { height: 512, width: 1024 } });
    [ours, builtIn] = await Promise.all([session(converted.model), session(encodeModel(buildDetectNet(1).model))]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([ours?.release(), builtIn?.release()]);
  });

  it('gives the same `coverage` and `bboxes` (one run each)', async () => {
    const input = new ort.Tensor('float32', photoLike(3, 512, 1024), [1, 3, 512, 1024]);
    const a = await ours.run({ data: input });
    const b = await builtIn.run({ data: input });
    for (const name of ['coverage', 'bboxes']) {
      expect(a[name]?.dims).toEqual(b[name]?.dims);
      const difference = maxAbsDifference(a[name]?.data as Float32Array, b[name]?.data as Float32Array);
      console.info(`DetectNet ${name}: max abs difference ${difference}`);
      expect(difference).toBeLessThan(1e-4);
    }
  }, 60_000);

  it("hands the cluster layer's param_str, fitted to 1024x512, to the clustering", () => {
    expect(converted.summary.detection?.forInput).toEqual({
      imageWidth: 1024,
      imageHeight: 512,
      stride: 16,
      coverageThreshold: 0.6,
      rectThreshold: 2,
      rectEps: 0.02,
      minHeight: 22,
      numClasses: 1,
      maxBoxes: 50,
    });
    expect([converted.summary.detection?.coverage, converted.summary.detection?.bboxes]).toEqual(['coverage', 'bboxes']);
    expect(ours.outputNames).toEqual(['coverage', 'bboxes']);
  });
});
