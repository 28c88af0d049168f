import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureSuite, fixturesAvailable, readFixtureText } from '../onnx/testing/fixtures';
import { parsePrototxt } from './prototxt';
import type { PrototxtMessage } from './prototxt';
import { deployLayers, filterLayers, inputShapes, netLayers } from './netSpec';
import type { NetState } from './netSpec';

const names = (text: string, state: NetState) => filterLayers(parsePrototxt(text), state).map((l) => l.name);
const TRAIN: NetState = { phase: 'TRAIN', level: 0, stages: [] };
const TEST: NetState = { phase: 'TEST', level: 0, stages: [] };

describe("Caffe's NetStateRule semantics", () => {
  const net = `
    layer { name: "always" type: "ReLU" }
    layer { name: "train" type: "ReLU" include { phase: TRAIN } }
    layer { name: "test_by_number" type: "ReLU" include { phase: 1 } }
    layer { name: "train_or_val" type: "ReLU" include { phase: TRAIN } include { phase: TEST stage: "val" } }
    layer { name: "not_train" type: "ReLU" exclude { phase: TRAIN } }
    layer { name: "a_and_b" type: "ReLU" include { stage: "a" stage: "b" } }
    layer { name: "not_val" type: "ReLU" include { not_stage: "val" } }
    layer { name: "level_1_to_2" type: "ReLU" include { min_level: 1 max_level: 2 } }
  `;

  it('includes a layer if any include rule matches, or, without include rules, unless an exclude rule matches', () => {
    expect(names(net, TRAIN)).toEqual(['always', 'train', 'train_or_val', 'not_val']);
    expect(names(net, TEST)).toEqual(['always', 'test_by_number', 'not_train', 'not_val']);
    expect(names(net, { ...TEST, stages: ['val'] })).toEqual(['always', 'test_by_number', 'train_or_val', 'not_train']);
  });

  it("needs ALL of a rule's stages and NONE of its not_stages, and checks levels", () => {
    expect(names(net, { ...TEST, stages: ['a'] })).not.toContain('a_and_b');
    expect(names(net, { ...TEST, stages: ['b', 'a'] })).toContain('a_and_b');
    expect(names(net, { ...TEST, level: 1 })).toContain('level_1_to_2');
    expect(names(net, { ...TEST, level: 3 })).not.toContain('level_1_to_2');
  });

  it('refuses a layer with both include and exclude rules, naming it and its line', () => {
    expect(() => names('\nlayer { name: "x" type: "ReLU" include { phase: TEST } exclude { phase: TRAIN } }', TEST)).toThrow(
      "prototxt line 2, column 1: layer 'x' specifies both include and exclude rules; Caffe allows only one kind",
    );
  });

  it('reads deprecated V1 `layers {}` with enum types, and refuses a mix with `layer {}`', () => {
    const v1 = netLayers(parsePrototxt('layers { name: "c" type: CONVOLUTION bottom: "data" top: "c" } layers { name: "r" type: 18 }'));
    expect(v1.map((l) => [l.name, l.type, l.legacy])).toEqual([
      ['c', 'Convolution', true],
      ['r', 'ReLU', true],
    ]);
    expect(() => netLayers(parsePrototxt('layer { name: "a" type: "ReLU" } layers { name: "b" type: RELU }'))).toThrow(
      /mixes 'layer' and deprecated 'layers'/,
    );
  });
});

describe('inputShapes', () => {
  it('reads input + input_dim, input + input_shape and Input layers', () => {
    expect(inputShapes(parsePrototxt('input: "data" input_dim: 10 input_dim: 3 input_dim: 227 input_dim: 227'))).toEqual([
      { name: 'data', dims: [10, 3, 227, 227] },
    ]);
    expect(inputShapes(parsePrototxt('input: "a" input_shape { dim: 1 dim: 2 } input: "b" input_shape { dim: 3 }'))).toEqual([
      { name: 'a', dims: [1, 2] },
      { name: 'b', dims: [3] },
    ]);
    const layers = 'layer { name: "in" type: "Input" top: "x" top: "y" input_param { shape: { dim: [1, 3, 8, 8] } } }';
    expect(inputShapes(parsePrototxt(layers))).toEqual([
      { name: 'x', dims: [1, 3, 8, 8] },
      { name: 'y', dims: [1, 3, 8, 8] },
    ]);
  });

  it('only counts Input layers of the state asked for', () => {
    const text = `layer { name: "train_in" type: "Input" top: "data" input_param { shape { dim: 64 } } include { phase: TRAIN } }
                  layer { name: "deploy_in" type: "Input" top: "data" input_param { shape { dim: 1 } } include { phase: TEST not_stage: "val" } }`;
    expect(inputShapes(parsePrototxt(text))).toEqual([{ name: 'data', dims: [1] }]);
  });

  it('explains inconsistent input declarations', () => {
    expect(() => inputShapes(parsePrototxt('input: "data" input_dim: 1 input_dim: 3'))).toThrow(
      '1 net inputs need 1 input_shape or 4 input_dim entries; found 0 and 2',
    );
    expect(() => inputShapes(parsePrototxt('layer { name: "in" type: "Input" top: "x" }'))).toThrow(/Input layer 'in' gives no shape/);
  });
});

describe.skipIf(!fixturesAvailable)(fixtureSuite('detectnet.prototxt phases'), () => {
  // Read in beforeAll, not at collection: a skipped suite's body still runs.
  let net: PrototxtMessage;
  let all: string[];
  let deploy: string[];
  let val: string[];
  let train: string[];

  beforeAll(() => {
    net = parsePrototxt(readFixtureText('caffe/detectnet.prototxt'), 'detectnet.prototxt');
    all = netLayers(net).map((l) => l.name);
    deploy = deployLayers(net).map((l) => l.name);
    val = filterLayers(net, { phase: 'TEST', level: 0, stages: ['val'] }).map((l) => l.name);
    train = filterLayers(net, { phase: 'TRAIN', level: 0, stages: ['train'] }).map((l) => l.name);
  });

  it('deploys the Input and Power transform, the conv net, coverage/bboxes and the cluster layer, and nothing for training or validation', () => {
    const deployOnly = deploy.filter((n) => !val.includes(n) || !train.includes(n));
    expect(deployOnly).toEqual(['deploy_data', 'deploy_transform', 'cluster']);
    for (const gone of [
      'train_data',
      'val_data',
      'train_transform',
      'val_transform',
      'slice-label',
      'bbox_loss',
      'coverage_loss',
      'cluster_gt',
      'score',
      'mAP',
    ]) {
      expect(deploy).not.toContain(gone);
    }
    expect(deploy.slice(0, 3)).toEqual(['deploy_data', 'deploy_transform', 'conv1/7x7_s2']);
    expect(deploy.slice(-4)).toEqual(['cvg/classifier', 'coverage/sig', 'bbox/regressor', 'cluster']);
    expect([deploy.length, val.length, train.length, all.length]).toEqual([144, 159, 155, 164]);
  });

  it('gives the same deploy net for stage "deploy" and for no stage at all', () => {
    expect(filterLayers(net, { phase: 'TEST', level: 0, stages: [] }).map((l) => l.name)).toEqual(deploy);
  });

  it('reads the deploy input shape from the Input layer', () => {
    expect(inputShapes(net)).toEqual([{ name: 'data', dims: [1, 3, 640, 640] }]);
  });
});
