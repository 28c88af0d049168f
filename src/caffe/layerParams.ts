// Caffe layer parameters with caffe.proto's defaults applied, for 2-D layers. One place
// knows that `stride` defaults to 1, that `kernel_h` wins over `kernel_size`, that pooling
// rounds up unless round_mode is FLOOR, so the importer and the tests cannot disagree.
import { PrototxtError } from './prototxt';
import type { PrototxtMessage } from './prototxt';
import type { CaffeLayer } from './netSpec';

export type HW = readonly [number, number];

export interface ConvolutionSpec {
  readonly numOutput: number;
  readonly biasTerm: boolean;
  readonly kernel: HW;
  readonly stride: HW;
  readonly pad: HW;
  readonly dilation: HW;
  readonly group: number;
}

export interface PoolingSpec {
  readonly method: 'MAX' | 'AVE' | 'STOCHASTIC';
  /** Undefined with global_pooling: the window is the whole input. */
  readonly kernel: HW | undefined;
  readonly stride: HW;
  readonly pad: HW;
  readonly globalPooling: boolean;
  readonly roundMode: 'CEIL' | 'FLOOR';
}

export interface LrnSpec {
  readonly localSize: number;
  readonly alpha: number;
  readonly beta: number;
  readonly k: number;
  readonly normRegion: 'ACROSS_CHANNELS' | 'WITHIN_CHANNEL';
}

export interface InnerProductSpec {
  readonly numOutput: number;
  readonly biasTerm: boolean;
  readonly axis: number;
  readonly transpose: boolean;
}

export interface PowerSpec {
  readonly power: number;
  readonly scale: number;
  readonly shift: number;
}

function fail(at: PrototxtMessage, reason: string): never {
  throw new PrototxtError(at.source, at.line, at.column, reason);
}

function param(layer: CaffeLayer, field: string): PrototxtMessage | undefined {
  return layer.spec.message(field);
}

/** Caffe's rule for 2-D sizes: `<name>_h`/`<name>_w` if given, else the repeated `<name>` (one value for both, or one per axis), else the default. */
function hw(p: PrototxtMessage | undefined, name: string, fallback: number | undefined, layer: CaffeLayer): HW | undefined {
  if (!p) return fallback === undefined ? undefined : [fallback, fallback];
  const h = p.uint32(`${name}_h`);
  const w = p.uint32(`${name}_w`);
  if (h !== undefined || w !== undefined) {
    if (h === undefined || w === undefined) fail(p, `layer '${layer.name}' sets only one of ${name}_h and ${name}_w`);
    return [h, w];
  }
  const values = p.uint32s(name === 'kernel' ? 'kernel_size' : name);
  if (values.length === 0) return fallback === undefined ? undefined : [fallback, fallback];
  if (values.length === 1) return [values[0] as number, values[0] as number];
  if (values.length === 2) return [values[0] as number, values[1] as number];
  return fail(p, `layer '${layer.name}' has ${values.length} ${name} values; only 2-D layers are supported`);
}

function enumName<T extends string>(p: PrototxtMessage | undefined, field: string, names: readonly T[], layer: CaffeLayer): T {
  const value = p?.enumValue(field);
  if (value === undefined) return names[0] as T;
  const found = typeof value === 'number' ? names[value] : names.find((n) => n === value);
  if (found === undefined)
    fail(p as PrototxtMessage, `layer '${layer.name}': ${field} must be one of ${names.join(', ')}, found '${value}'`);
  return found;
}

export function convolutionSpec(layer: CaffeLayer): ConvolutionSpec {
  const p = param(layer, 'convolution_param');
  const numOutput = p?.uint32('num_output');
  const kernel = hw(p, 'kernel', undefined, layer);
  if (!p || numOutput === undefined || kernel === undefined) {
    return fail(p ?? layer.spec, `Convolution layer '${layer.name}' needs convolution_param with num_output and a kernel size`);
  }
  return {
    numOutput,
    biasTerm: p.bool('bias_term', true),
    kernel,
    stride: hw(p, 'stride', 1, layer) as HW,
    pad: hw(p, 'pad', 0, layer) as HW,
    dilation: hw(p, 'dilation', 1, layer) as HW,
    group: p.uint32('group', 1),
  };
}

export function poolingSpec(layer: CaffeLayer): PoolingSpec {
  const p = param(layer, 'pooling_param');
  const globalPooling = p?.bool('global_pooling', false) ?? false;
  const kernel = hw(p, 'kernel', undefined, layer);
  if (!globalPooling && kernel === undefined) fail(p ?? layer.spec, `Pooling layer '${layer.name}' needs kernel_size or global_pooling`);
  return {
    method: enumName(p, 'pool', ['MAX', 'AVE', 'STOCHASTIC'] as const, layer),
    kernel: globalPooling ? undefined : kernel,
    stride: hw(p, 'stride', 1, layer) as HW,
    pad: hw(p, 'pad', 0, layer) as HW,
    globalPooling,
    roundMode: enumName(p, 'round_mode', ['CEIL', 'FLOOR'] as const, layer),
  };
}

export function lrnSpec(layer: CaffeLayer): LrnSpec {
  const p = param(layer, 'lrn_param');
  return {
    localSize: p?.uint32('local_size', 5) ?? 5,
    alpha: p?.number('alpha', 1) ?? 1,
    beta: p?.number('beta', 0.75) ?? 0.75,
    k: p?.number('k', 1) ?? 1,
    normRegion: enumName(p, 'norm_region', ['ACROSS_CHANNELS', 'WITHIN_CHANNEL'] as const, layer),
  };
}

export function innerProductSpec(layer: CaffeLayer): InnerProductSpec {
  const p = param(layer, 'inner_product_param');
  const numOutput = p?.uint32('num_output');
  if (!p || numOutput === undefined)
    return fail(p ?? layer.spec, `InnerProduct layer '${layer.name}' needs inner_product_param with num_output`);
  return { numOutput, biasTerm: p.bool('bias_term', true), axis: p.int32('axis', 1), transpose: p.bool('transpose', false) };
}

export function powerSpec(layer: CaffeLayer): PowerSpec {
  const p = param(layer, 'power_param');
  return { power: p?.number('power', 1) ?? 1, scale: p?.number('scale', 1) ?? 1, shift: p?.number('shift', 0) ?? 0 };
}
