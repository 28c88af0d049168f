// npx tsx scripts/bench-caffe-convert.ts [--runs 5]
// Times the Caffe importer on a 53 MB-class GoogLeNet caffemodel, in Node (same JS as the
// browser worker runs). The file is made here: the deploy layers' seeded weights plus the
// training-only auxiliary classifiers (loss1/*, loss2/*) with their real shapes, which is why
// the Model Zoo's bvlc_googlenet.caffemodel is 53 MB while the deploy net has 7.0 M values.
// Both encodings are timed: current `layer` + `shape` and the Zoo file's V1 + legacy dims.
import { elementCount } from '../src/domain/tensor';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readCaffeModel } from '../src/caffe/caffemodel';
import { convertCaffeToOnnx } from '../src/caffe/convert';
import { layersForPrototxt, writeCaffeModel } from '../src/caffe/testing/writeCaffeModel';
import type { LayerToWrite } from '../src/caffe/testing/writeCaffeModel';
import { CLASSIFIER_GAIN } from '../src/onnx/googlenet';
import { fillGaussian, streamFor } from '../src/onnx/seededRandom';
import { fixturePath } from '../src/onnx/testing/fixtures';
import { syntheticWeights } from '../src/onnx/weightInit';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Math.max(1, Number(values.runs));

/** The auxiliary classifiers of BVLC GoogLeNet's train_val.prototxt (after inception_4a and 4d). */
function auxiliaryLayers(): LayerToWrite[] {
  const blob = (name: string, shape: number[]) => ({
    shape,
    data: fillGaussian(new Float32Array(elementCount(shape)), streamFor(1, name), 0.01),
  });
  return [
    ['loss1', 512],
    ['loss2', 528],
  ].flatMap(([prefix, channels]) => [
    {
      name: `${prefix}/conv`,
      type: 'Convolution',
      blobs: [blob(`${prefix}/conv_w`, [128, channels as number, 1, 1]), blob(`${prefix}/conv_b`, [128])],
    },
    { name: `${prefix}/fc`, type: 'InnerProduct', blobs: [blob(`${prefix}/fc_w`, [1024, 2048]), blob(`${prefix}/fc_b`, [1024])] },
    {
      name: `${prefix}/classifier`,
      type: 'InnerProduct',
      blobs: [blob(`${prefix}/classifier_w`, [1000, 1024]), blob(`${prefix}/classifier_b`, [1000])],
    },
  ]);
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function time<T>(fn: () => T): { ms: number; value: T } {
  const start = performance.now();
  const value = fn();
  return { ms: performance.now() - start, value };
}

const prototxt = readFileSync(fixturePath('caffe/bvlc_googlenet.deploy.prototxt'), 'utf8');
const layers = [
  ...layersForPrototxt(prototxt, syntheticWeights({ seed: 1, gain: { 'loss3/classifier': CLASSIFIER_GAIN } })),
  ...auxiliaryLayers(),
];

console.log(`Caffe import benchmark, Node ${process.version}, median of ${runs}`);
for (const [label, options] of [
  ['layer + shape', {}],
  ['V1 + legacy dims', { format: 'V1', legacyShapes: true }],
] as const) {
  const bytes = writeCaffeModel(layers, options);
  const decode: number[] = [];
  const convert: number[] = [];
  const total: number[] = [];
  let onnxBytes = 0;
  for (let i = 0; i < runs; i++) {
    const decoded = time(() => readCaffeModel(bytes, 'bvlc_googlenet.caffemodel'));
    decode.push(decoded.ms);
    const converted = time(() => convertCaffeToOnnx({ prototxt, caffemodel: decoded.value, name: 'bvlc_googlenet' }));
    convert.push(converted.ms);
    onnxBytes = converted.value.model.length;
    total.push(time(() => convertCaffeToOnnx({ prototxt, caffemodel: bytes, name: 'bvlc_googlenet' })).ms);
  }
  console.log(
    `${label.padEnd(17)} caffemodel ${(bytes.length / 1e6).toFixed(1)} MB -> ONNX ${(onnxBytes / 1e6).toFixed(1)} MB | ` +
      `decode ${median(decode).toFixed(0)} ms, convert ${median(convert).toFixed(0)} ms, bytes -> ONNX bytes ${median(total).toFixed(0)} ms ` +
      `(first, cold run: ${((decode[0] ?? 0) + (convert[0] ?? 0)).toFixed(0)} ms)`,
  );
}
