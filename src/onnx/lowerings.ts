// Caffe layers that take several ONNX nodes, written against the builder's GraphOps: LRN in
// ops ONNX Runtime's WebGPU EP has, Eltwise as a chain of binary ops in Caffe's order, Scale
// (and folded BatchNorm) as Mul/Add with broadcast constants, Power in the fewest nodes, and
// end padding as Pad with its constants.
import { numericDim, spatial4d } from './graphTypes';
import type { Dim, EltwiseOptions, GraphOps, LrnOptions, PadOptions, PowerOptions, ScaleShiftOptions, TensorRef } from './graphTypes';
import { attribute as attr } from './schema';

/**
 * Caffe's across-channel LRN, y = x / (k + alpha/size * sum of x^2 over `size` channels)^beta,
 * written with ops that ONNX Runtime's WebGPU EP has (it has no LRN kernel, so an LRN node would
 * run on the CPU with two GPU<->CPU copies per layer). The channel-window sum is an AveragePool of
 * x^2 over a [N, 1, C, H*W] view with count_include_pad=1, which divides by `size` everywhere, so
 * alpha * average == alpha/size * sum exactly as Caffe and ONNX LRN define it.
 * The last node carries the layer's name; the others are `<name>/<step>`.
 */
export function lrn(g: GraphOps, o: LrnOptions): TensorRef {
  const [, channels, height, width] = spatial4d(o.input, `LRN '${o.name}'`);
  if (o.size % 2 !== 1) throw new Error(`LRN '${o.name}': local_size ${o.size} must be odd`);
  const half = (o.size - 1) / 2;
  const batch = o.input.dims[0] as Dim;
  const square = g.node('Mul', `${o.name}/square`, [o.input.name, o.input.name], undefined, o.input.dims, []);
  const columns = g.int64Initializer(`${o.name}/columns_shape`, [0, 1, channels, -1]);
  const asColumns = g.node('Reshape', `${o.name}/columns`, [square.name, columns], undefined, [batch, 1, channels, height * width], []);
  const windowMean = g.node('AveragePool', `${o.name}/window`, [asColumns.name], undefined, asColumns.dims, [
    attr.ints('kernel_shape', [o.size, 1]),
    attr.ints('strides', [1, 1]),
    attr.ints('pads', [half, 0, half, 0]),
    attr.int('count_include_pad', 1),
  ]);
  const planes = g.int64Initializer(`${o.name}/planes_shape`, [0, channels, height, width]);
  const meanSquare = g.node('Reshape', `${o.name}/planes`, [windowMean.name, planes], undefined, o.input.dims, []);
  const scaled = g.node(
    'Mul',
    `${o.name}/alpha`,
    [meanSquare.name, g.initializer(`${o.name}/alpha_value`, [], new Float32Array([o.alpha])).name],
    undefined,
    o.input.dims,
    [],
  );
  const shifted = g.node(
    'Add',
    `${o.name}/k`,
    [scaled.name, g.initializer(`${o.name}/k_value`, [], new Float32Array([o.bias ?? 1])).name],
    undefined,
    o.input.dims,
    [],
  );
  const denominator = g.node(
    'Pow',
    `${o.name}/beta`,
    [shifted.name, g.initializer(`${o.name}/beta_value`, [], new Float32Array([o.beta])).name],
    undefined,
    o.input.dims,
    [],
  );
  return g.node('Div', o.name, [o.input.name, denominator.name], o.output, o.input.dims, []);
}

/**
 * Caffe Eltwise as a chain of binary ops in input order, as Caffe accumulates: SUM is
 * ((c0*x0 + c1*x1) + c2*x2)..., skipping factors of 1; PROD chains Mul. MAX is
 * Where(Greater(b, a), b, a), not ONNX Max: ONNX Runtime's WebGPU EP has no Max kernel (it
 * would run on the CPU with copies both ways), and Where keeps Caffe's "first maximum wins".
 * Intermediate nodes are `<name>/<step>`; the last node carries the layer's name.
 */
