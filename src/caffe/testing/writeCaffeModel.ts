// Writes .caffemodel files with the reader's own protobufjs schema: tests and benchmarks make
// trained-looking models for a prototxt from any WeightSource (e.g. the built-in seeded
// weights), so conversion can be checked against the built-in ONNX graphs value for value.
// Blob data goes out as one length-delimited run of little-endian floats, which is exactly
// Caffe's packed `repeated float data = 5` encoding.
import { elementCount } from '../../domain/tensor';
import { float32Bytes } from '../../onnx/float32Bytes';
import type { WeightSource } from '../../onnx/builder';
import { inferBlobShapes } from './blobShapes';
import type { LayerShapes, Shape } from './blobShapes';
import { caffeTypes } from '../caffeSchema';
import { deployLayers, inputShapes, v1LayerTypeNumber } from '../netSpec';
import { parsePrototxt } from '../prototxt';

export interface BlobToWrite {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

export interface LayerToWrite {
  readonly name: string;
  readonly type: string;
  readonly bottoms?: readonly string[];
  readonly tops?: readonly string[];
  readonly blobs: readonly BlobToWrite[];
}

export interface WriteCaffeModelOptions {
  /** NetParameter.name. */
  readonly name?: string;
  /** 'V1' writes deprecated `layers` entries with enum types, like the 2014 Model Zoo files. */
  readonly format?: 'layer' | 'V1';
  /** Write the deprecated num/channels/height/width (shapes padded to 4-D with leading 1s) instead of `shape`. */
  readonly legacyShapes?: boolean;
}

function blobMessage(blob: BlobToWrite, legacy: boolean): Record<string, unknown> {
  const size = elementCount(blob.shape);
  if (size !== blob.data.length) throw new Error(`blob of shape [${blob.shape.join(', ')}] needs ${size} values, has ${blob.data.length}`);
  const data = float32Bytes(blob.data);
  if (!legacy) return { shape: { dim: [...blob.shape] }, data };
  if (blob.shape.length > 4) throw new Error(`a ${blob.shape.length}-D blob cannot be written with legacy 4-D dims`);
  const [num, channels, height, width] = [...Array<number>(4 - blob.shape.length).fill(1), ...blob.shape];
  return { num, channels, height, width, data };
}

export function writeCaffeModel(layers: readonly LayerToWrite[], options: WriteCaffeModelOptions = {}): Uint8Array {
  const legacy = options.legacyShapes ?? false;
  const messages = layers.map((l) => {
    const common = {
      name: l.name,
      bottom: [...(l.bottoms ?? [])],
      top: [...(l.tops ?? [])],
      blobs: l.blobs.map((b) => blobMessage(b, legacy)),
    };
    if (options.format !== 'V1') return { ...common, type: l.type };
    const type = v1LayerTypeNumber(l.type);
    if (type === undefined) throw new Error(`layer '${l.name}': type ${l.type} has no V1 enum value`);
    return { ...common, type };
  });
  const net = { name: options.name ?? '', ...(options.format === 'V1' ? { layers: messages } : { layer: messages }) };
  const { NetParameter } = caffeTypes('bytes');
  return NetParameter.encode(NetParameter.create(net)).finish();
}

export interface PrototxtWeightsOptions {
  /** Input H and W to infer shapes with (learned shapes do not depend on them); the prototxt's by default. */
  readonly inputSize?: { readonly height: number; readonly width: number };
  /**
   * Blobs for learned layers other than Convolution and InnerProduct (BatchNorm, Scale), given
   * the shapes Caffe expects. Without it such layers throw.
   */
  readonly otherParams?: (layer: LayerShapes) => Float32Array[];
}

/** Caffe's InnerProduct with transpose: true stores [K, N]; sources give [N, K]. */
function transpose(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c] as number;
  return out;
}

/**
 * The learned blobs of every layer of the deploy net of `prototxt`, asked of `source` exactly
 * as the GraphBuilder asks (same layer names, dims and fan-in), so a seeded source gives the
 * same numbers here as in the built-in graphs. Python layers are left out.
 */
export function layersForPrototxt(prototxt: string, source: WeightSource, options: PrototxtWeightsOptions = {}): LayerToWrite[] {
  const net = parsePrototxt(prototxt);
  const layers = deployLayers(net).filter((l) => l.type !== 'Python');
  const inputs = inputShapes(net, layers).map((b) =>
    options.inputSize && b.dims.length === 4
      ? { ...b, dims: [b.dims[0] as number, b.dims[1] as number, options.inputSize.height, options.inputSize.width] }
      : b,
  );
  return inferBlobShapes(layers, inputs)
    .filter((l) => l.params.length > 0)
    .map((l) => {
      const { layer, params } = l;
      const base = { name: layer.name, type: layer.type, bottoms: layer.bottoms, tops: layer.tops };
      if (layer.type !== 'Convolution' && layer.type !== 'InnerProduct') {
        const blobs = options.otherParams?.(l);
        if (!blobs) throw new Error(`layer '${layer.name}' (${layer.type}) learns ${params.length} blob(s); pass otherParams to make them`);
        return { ...base, blobs: blobs.map((data, i) => ({ shape: params[i] ?? [data.length], data })) };
      }
      const op = layer.type === 'Convolution' ? 'Conv' : 'Gemm';
      const weightShape = params[0] as Shape;
      // Caffe's [K, N] for a transposed InnerProduct; the builder (and the source) think [N, K].
      const transposed = layer.type === 'InnerProduct' && layer.spec.message('inner_product_param')?.bool('transpose', false) === true;
      const dims = transposed ? [weightShape[1] as number, weightShape[0] as number] : [...weightShape];
      const fanIn = elementCount(dims.slice(1));
      let weights = source.weights({ layer: layer.name, op, dims, fanIn });
      if (transposed) weights = transpose(weights, dims[0] as number, dims[1] as number);
      const blobs: BlobToWrite[] = [{ shape: weightShape, data: weights }];
      const biasShape = params[1];
      if (biasShape) blobs.push({ shape: biasShape, data: source.bias({ layer: layer.name, op, size: elementCount(biasShape) }) });
      return { ...base, blobs };
    });
}
