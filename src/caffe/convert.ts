// Caffe deploy.prototxt + .caffemodel -> ONNX, in the browser: the lab's "build phase" (what
// TensorRT does with the same two files), on the project's GraphBuilder. The prototxt decides
// the architecture (deploy state: phase TEST, stage "deploy"); the caffemodel supplies learned
// blobs by layer name, each checked against the shape the prototxt implies. DetectNet's Python
// `cluster` layer is not a node: its param_str is returned for the app's own clustering.
import { AppError } from '../domain/errors';
import { MAX_INPUT_SIDE } from '../domain/manifest';
import { GraphBuilder } from '../onnx/builder';
import type { Dim, TensorRef, WeightSource } from '../onnx/builder';
import { encodeModel } from '../onnx/schema';
import { addsNodes, convertLayer, isConvertible, unsupportedLayer } from './caffeLayers';
import { layerError } from './layerContext';
import { clusterLayer, detectionConfig, paramStrOf, type DetectNetClusterConfig } from './detectnetCluster';
import { readCaffeModel } from './caffemodel';
import type { CaffeModel } from './caffemodel';
import { caffeWeightStore } from './caffeWeights';
import { deployLayers, inputShapes } from './netSpec';
import type { CaffeLayer, InputBlob } from './netSpec';
import { meanForInput } from './meanFile';
import type { MeanImage } from './meanFile';
import { parsePrototxt } from './prototxt';
import { planTensorNames } from './tensorNames';
import type { BlobWrite } from './tensorNames';