export function eltwise(g: GraphOps, o: EltwiseOptions): TensorRef {
  const [first, ...rest] = o.inputs;
  if (!first || rest.length === 0) throw new Error(`Eltwise '${o.name}' needs at least two inputs`);
  for (const t of rest) {
    if (t.dims.join(',') !== first.dims.join(',')) {
      throw new Error(`Eltwise '${o.name}': '${t.name}' [${t.dims.join(', ')}] does not match '${first.name}' [${first.dims.join(', ')}]`);
    }
  }
  const coeffs = o.coeffs ?? [];
  if (coeffs.length > 0 && (o.operation !== 'SUM' || coeffs.length !== o.inputs.length)) {
    throw new Error(`Eltwise '${o.name}': coeffs need operation SUM and one per input (${o.inputs.length}), got ${coeffs.length}`);
  }
  const scaled = o.inputs.map((t, i) => {
    const c = coeffs[i] ?? 1;
    if (c === 1) return t;
    const factor = g.initializer(`${o.name}/coeff_${i}_value`, [], new Float32Array([c]));
    return g.node('Mul', `${o.name}/coeff_${i}`, [t.name, factor.name], undefined, t.dims, []);
  });
  let acc = scaled[0] as TensorRef;
  scaled.slice(1).forEach((t, i) => {
    const last = i === scaled.length - 2;
    const name = last ? o.name : `${o.name}/${o.operation.toLowerCase()}_${i + 1}`;
    const output = last ? o.output : undefined;
    if (o.operation === 'SUM') acc = g.node('Add', name, [acc.name, t.name], output, first.dims, []);
    else if (o.operation === 'PROD') acc = g.node('Mul', name, [acc.name, t.name], output, first.dims, []);
    else {
      const greater = g.node('Greater', `${name}/greater`, [t.name, acc.name], undefined, first.dims, []);
      acc = g.node('Where', name, [greater.name, t.name, acc.name], output, first.dims, []);
    }
  });
  return acc;
}

/**
 * y = x * scale + shift with per-channel (or per-`paramDims`) constants: Caffe's Scale layer,
 * and BatchNorm with its statistics folded into scale and shift. The constants get trailing
 * 1s so that they broadcast against the axes after the ones they cover.
 */
export function scaleShift(g: GraphOps, o: ScaleShiftOptions): TensorRef {
  const covered = o.input.dims.slice(o.axis, o.axis + o.paramDims.length);
  if (covered.length !== o.paramDims.length || covered.some((d, i) => d !== o.paramDims[i])) {
    throw new Error(
      `Scale '${o.name}': parameters [${o.paramDims.join(', ')}] do not match axes ${o.axis}.. of '${o.input.name}' [${o.input.dims.join(', ')}]`,
    );
  }
  const broadcast = [...o.paramDims, ...Array<number>(o.input.dims.length - o.axis - o.paramDims.length).fill(1)];
  const steps = [
    ...(o.scale ? [{ op: 'Mul', data: o.scale, suffix: 'scale' }] : []),
    ...(o.shift ? [{ op: 'Add', data: o.shift, suffix: 'shift' }] : []),
  ];
  if (steps.length === 0) return g.identity(o);
  let current = o.input;
  steps.forEach((step, i) => {
    const last = i === steps.length - 1;
    const constant = g.initializer(`${o.name}_${step.suffix}`, broadcast, step.data);
    const nodeName = last ? o.name : `${o.name}/${step.suffix}`;
    current = g.node(step.op, nodeName, [current.name, constant.name], last ? o.output : undefined, o.input.dims, []);
  });
  return current;
}

/** Caffe Power as the fewest ONNX nodes: Mul, Add, Pow, skipping identities. */
export function power(g: GraphOps, o: PowerOptions): TensorRef {
  const steps: Array<{ op: 'Mul' | 'Add' | 'Pow'; value: number; suffix: string }> = [];
  if ((o.scale ?? 1) !== 1) steps.push({ op: 'Mul', value: o.scale ?? 1, suffix: 'scale' });
  if ((o.shift ?? 0) !== 0) steps.push({ op: 'Add', value: o.shift ?? 0, suffix: 'shift' });
  if ((o.power ?? 1) !== 1) steps.push({ op: 'Pow', value: o.power ?? 1, suffix: 'power' });
  if (steps.length === 0) return g.node('Identity', o.name, [o.input.name], o.output, o.input.dims, []);
  let current = o.input;
  steps.forEach((step, i) => {
    const last = i === steps.length - 1;
    const constant = g.initializer(`${o.name}_${step.suffix}`, [], new Float32Array([step.value]));
    const nodeName = steps.length === 1 ? o.name : `${o.name}/${step.suffix}`;
    current = g.node(step.op, nodeName, [current.name, constant.name], last ? o.output : undefined, o.input.dims, []);
  });
  return current;
}

/** Constant padding after the end of each axis (ONNX Pad, opset 13). */
export function pad(g: GraphOps, o: PadOptions): TensorRef {
  if (o.end.length !== o.input.dims.length || o.end.some((e) => !Number.isInteger(e) || e < 0)) {
    throw new Error(`Pad '${o.name}': needs one end padding >= 0 per axis of [${o.input.dims.join(', ')}], got [${o.end.join(', ')}]`);
  }
  const dims = o.input.dims.map((d, i) => (o.end[i] === 0 ? d : numericDim(o.input, i) + (o.end[i] as number)));
  const pads = g.int64Initializer(`${o.name}/pads`, [...o.end.map(() => 0), ...o.end]);
  const value = g.initializer(`${o.name}/value`, [], new Float32Array([o.value]));
  return g.node('Pad', o.name, [o.input.name, pads, value.name], o.output, dims, []);
}
