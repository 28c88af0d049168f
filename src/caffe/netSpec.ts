// What a Caffe NetParameter (parsed prototxt) means for one network state: which layers
// Caffe instantiates (Net::FilterNet / Net::StateMeetsRule in caffe/src/caffe/net.cpp)
// and what shapes the network inputs have. Pure functions over the parsed tree.
import { MAX_INPUT_SIDE } from '../domain/manifest';
import { PrototxtError, type PrototxtMessage } from './prototxt';

export type Phase = 'TRAIN' | 'TEST';

/** Caffe's NetState: the phase, level and stages a Net is built for. */
export interface NetState {
  readonly phase: Phase;
  readonly level: number;
  readonly stages: readonly string[];
}

/**
 * The state DIGITS builds its deploy network with (phase TEST, stage "deploy"). Layers for
 * `stage: "val"` fail it, layers with `not_stage: "val"` or `stage: "deploy"` pass it, which
 * is how one DIGITS prototxt holds the train, val and deploy networks.
 */
export const DEPLOY_STATE: NetState = { phase: 'TEST', level: 0, stages: ['deploy'] };

export interface CaffeLayer {
  readonly name: string;
  /** The layer type as a current Caffe name (`Convolution`), also for V1 `layers {}` (`CONVOLUTION`). */
  readonly type: string;
  readonly bottoms: readonly string[];
  readonly tops: readonly string[];
  /** The whole layer message, for its `*_param` fields. */
  readonly spec: PrototxtMessage;
  /** Declared with the deprecated V1 `layers {}` syntax. */
  readonly legacy: boolean;
}

export interface InputBlob {
  readonly name: string;
  readonly dims: readonly number[];
}

// caffe/src/caffe/util/upgrade_proto.cpp, UpgradeV1LayerType: [V1 enum name, V1 enum number, type].
const V1_TYPES: ReadonlyArray<readonly [string, number, string]> = [
  ['ABSVAL', 35, 'AbsVal'],
  ['ACCURACY', 1, 'Accuracy'],
  ['ARGMAX', 30, 'ArgMax'],
  ['BNLL', 2, 'BNLL'],
  ['CONCAT', 3, 'Concat'],
  ['CONTRASTIVE_LOSS', 37, 'ContrastiveLoss'],
  ['CONVOLUTION', 4, 'Convolution'],
  ['DATA', 5, 'Data'],
  ['DECONVOLUTION', 39, 'Deconvolution'],
  ['DROPOUT', 6, 'Dropout'],
  ['DUMMY_DATA', 32, 'DummyData'],
  ['EUCLIDEAN_LOSS', 7, 'EuclideanLoss'],
  ['ELTWISE', 25, 'Eltwise'],
  ['EXP', 38, 'Exp'],
  ['FLATTEN', 8, 'Flatten'],
  ['HDF5_DATA', 9, 'HDF5Data'],
  ['HDF5_OUTPUT', 10, 'HDF5Output'],
  ['HINGE_LOSS', 28, 'HingeLoss'],
  ['IM2COL', 11, 'Im2col'],
  ['IMAGE_DATA', 12, 'ImageData'],
  ['INFOGAIN_LOSS', 13, 'InfogainLoss'],
  ['INNER_PRODUCT', 14, 'InnerProduct'],
  ['LRN', 15, 'LRN'],
  ['MEMORY_DATA', 29, 'MemoryData'],
  ['MULTINOMIAL_LOGISTIC_LOSS', 16, 'MultinomialLogisticLoss'],
  ['MVN', 34, 'MVN'],
  ['POOLING', 17, 'Pooling'],
  ['POWER', 26, 'Power'],
  ['RELU', 18, 'ReLU'],
  ['SIGMOID', 19, 'Sigmoid'],
  ['SIGMOID_CROSS_ENTROPY_LOSS', 27, 'SigmoidCrossEntropyLoss'],
  ['SILENCE', 36, 'Silence'],
  ['SOFTMAX', 20, 'Softmax'],
  ['SOFTMAX_LOSS', 21, 'SoftmaxWithLoss'],
  ['SPLIT', 22, 'Split'],
  ['SLICE', 33, 'Slice'],
  ['TANH', 23, 'TanH'],
  ['WINDOW_DATA', 24, 'WindowData'],
  ['THRESHOLD', 31, 'Threshold'],
];

function fail(at: PrototxtMessage, reason: string): never {
  throw new PrototxtError(at.source, at.line, at.column, reason);
}

/** The current type name of a V1 `LayerType` given as its enum name (`CONVOLUTION`) or number (4). */
export function v1LayerTypeName(value: string | number): string | undefined {
  return V1_TYPES.find(([enumName, number]) => value === enumName || value === number)?.[2];
}

/** The V1 `LayerType` number of a current type name (`Convolution` -> 4), for writing V1 files. */
export function v1LayerTypeNumber(type: string): number | undefined {
  return V1_TYPES.find(([, , current]) => current === type)?.[1];
}

function v1Type(spec: PrototxtMessage, name: string): string {
  const written = spec.enumValue('type');
  const type = written === undefined ? undefined : v1LayerTypeName(written);
  if (type === undefined) fail(spec, `layer '${name}' has unknown V1 layer type '${String(written)}'`);
  return type;
}