export interface ConvertCaffeOptions {
  /** deploy.prototxt text. */
  readonly prototxt: string;
  /** The .caffemodel bytes, or a model already read with readCaffeModel (e.g. to try several snapshots). */
  readonly caffemodel: Uint8Array | CaffeModel;
  /** Graph name and `architecture` metadata, e.g. the DIGITS job name. */
  readonly name: string;
  /** File names for messages. */
  readonly prototxtName?: string;
  readonly caffemodelName?: string;
  /** Replaces H and W of every 4-D input (DetectNet's prototxt says 640x640; the lab runs 512x1024). */
  readonly inputSize?: { readonly height: number; readonly width: number };
  /** Batch dimension of the inputs: a number, or a symbolic name for a dynamic batch. Default 'N'. */
  readonly batch?: number | string;
  readonly producerVersion?: string;
  /**
   * A mean to subtract inside the graph (meanFile.ts: a mean image, or per-channel values), for
   * the first 4-D input, in the prototxt's channel order. The model then takes raw pixel values,
   * as DetectNet's deploy_transform does, and the app's preprocessing needs no mean. An image is
   * fitted to the input with meanForInput (center crop, else resize).
   */
  readonly mean?: MeanImage | readonly number[];
  /** Called after each layer (done of total), for a progress bar. */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface LayerConversion {
  /** Caffe layer name and type. */
  readonly name: string;
  readonly type: string;
  /** ONNX op types the layer became, in order; empty when it adds no node. */
  readonly onnx: readonly string[];
  /** Why a layer has no node, or what it became instead. */
  readonly note?: string;
}

export interface TensorSummary {
  readonly name: string;
  readonly dims: readonly Dim[];
}

export interface ConversionSummary {
  readonly name: string;
  /** Every deploy layer, in prototxt order. */
  readonly layers: readonly LayerConversion[];
  /** Learned values taken from the caffemodel. */
  readonly parameterCount: number;
  readonly inputs: readonly TensorSummary[];
  readonly outputs: readonly TensorSummary[];
  readonly detection?: DetectNetClusterConfig;
  /** caffemodel layers with blobs that the deploy net does not use (e.g. GoogLeNet's training-only auxiliary classifiers). */
  readonly unusedCaffemodelLayers: readonly string[];
  readonly caffemodelFormat: CaffeModel['format'];
  /** Set when the graph subtracts a mean itself (options.mean). */
  readonly meanSubtracted?: { readonly input: string; readonly kind: 'image' | 'per-channel'; readonly node: string };
}

export interface CaffeConversion {
  /** The ONNX model file. */
  readonly model: Uint8Array;
  readonly summary: ConversionSummary;
}

function resolveInputs(declared: readonly InputBlob[], options: ConvertCaffeOptions): TensorSummary[] {
  const batch = options.batch ?? 'N';
  const size = options.inputSize;
  if (size && ![size.height, size.width].every((s) => Number.isInteger(s) && s >= 1 && s <= MAX_INPUT_SIDE)) {
    throw new AppError(
      'BAD_REQUEST',
      `input size ${size.height}x${size.width} must be whole numbers of pixels from 1 to ${MAX_INPUT_SIDE}`,
    );
  }
  return declared.map((b) => {
    const dims: Dim[] = [...b.dims];
    if (dims.length > 0) dims[0] = batch;
    if (options.inputSize && dims.length === 4) {
      dims[2] = options.inputSize.height;
      dims[3] = options.inputSize.width;
    }
    return { name: b.name, dims };
  });
}

/**
 * Caffe's net outputs: blobs some layer produces and no later layer consumes (inputs aside),
 * in the order of their last write. The cluster layer does not count as a consumer: its
 * bottoms (coverage, bboxes) are what the ONNX model must output.
 */
function netOutputs(layers: readonly CaffeLayer[], inputs: readonly TensorSummary[]): string[] {
  const available = new Map<string, true>();
  for (const layer of layers) {
    for (const b of layer.bottoms) available.delete(b);
    for (const t of layer.tops) {
      available.delete(t);
      available.set(t, true);
    }
  }
  return [...available.keys()].filter((blob) => !inputs.some((i) => i.name === blob));
}

/** A WeightSource that returns what the current layer's converter put up (see LayerContext.serveToBuilder). */
function servedWeights(): { source: WeightSource; serve(layer: string, blobs: readonly Float32Array[]): void } {
  const served = new Map<string, readonly Float32Array[]>();
  const get = (layer: string, index: number, what: string): Float32Array => {
    const data = served.get(layer)?.[index];
    if (!data) throw new Error(`internal: no ${what} served for layer '${layer}'`);
    return data;
  };
  return {
    source: { weights: ({ layer }) => get(layer, 0, 'weights'), bias: ({ layer }) => get(layer, 1, 'bias') },
    serve: (layer, blobs) => served.set(layer, blobs),
  };
}

function layerNote(layer: CaffeLayer, onnx: readonly string[]): string | undefined {
  if (layer.type === 'Pooling' && onnx.includes('Pad'))
    return "padded at the end with -FLT_MAX: Caffe keeps a last window that starts past the input, ONNX's ceil_mode drops it";
  if (onnx.length > 0) return undefined;
  if (layer.type === 'Dropout') return 'identity at inference: removed';
  if (layer.type === 'Split') return 'no node: ONNX tensors can feed several nodes';
  return undefined;
}

export function convertCaffeToOnnx(options: ConvertCaffeOptions): CaffeConversion {
  const prototxtName = options.prototxtName ?? 'deploy.prototxt';
  const caffemodelName = options.caffemodelName ?? 'the caffemodel';
  const net = parsePrototxt(options.prototxt, prototxtName);
  const layers = deployLayers(net);
  // Refuse unknown types before touching weights: the user learns about all of the net at once.
  for (const layer of layers) {
    if (layer.type !== 'Input' && layer.type !== 'Python' && !isConvertible(layer.type)) throw unsupportedLayer(layer);
  }
  const cluster = clusterLayer(layers);
  const declared = inputShapes(net, layers);
  if (declared.length === 0) {
    throw new AppError(
      'PROTOTXT_INVALID',
      `${prototxtName} declares no network input: add an Input layer (or input: with input_shape / input_dim)`,
    );
  }
  const inputs = resolveInputs(declared, options);
  const graphLayers = layers.filter((l) => l.type !== 'Input' && l.type !== 'Python');

  const caffemodel = options.caffemodel instanceof Uint8Array ? readCaffeModel(options.caffemodel, caffemodelName) : options.caffemodel;
  const store = caffeWeightStore(caffemodel, caffemodelName);
  const weights = servedWeights();
  const builder = new GraphBuilder(options.name, weights.source);

  const outputBlobs = netOutputs(graphLayers, inputs);
  const writes: BlobWrite[] = [
    ...inputs.map((i) => ({ layer: i.name, blob: i.name, fixed: true })),
    ...graphLayers.filter(addsNodes).flatMap((l) => l.tops.map((blob) => ({ layer: l.name, blob, multiTop: l.tops.length > 1 }))),
  ];
  const plannedNames = planTensorNames(writes, new Set(outputBlobs));
  let nextName = inputs.length;

  const tensors = new Map<string, TensorRef>();
  for (const input of inputs) tensors.set(input.name, builder.input(input.name, input.dims));
  const meanSubtracted = options.mean ? subtractMean(builder, tensors, inputs, options.mean, prototxtName) : undefined;

  const conversions = new Map<CaffeLayer, LayerConversion>();
  graphLayers.forEach((layer, index) => {
    const inputsOfLayer = layer.bottoms.map((b) => tensors.get(b) ?? failBottom(layer, b));
    const outputs = addsNodes(layer) ? layer.tops.map(() => plannedNames[nextName++] as string) : layer.tops;
    const before = builder.nodeCount;
    let tops: TensorRef[];
    try {
      tops = convertLayer({
        builder,
        layer,
        inputs: inputsOfLayer,
        outputs,
        takeBlobs: (expected) => store.take(layer, expected),
        serveToBuilder: (blobs) => weights.serve(layer.name, blobs),
      });
    } catch (error) {
      // Plain builder errors (a window larger than its input...) get the layer's prototxt position;
      // our own errors (PrototxtError, CaffeWeightsError, CaffeModelError) already say where.
      if (error instanceof Error && error.constructor === Error) throw layerError(layer, error.message);
      throw error;
    }
    layer.tops.forEach((top, i) => tensors.set(top, tops[i] as TensorRef));
    const onnx = builder.opTypesFrom(before);
    const note = layerNote(layer, onnx);
    conversions.set(layer, { name: layer.name, type: layer.type, onnx, ...(note ? { note } : {}) });
    options.onProgress?.(index + 1, graphLayers.length);
  });

  if (cluster) {
    for (const b of cluster.layer.bottoms) if (!tensors.has(b)) failBottom(cluster.layer, b);
  }
  const outputs = outputBlobs.map((blob) => {
    let tensor = tensors.get(blob) as TensorRef;
    // A blob whose last writer adds no node (Dropout, Split) still gets an output of its own name.
    if (tensor.name !== blob && !builder.has(blob)) tensor = builder.identity({ name: `${blob}/output`, input: tensor, output: blob });
    builder.output(tensor);
    return { name: tensor.name, dims: tensor.dims };
  });

  const detection = cluster ? detectionConfig(cluster, inputs, tensors) : undefined;
  const model = builder.build({
    producerVersion: options.producerVersion ?? 'dev',
    docString: `Converted from Caffe: ${prototxtName} + ${caffemodelName}`,
    metadata: {
      architecture: options.name,
      weights: 'caffemodel',
      source: 'caffe',
      ...(detection ? { 'detectnet.param_str': detection.paramStr, 'detectnet.param_str_for_input': paramStrOf(detection.forInput) } : {}),
    },
  });

  const summaryLayers = layers.map((layer): LayerConversion => {
    const converted = conversions.get(layer);
    if (converted) return converted;
    if (layer.type === 'Input') return { name: layer.name, type: layer.type, onnx: [], note: 'graph input' };
    return {
      name: layer.name,
      type: layer.type,
      onnx: [],
      note: `DetectNet clustering: runs in the app on ${layer.bottoms.join(' and ')} (param_str '${cluster?.paramStr ?? ''}')`,
    };
  });

  return {
    model: encodeModel(model),
    summary: {
      name: options.name,
      layers: summaryLayers,
      parameterCount: store.usedValues,
      inputs,
      outputs,
      detection,
      unusedCaffemodelLayers: store.unusedLayers(),
      caffemodelFormat: caffemodel.format,
      ...(meanSubtracted ? { meanSubtracted } : {}),
    },
  };
}

/** Adds x - mean right after the first 4-D input and makes the net read that instead of the input. */
function subtractMean(
  builder: GraphBuilder,
  tensors: Map<string, TensorRef>,
  inputs: readonly TensorSummary[],
  mean: MeanImage | readonly number[],
  prototxtName: string,
): ConversionSummary['meanSubtracted'] {
  const image = inputs.find((i) => i.dims.length === 4);
  const [, channels, height, width] = image?.dims ?? [];
  if (!image || typeof channels !== 'number' || typeof height !== 'number' || typeof width !== 'number') {
    throw new AppError('PROTOTXT_INVALID', `${prototxtName} has no 4-D image input with fixed channels and size to subtract a mean from`);
  }
  const meanChannels = 'data' in mean ? mean.channels : mean.length;
  if (meanChannels !== channels) {
    throw new AppError('MEAN_INVALID', `the mean has ${meanChannels} channel(s) but input '${image.name}' has ${channels}`);
  }
  const perChannel = !('data' in mean);
  const values = perChannel ? Float32Array.from(mean) : meanForInput(mean, height, width);
  const node = `${image.name}/mean_subtraction`;
  const subtracted = builder.scaleShift({
    name: node,
    input: tensors.get(image.name) as TensorRef,
    axis: 1,
    paramDims: perChannel ? [channels] : [channels, height, width],
    // Adding the negated mean is exactly x - mean in float arithmetic.
    shift: values.map((v) => -v),
  });
  tensors.set(image.name, subtracted);
  return { input: image.name, kind: perChannel ? 'per-channel' : 'image', node };
}

function failBottom(layer: CaffeLayer, blob: string): never {
  throw layerError(layer, `bottom '${blob}' is not produced by any earlier layer of the deploy network`);
}
