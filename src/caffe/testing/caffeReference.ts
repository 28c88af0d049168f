// Test support: a naive Caffe forward pass in JS (double precision), written from Caffe's layer
// sources (conv_layer, pooling_layer.cpp, lrn_layer.cpp, eltwise_layer.cpp, batch_norm_layer.cpp,
// scale_layer.cpp...), independent of the ONNX lowering. Converted models are checked against
// it on small nets, so a semantic slip (pooling divisor, BatchNorm factor, Eltwise coeffs,
// transposed InnerProduct) shows up as a number, not just as a plausible-looking graph.
import { elementCount } from '../../domain/tensor';
import { caffePoolOutputHW, convOutputSize } from '../../onnx/shapes';
import type { CaffeModel } from '../caffemodel';
import { convolutionSpec, innerProductSpec, lrnSpec, poolingSpec, powerSpec } from '../layerParams';
import type { CaffeLayer } from '../netSpec';

export interface RefTensor {
  readonly shape: readonly number[];
  readonly data: Float64Array;
}

function blobs(model: CaffeModel, layer: CaffeLayer): Float32Array[] {
  return model.layers.get(layer.name)?.blobs.map((b) => b.data) ?? [];
}

function conv(x: RefTensor, layer: CaffeLayer, model: CaffeModel): RefTensor {
  const s = convolutionSpec(layer);
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const [kh, kw] = s.kernel;
  const out = (size: number, i: 0 | 1) =>
    convOutputSize({ size, kernel: s.kernel[i], stride: s.stride[i], padBegin: s.pad[i], padEnd: s.pad[i], dilation: s.dilation[i] });
  const [oh, ow] = [out(h, 0), out(w, 1)];
  const [weights, bias] = blobs(model, layer) as [Float32Array, Float32Array | undefined];
  const cin = c / s.group;
  const cout = s.numOutput / s.group;
  const y = new Float64Array(n * s.numOutput * oh * ow);
  for (let b = 0; b < n; b++)
    for (let o = 0; o < s.numOutput; o++) {
      const g = Math.floor(o / cout);
      for (let oy = 0; oy < oh; oy++)
        for (let ox = 0; ox < ow; ox++) {
          let sum = s.biasTerm ? (bias?.[o] as number) : 0;
          for (let ci = 0; ci < cin; ci++)
            for (let ky = 0; ky < kh; ky++)
              for (let kx = 0; kx < kw; kx++) {
                const iy = oy * s.stride[0] - s.pad[0] + ky * s.dilation[0];
                const ix = ox * s.stride[1] - s.pad[1] + kx * s.dilation[1];
                if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                sum +=
                  (weights[((o * cin + ci) * kh + ky) * kw + kx] as number) *
                  (x.data[((b * c + g * cin + ci) * h + iy) * w + ix] as number);
              }
          y[((b * s.numOutput + o) * oh + oy) * ow + ox] = sum;
        }
    }
  return { shape: [n, s.numOutput, oh, ow], data: y };
}

/** Caffe's float max: MAX pooling starts every window from -FLT_MAX, so an empty window stays there. */
const FLT_MAX = 3.4028234663852886e38;