/** Every layer in file order, from `layer {}` or (deprecated V1) `layers {}`. */
export function netLayers(net: PrototxtMessage): CaffeLayer[] {
  const current = net.messages('layer');
  const legacy = net.messages('layers');
  if (current.length > 0 && legacy.length > 0) {
    // Caffe's UpgradeNetAsNeeded refuses this too: the two lists cannot be ordered together.
    fail(legacy[0] as PrototxtMessage, "the net mixes 'layer' and deprecated 'layers' entries; use one of them");
  }
  return [...current, ...legacy].map((spec, index) => {
    const isLegacy = legacy.length > 0;
    const name = spec.string('name', `(unnamed layer ${index})`);
    const type = isLegacy ? v1Type(spec, name) : spec.string('type');
    if (type === undefined) fail(spec, `layer '${name}' has no type`);
    return { name, type, bottoms: spec.strings('bottom'), tops: spec.strings('top'), spec, legacy: isLegacy };
  });
}

function rulePhase(rule: PrototxtMessage): Phase | undefined {
  const phase = rule.enumValue('phase');
  if (phase === undefined) return undefined;
  if (phase === 'TRAIN' || phase === 0) return 'TRAIN';
  if (phase === 'TEST' || phase === 1) return 'TEST';
  return fail(rule, `phase must be TRAIN or TEST, found '${String(phase)}'`);
}

/** Net::StateMeetsRule: phase matches, level within bounds, ALL `stage`s present, NO `not_stage` present. */
export function stateMeetsRule(state: NetState, rule: PrototxtMessage): boolean {
  const phase = rulePhase(rule);
  if (phase !== undefined && phase !== state.phase) return false;
  const minLevel = rule.number('min_level');
  if (minLevel !== undefined && state.level < minLevel) return false;
  const maxLevel = rule.number('max_level');
  if (maxLevel !== undefined && state.level > maxLevel) return false;
  if (!rule.strings('stage').every((stage) => state.stages.includes(stage))) return false;
  return !rule.strings('not_stage').some((stage) => state.stages.includes(stage));
}

/** Net::FilterNet: with no include rules a layer is in unless an exclude rule matches; with include rules it is in only if one matches. */
export function layerIncluded(layer: CaffeLayer, state: NetState): boolean {
  const include = layer.spec.messages('include');
  const exclude = layer.spec.messages('exclude');
  if (include.length > 0 && exclude.length > 0) {
    fail(layer.spec, `layer '${layer.name}' specifies both include and exclude rules; Caffe allows only one kind`);
  }
  if (include.length > 0) return include.some((rule) => stateMeetsRule(state, rule));
  return !exclude.some((rule) => stateMeetsRule(state, rule));
}

export function filterLayers(net: PrototxtMessage, state: NetState): CaffeLayer[] {
  return netLayers(net).filter((layer) => layerIncluded(layer, state));
}

/** The layers of the deploy network: phase TEST, stage "deploy" (so not stage "val"). */
export function deployLayers(net: PrototxtMessage): CaffeLayer[] {
  return filterLayers(net, DEPLOY_STATE);
}

/** Every dim a whole number >= 1, and an image input's height and width at most MAX_INPUT_SIDE. */
function shapeDims(shape: PrototxtMessage): number[] {
  const dims = shape.numbers('dim');
  checkDims(shape, dims);
  return dims;
}

function checkDims(at: PrototxtMessage, dims: readonly number[]): void {
  const bad = dims.find((d) => !Number.isInteger(d) || d < 1);
  if (bad !== undefined) fail(at, `input dims [${dims.join(', ')}] must be whole numbers >= 1, found ${bad}`);
  if (dims.length === 4 && Math.max(dims[2] as number, dims[3] as number) > MAX_INPUT_SIDE) {
    fail(at, `input ${dims[2]}x${dims[3]} is larger than ${MAX_INPUT_SIDE} pixels on a side, the most this app feeds a network`);
  }
}

/**
 * Network input shapes, from any of Caffe's three spellings: the deprecated net-level
 * `input:` with `input_shape {}` or four `input_dim:` per input, and `Input` layers
 * (one `shape` for all tops, or one per top). Pass the layers of the state you build.
 */
export function inputShapes(net: PrototxtMessage, layers: readonly CaffeLayer[] = deployLayers(net)): InputBlob[] {
  const blobs: InputBlob[] = [];
  const names = net.strings('input');
  const shapes = net.messages('input_shape');
  const dims = net.numbers('input_dim');
  if (names.length > 0) {
    if (shapes.length === names.length) {
      names.forEach((name, i) => blobs.push({ name, dims: shapeDims(shapes[i] as PrototxtMessage) }));
    } else if (shapes.length === 0 && dims.length === 4 * names.length) {
      names.forEach((name, i) => {
        const inputDims = dims.slice(4 * i, 4 * i + 4);
        checkDims(net, inputDims);
        blobs.push({ name, dims: inputDims });
      });
    } else {
      fail(
        net,
        `${names.length} net inputs need ${names.length} input_shape or ${4 * names.length} input_dim entries; found ${shapes.length} and ${dims.length}`,
      );
    }
  }
  for (const layer of layers) {
    if (layer.type !== 'Input') continue;
    const layerShapes = layer.spec.message('input_param')?.messages('shape') ?? [];
    if (layerShapes.length === 0) {
      fail(
        layer.spec,
        `Input layer '${layer.name}' gives no shape (Caffe leaves it to be reshaped by hand); add input_param { shape { dim: ... } }`,
      );
    }
    if (layerShapes.length !== 1 && layerShapes.length !== layer.tops.length) {
      fail(
        layer.spec,
        `Input layer '${layer.name}' has ${layer.tops.length} tops and ${layerShapes.length} shapes; give one shape, or one per top`,
      );
    }
    layer.tops.forEach((name, i) => blobs.push({ name, dims: shapeDims((layerShapes[i] ?? layerShapes[0]) as PrototxtMessage) }));
  }
  return blobs;
}
