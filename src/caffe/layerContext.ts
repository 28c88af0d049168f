// What one layer's converter works with (the builder, the layer, its bottoms as tensors, the
// planned names of its tops, its learned blobs) and the checks every converter shares, each
// failing with the layer's name and prototxt position.
import type { GraphBuilder, TensorRef } from '../onnx/builder';
import type { CaffeLayer } from './netSpec';
import { PrototxtError } from './prototxt';

export interface LayerContext {
  readonly builder: GraphBuilder;
  readonly layer: CaffeLayer;
  /** Tensors of the layer's bottoms, in order. */
  readonly inputs: readonly TensorRef[];
  /** Planned ONNX names of the layer's tops, in order. */
  readonly outputs: readonly string[];
  /** The layer's blobs from the caffemodel, checked against `expected` (caffemodel order). */
  takeBlobs(expected: readonly (readonly number[])[]): Float32Array[];
  /** Makes `blobs` what the builder's WeightSource returns for this layer (weights, then bias). */
  serveToBuilder(blobs: readonly Float32Array[]): void;
}

export function layerError(layer: CaffeLayer, reason: string): PrototxtError {
  return new PrototxtError(layer.spec.source, layer.spec.line, layer.spec.column, `layer '${layer.name}' (${layer.type}): ${reason}`);
}

export const dimsText = (t: TensorRef): string => `[${t.dims.join(', ')}]`;

export function onlyInput(ctx: LayerContext): TensorRef {
  const [input] = ctx.inputs;
  if (!input || ctx.inputs.length !== 1) throw layerError(ctx.layer, `takes one bottom, has ${ctx.inputs.length}`);
  return input;
}

export function oneTop(ctx: LayerContext): string {
  const [top] = ctx.outputs;
  if (top === undefined || ctx.outputs.length !== 1) throw layerError(ctx.layer, `must have one top, has ${ctx.outputs.length}`);
  return top;
}

export function numericDim(ctx: LayerContext, t: TensorRef, axis: number): number {
  const d = t.dims[axis];
  if (typeof d !== 'number') throw layerError(ctx.layer, `needs a fixed size on axis ${axis} of its input ${dimsText(t)}`);
  return d;
}

export function nchw(ctx: LayerContext, t: TensorRef): TensorRef {
  if (t.dims.length !== 4) throw layerError(ctx.layer, `needs a 4-D (N, C, H, W) input, got ${dimsText(t)}`);
  return t;
}

export function axisOf(ctx: LayerContext, axis: number, rank: number): number {
  const index = axis < 0 ? axis + rank : axis;
  if (index < 0 || index >= rank) throw layerError(ctx.layer, `axis ${axis} is out of range for a ${rank}-D input`);
  return index;
}
