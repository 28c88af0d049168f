import { beforeAll, describe, expect, it } from 'vitest';
import { parsePrototxt } from '../caffe/prototxt';
import { deployLayers, inputShapes } from '../caffe/netSpec';
import { buildDetectNet, DETECTNET_INPUT, DETECTNET_OUTPUTS } from './detectnet';
import { decodeModel, encodeModel } from './schema';
import type { ModelProto, ValueInfoProto } from './schema';
import { compareWithCaffe } from '../caffe/testing/compareWithCaffe';
import type { CaffeComparison } from '../caffe/testing/compareWithCaffe';
import { fixtureSuite, fixturesAvailable, readFixtureText } from './testing/fixtures';

let decoded: ModelProto;
let builtParameters: number;

const dims = (v: ValueInfoProto) => v.type?.tensorType?.shape?.dim?.map((d) => d.dimParam ?? d.dimValue);

beforeAll(() => {
  const built = buildDetectNet(1);
  builtParameters = built.parameterCount;
  decoded = decodeModel(encodeModel(built.model));
});

describe('DetectNet model file', () => {
  it('takes `data` [N,3,512,1024] and gives `coverage` [N,1,32,64] and `bboxes` [N,4,32,64] (stride 16)', () => {
    expect(decoded.graph.input?.map((i) => [i.name, dims(i)])).toEqual([[DETECTNET_INPUT.name, ['N', 3, 512, 1024]]]);
    expect(decoded.graph.output?.map((o) => [o.name, dims(o)])).toEqual([
      [DETECTNET_OUTPUTS.coverage.name, ['N', 1, 32, 64]],
      [DETECTNET_OUTPUTS.bboxes.name, ['N', 4, 32, 64]],
    ]);
  });
});

describe.skipIf(!fixturesAvailable)(fixtureSuite('DetectNet against the deploy phase of detectnet.prototxt'), () => {
  let comparison: CaffeComparison;
  let skipped: string[];

  beforeAll(() => {
    const net = parsePrototxt(readFixtureText('caffe/detectnet.prototxt'), 'detectnet.prototxt');
    const layers = deployLayers(net);
    // The Python clustering layer runs in the app (JS), not in the graph.
    skipped = layers.filter((l) => l.type === 'Python').map((l) => l.name);
    // The prototxt's Input layer says 640x640; the lab (and our model) runs 1024x512.
    const inputs = inputShapes(net).map((b) => ({ ...b, dims: [1, 3, 512, 1024] }));
    comparison = compareWithCaffe(
      decoded,
      layers.filter((l) => l.type !== 'Python'),
      inputs,
    );
  });

  it('leaves out only the Python cluster layer', () => {
    expect(skipped).toEqual(['cluster']);
  });

  it('matches every deploy layer: deploy_transform, GoogLeNet body without pool4/pool5, cvg/classifier, bbox/regressor', () => {
    expect(comparison.problems).toEqual([]);
    expect(comparison.checked).toEqual({ Power: 1, Convolution: 59, ReLU: 57, Pooling: 12, LRN: 2, Concat: 9, Sigmoid: 1 });
  });

  it('produces the grid Caffe computes at 512x1024', () => {
    const top = (name: string) => comparison.shapes.find((s) => s.layer.tops.includes(name))?.outputs[0];
    expect(top('coverage')).toEqual([1, 1, 32, 64]);
    expect(top('bboxes')).toEqual([1, 4, 32, 64]);
  });

  it('has exactly the parameters the prototxt implies', () => {
    expect(comparison.onnxParameters).toBe(comparison.caffeParameters);
    expect(builtParameters).toBe(comparison.caffeParameters);
    expect(comparison.caffeParameters).toBe(5_978_677);
  });
});
