// Fuzzing the prototxt reader (and the net description read from it, where field types are
// checked) and the whole Caffe conversion on mutated deploy files. Seeded: a failure names
// its case, and fuzzCase(target, n) makes that input again.
import { describe, expect, it } from 'vitest';
import { AppError } from '../domain/errors';
import { fixtureSuite, fixturesAvailable, readFixtureText } from '../onnx/testing/fixtures';
import { expectNoFuzzFailures, FUZZ_TEST_TIMEOUT_MS, retypeValue, runFuzz, textMutator, type FuzzTarget } from '../onnx/testing/fuzz';
import { convertCaffeToOnnx } from './convert';
import { readCaffeModel } from './caffemodel';
import { deployLayers, inputShapes } from './netSpec';
import { MAX_PROTOTXT_DEPTH, parsePrototxt } from './prototxt';
import { MINI_NET, miniCaffeModel } from './testing/miniNet';

const SMALL_NET = `name: "small"
input: "data"
input_shape { dim: 1 dim: 3 dim: [8, 8] }
layer { name: "conv" type: "Convolution" bottom: "data" top: "conv"
  convolution_param { num_output: 4 kernel_size: 3 pad: 1 weight_filler < type: 'xavier' > }
  include { phase: TEST } }
layer { name: "relu" type: "ReLU" bottom: "conv" top: "conv" relu_param { negative_slope: -inf } }
layers { name: "v1" type: POOLING bottom: "conv" top: "pool" pooling_param { pool: MAX kernel_size: 2 stride: 2 } }
layer { name: "py" type: "Python" python_param { module: "caffe.layers.detectnet.clustering" param_str: '8, 8, 16, 0.6, 3, 0.02, 22' } }
`;

const fixtureSeeds = fixturesAvailable
  ? ['caffe/bvlc_googlenet.deploy.prototxt', 'caffe/detectnet.prototxt'].map((f) => readFixtureText(f))
  : [];

const words = [
  'layer {',
  'layers {',
  'input_shape {',
  'dim: ',
  'include { phase: TRAIN }',
  'type: "Input"',
  'num_output: ',
  'bottom: "data"',
];

describe('prototxt fuzzing', () => {
  it(
    '2,000 mutated deploy files parse, or fail with PROTOTXT_INVALID naming a line',
    () => {
      const target: FuzzTarget<string> = {
        name: 'prototxt',
        seed: 11,
        cases: 2000,
        seeds: [SMALL_NET, MINI_NET],
        mutate: textMutator({ nestOpen: 'm {', nestClose: '}', words }),
        parse: (text) => {
          const net = parsePrototxt(text, 'deploy.prototxt');
          const layers = deployLayers(net);
          return inputShapes(net, layers);
        },
        codes: ['PROTOTXT_INVALID'],
        sizeOf: (text) => text.length,
      };
      const report = runFuzz(target);
      expectNoFuzzFailures(report);
      expect(report.results).toBeGreaterThan(100);
      expect(report.errors.PROTOTXT_INVALID).toBeGreaterThan(100);
    },
    FUZZ_TEST_TIMEOUT_MS,
  );

  it.skipIf(!fixturesAvailable)(
    fixtureSuite('300 mutations of the real GoogLeNet and DetectNet deploy files'),
    () => {
      const report = runFuzz({
        name: 'prototxt-fixtures',
        seed: 12,
        cases: 300,
        seeds: fixtureSeeds,
        mutate: textMutator({ nestOpen: 'm {', nestClose: '}', words }),
        parse: (text) => inputShapes(parsePrototxt(text, 'deploy.prototxt')),
        codes: ['PROTOTXT_INVALID'],
        sizeOf: (text) => text.length,
      });
      expectNoFuzzFailures(report);
    },
    FUZZ_TEST_TIMEOUT_MS,
  );

  it(
    '400 deploy files with values of the wrong kind or size convert, or fail with an AppError',
    () => {
      const caffemodel = readCaffeModel(miniCaffeModel(3), 'mini.caffemodel');
      const report = runFuzz({
        name: 'caffe-conversion',
        seed: 13,
        cases: 400,
        seeds: [MINI_NET],
        mutate: (text, random) => retypeValue(text, random, random() < 0.8),
        parse: (text) => convertCaffeToOnnx({ prototxt: text, caffemodel, name: 'mini', mean: [1, 2, 3, 4] }).summary.outputs,
        codes: ['PROTOTXT_INVALID', 'CAFFEMODEL_INVALID', 'MEAN_INVALID'],
        sizeOf: (text) => text.length + 64 * 1024,
      });
      expectNoFuzzFailures(report);
      expect(report.results).toBeGreaterThan(20);
    },
    FUZZ_TEST_TIMEOUT_MS,
  );
});

describe('prototxt regressions found by fuzzing', () => {
  const code = (f: () => unknown): string | undefined => {
    try {
      f();
      return undefined;
    } catch (error) {
      return error instanceof AppError ? error.code : `${(error as Error).name}: ${(error as Error).message}`;
    }
  };

  it('100,000 nested messages are refused at the depth limit instead of overflowing the stack', () => {
    const text = 'a {'.repeat(100_000);
    expect(() => parsePrototxt(text, 'deep.prototxt')).toThrow(
      `deep.prototxt line 1, column ${3 * MAX_PROTOTXT_DEPTH + 3}: messages are nested`,
    );
    expect(code(() => parsePrototxt(text))).toBe('PROTOTXT_INVALID');
  });

  it('nesting up to the limit still parses', () => {
    const text = 'a {'.repeat(MAX_PROTOTXT_DEPTH) + '}'.repeat(MAX_PROTOTXT_DEPTH);
    expect(parsePrototxt(text).messages('a')).toHaveLength(1);
  });

  it('a fractional kernel size is refused where it is written, not by the ONNX writer after conversion', () => {
    const caffemodel = readCaffeModel(miniCaffeModel(3), 'mini.caffemodel');
    const prototxt = MINI_NET.replace('kernel_size: 3 stride: 2 pad: 1', 'kernel_size: 0.5 stride: 2 pad: 1');
    expect(() => convertCaffeToOnnx({ prototxt, caffemodel, name: 'mini' })).toThrow(
      "field 'kernel_size' should be a whole number from 0 to 4294967295, found number 0.5",
    );
  });

  it('an input of 100000 x 100000 pixels is refused before anything is sized by it', () => {
    const prototxt = MINI_NET.replace('dim: 10 dim: 11', 'dim: 100000 dim: 100000');
    expect(code(() => inputShapes(parsePrototxt(prototxt)))).toBe('PROTOTXT_INVALID');
    expect(() => inputShapes(parsePrototxt(prototxt))).toThrow('input 100000x100000 is larger than 4096 pixels on a side');
    expect(() => inputShapes(parsePrototxt(MINI_NET.replace('dim: 10', 'dim: -10')))).toThrow('must be whole numbers >= 1, found -10');
  });

  it('a 100,000-character token is quoted only in part', () => {
    let message = '';
    try {
      parsePrototxt(`name: "x" ${'a'.repeat(100_000)} 1`);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^prototxt line 1, column 100012: expected ':' or '\{' after 'a{60}\.\.\.' but found '1'$/);
  });
});