/** PoolingLayer: Reshape's sizes and Forward_cpu's windows, MAX and AVE. */
function pool(x: RefTensor, layer: CaffeLayer): RefTensor {
  const s = poolingSpec(layer);
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const [kh, kw] = s.kernel ?? [h, w];
  const [sh, sw] = s.globalPooling ? [1, 1] : s.stride;
  const [ph, pw] = s.globalPooling ? [0, 0] : s.pad;
  const [oh, ow] = caffePoolOutputHW([h, w], [kh, kw], [sh, sw], [ph, pw], s.roundMode);
  const y = new Float64Array(n * c * oh * ow);
  for (let p = 0; p < n * c; p++)
    for (let oy = 0; oy < oh; oy++)
      for (let ox = 0; ox < ow; ox++) {
        let hs = oy * sh - ph;
        let ws = ox * sw - pw;
        let value: number;
        if (s.method === 'MAX') {
          const he = Math.min(hs + kh, h);
          const we = Math.min(ws + kw, w);
          hs = Math.max(hs, 0);
          ws = Math.max(ws, 0);
          value = -FLT_MAX;
          for (let iy = hs; iy < he; iy++)
            for (let ix = ws; ix < we; ix++) value = Math.max(value, x.data[(p * h + iy) * w + ix] as number);
        } else {
          let he = Math.min(hs + kh, h + ph);
          let we = Math.min(ws + kw, w + pw);
          const size = (he - hs) * (we - ws);
          hs = Math.max(hs, 0);
          ws = Math.max(ws, 0);
          he = Math.min(he, h);
          we = Math.min(we, w);
          let sum = 0;
          for (let iy = hs; iy < he; iy++) for (let ix = ws; ix < we; ix++) sum += x.data[(p * h + iy) * w + ix] as number;
          value = sum / size;
        }
        y[(p * oh + oy) * ow + ox] = value;
      }
  return { shape: [n, c, oh, ow], data: y };
}

function lrn(x: RefTensor, layer: CaffeLayer): RefTensor {
  const s = lrnSpec(layer);
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const half = (s.localSize - 1) / 2;
  const y = new Float64Array(x.data.length);
  for (let b = 0; b < n; b++)
    for (let ch = 0; ch < c; ch++)
      for (let i = 0; i < h * w; i++) {
        let sum = 0;
        for (let k = Math.max(0, ch - half); k <= Math.min(c - 1, ch + half); k++) sum += (x.data[(b * c + k) * h * w + i] as number) ** 2;
        const at = (b * c + ch) * h * w + i;
        y[at] = (x.data[at] as number) * (s.k + (s.alpha / s.localSize) * sum) ** -s.beta;
      }
  return { shape: x.shape, data: y };
}

function innerProduct(x: RefTensor, layer: CaffeLayer, model: CaffeModel): RefTensor {
  const s = innerProductSpec(layer);
  const n = x.shape[0] as number;
  const k = elementCount(x.shape) / n;
  const [weights, bias] = blobs(model, layer) as [Float32Array, Float32Array | undefined];
  const y = new Float64Array(n * s.numOutput);
  for (let b = 0; b < n; b++)
    for (let o = 0; o < s.numOutput; o++) {
      let sum = s.biasTerm ? (bias?.[o] as number) : 0;
      for (let i = 0; i < k; i++)
        sum += (s.transpose ? (weights[i * s.numOutput + o] as number) : (weights[o * k + i] as number)) * (x.data[b * k + i] as number);
      y[b * s.numOutput + o] = sum;
    }
  return { shape: [n, s.numOutput], data: y };
}

function softmax(x: RefTensor): RefTensor {
  const [n, c] = x.shape as [number, number];
  const inner = elementCount(x.shape.slice(2));
  const y = new Float64Array(x.data.length);
  for (let b = 0; b < n; b++)
    for (let i = 0; i < inner; i++) {
      const at = (ch: number) => (b * c + ch) * inner + i;
      let max = -Infinity;
      for (let ch = 0; ch < c; ch++) max = Math.max(max, x.data[at(ch)] as number);
      let sum = 0;
      for (let ch = 0; ch < c; ch++) sum += Math.exp((x.data[at(ch)] as number) - max);
      for (let ch = 0; ch < c; ch++) y[at(ch)] = Math.exp((x.data[at(ch)] as number) - max) / sum;
    }
  return { shape: x.shape, data: y };
}

const map = (x: RefTensor, f: (v: number, i: number) => number): RefTensor => ({ shape: x.shape, data: x.data.map(f) });

/** Per-channel (axis 1, one axis) affine, as Scale and BatchNorm apply it. */
function channelwise(x: RefTensor, f: (v: number, channel: number) => number): RefTensor {
  const c = x.shape[1] as number;
  const inner = elementCount(x.shape.slice(2));
  return map(x, (v, i) => f(v, Math.floor(i / inner) % c));
}

function eltwise(inputs: RefTensor[], layer: CaffeLayer): RefTensor {
  const p = layer.spec.message('eltwise_param');
  const op = p?.enumValue('operation') ?? 'SUM';
  const coeffs = p?.numbers('coeff') ?? [];
  const first = inputs[0] as RefTensor;
  return map(first, (_, i) => {
    if (op === 'PROD' || op === 0) return inputs.reduce((acc, t) => acc * (t.data[i] as number), 1);
    if (op === 'MAX' || op === 2) return inputs.reduce((acc, t) => Math.max(acc, t.data[i] as number), -Infinity);
    return inputs.reduce((acc, t, k) => acc + (coeffs[k] ?? 1) * (t.data[i] as number), 0);
  });
}

function forwardLayer(layer: CaffeLayer, inputs: RefTensor[], model: CaffeModel): RefTensor[] {
  const x = inputs[0] as RefTensor;
  switch (layer.type) {
    case 'Convolution':
      return [conv(x, layer, model)];
    case 'Pooling':
      return [pool(x, layer)];
    case 'LRN':
      return [lrn(x, layer)];
    case 'ReLU': {
      const slope = layer.spec.message('relu_param')?.number('negative_slope') ?? 0;
      return [map(x, (v) => (v > 0 ? v : v * slope))];
    }
    case 'Sigmoid':
      return [map(x, (v) => 1 / (1 + Math.exp(-v)))];
    case 'TanH':
      return [map(x, Math.tanh)];
    case 'Power': {
      const s = powerSpec(layer);
      return [map(x, (v) => (s.shift + s.scale * v) ** s.power)];
    }
    case 'Dropout':
      return [x];
    case 'Split':
      return layer.tops.map(() => x);
    case 'Concat': {
      const [n] = x.shape as [number];
      const inner = (t: RefTensor) => elementCount(t.shape) / n;
      const data = new Float64Array(inputs.reduce((s, t) => s + t.data.length, 0));
      let offset = 0;
      for (let b = 0; b < n; b++)
        for (const t of inputs) {
          data.set(t.data.subarray(b * inner(t), (b + 1) * inner(t)), offset);
          offset += inner(t);
        }
      return [{ shape: [n, inputs.reduce((s, t) => s + (t.shape[1] as number), 0), ...x.shape.slice(2)], data }];
    }
    case 'Flatten':
      return [{ shape: [x.shape[0] as number, elementCount(x.shape.slice(1))], data: x.data }];
    case 'InnerProduct':
      return [innerProduct(x, layer, model)];
    case 'Softmax':
      return [softmax(x)];
    case 'Eltwise':
      return [eltwise(inputs, layer)];
    case 'BatchNorm': {
      const [mean, variance, factor] = blobs(model, layer) as [Float32Array, Float32Array, Float32Array];
      const eps = layer.spec.message('batch_norm_param')?.number('eps') ?? 1e-5;
      const f = factor[0] === 0 ? 0 : 1 / (factor[0] as number);
      return [channelwise(x, (v, c) => (v - (mean[c] as number) * f) / Math.sqrt((variance[c] as number) * f + eps))];
    }
    case 'Scale': {
      const [scale, bias] = blobs(model, layer) as [Float32Array, Float32Array | undefined];
      return [channelwise(x, (v, c) => v * (scale[c] as number) + (bias ? (bias[c] as number) : 0))];
    }
    default:
      throw new Error(`the reference has no ${layer.type}`);
  }
}

/** Runs `layers` (deploy order) on the given inputs; returns every blob's final value. */
export function caffeForward(
  layers: readonly CaffeLayer[],
  inputs: ReadonlyMap<string, RefTensor>,
  model: CaffeModel,
): Map<string, RefTensor> {
  const blobsByName = new Map(inputs);
  for (const layer of layers) {
    if (layer.type === 'Input' || layer.type === 'Python') continue;
    const tops = forwardLayer(
      layer,
      layer.bottoms.map((b) => blobsByName.get(b) as RefTensor),
      model,
    );
    layer.tops.forEach((t, i) => blobsByName.set(t, tops[i] as RefTensor));
  }
  return blobsByName;
}
