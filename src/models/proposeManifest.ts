import { DEFAULT_CLUSTER, type InputSpec, type ModelManifest, type ModelTask } from '../domain/manifest';

export interface TensorInfo {
  name: string;
  /** Numbers, or symbolic names (dynamic dimensions). */
  dims: (number | string)[];
}

export interface OnnxSignature {
  inputs: TensorInfo[];
  outputs: TensorInfo[];
  /** Op type of the node that produces the first output (Softmax means probabilities). */
  lastOp?: string;
}

const YOLOX_STRIDES = [8, 16, 32];

function yoloxCells(height: number, width: number): number {
  return YOLOX_STRIDES.reduce((sum, s) => sum + Math.floor(height / s) * Math.floor(width / s), 0);
}

const numeric = (d: number | string | undefined, fallback: number): number => (typeof d === 'number' && d > 0 ? d : fallback);

type Pixels = Pick<InputSpec, 'channelOrder' | 'pixelScale' | 'mean' | 'std'>;

/** 0..255 BGR as decoded: DIGITS detectors (their mean is inside the graph) and YOLOX take pixels so. */
const RAW_BGR: Pixels = { channelOrder: 'BGR', pixelScale: 1, mean: [0, 0, 0], std: [1, 1, 1] };
/** Caffe's ImageNet models: BGR minus the ImageNet mean. */
const CAFFE_IMAGENET: Pixels = { channelOrder: 'BGR', pixelScale: 1, mean: [104, 117, 123], std: [1, 1, 1] };
/** torchvision's models: RGB x/255, then mean/std. */
const TORCHVISION: Pixels = { channelOrder: 'RGB', pixelScale: 1 / 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };

function nchwInput(
  name: string,
  shape: InputSpec['shape'],
  pixels: Pixels,
  resize: InputSpec['resize'] = 'stretch',
  padValue = 0,
): InputSpec {
  return { name, shape, layout: 'NCHW', ...pixels, mean: [...pixels.mean], std: [...pixels.std], resize, padValue };
}

/**
 * A first guess at how to run an ONNX file, from its inputs and outputs only; the user corrects
 * it in the import form. Caffe-style inputs (named data/data_0) get BGR minus the ImageNet mean;
 * others get torchvision's RGB x/255, mean/std; YOLOX-shaped outputs get YOLOX's letterbox.
 * `task` forces a task (the form's choice) and fills in that task's outputs and settings.
 */
export function proposeManifest(
  id: string,
  name: string,
  signature: OnnxSignature,
  imagenetLabelsUrl: string,
  task?: ModelTask,
): ModelManifest {
  const input = signature.inputs[0];
  if (!input) throw new Error('the model has no inputs');
  const [n, c, h, w] = input.dims;
  const height = numeric(h, 224);
  const width = numeric(w, 224);
  const shape: ModelManifest['input']['shape'] = [typeof n === 'number' && n > 0 ? n : -1, numeric(c, 3), height, width];
  const outputNames = signature.outputs.map((o) => o.name);
  const first = signature.outputs[0];
  const caffeStyle = /^data(_0)?$/.test(input.name);

  const [coverage = 'coverage', bboxes = 'bboxes'] =
    outputNames.includes('coverage') && outputNames.includes('bboxes') ? ['coverage', 'bboxes'] : outputNames;
  if (task === 'detectnet' || (!task && outputNames.includes('coverage') && outputNames.includes('bboxes'))) {
    return {
      id,
      name,
      task: 'detectnet',
      weights: 'trained',
      model: 'model.onnx',
      input: nchwInput(input.name, shape, RAW_BGR),
      outputs: [
        { name: coverage, kind: 'coverage' },
        { name: bboxes, kind: 'bboxes' },
      ],
      cluster: { ...DEFAULT_CLUSTER },
    };
  }
  const last = first?.dims[first.dims.length - 1];
  const cells = first?.dims[first.dims.length - 2];
  const looksLikeYolox = first && first.dims.length === 3 && typeof last === 'number' && last > 5 && cells === yoloxCells(height, width);
  if (first && (task === 'yolox' || (!task && looksLikeYolox))) {
    return {
      id,
      name,
      task: 'yolox',
      weights: 'trained',
      model: 'model.onnx',
      input: nchwInput(input.name, shape, RAW_BGR, 'letterbox', 114),
      outputs: [{ name: first.name, kind: 'detections' }],
      yolox: {
        strides: YOLOX_STRIDES,
        numClasses: typeof last === 'number' && last > 5 ? last - 5 : 80,
        scoreThreshold: 0.3,
        nmsThreshold: 0.45,
        classFilter: [0],
      },
    };
  }
  return {
    id,
    name,
    task: 'classification',
    weights: 'trained',
    model: 'model.onnx',
    labels: last === 1000 ? imagenetLabelsUrl : undefined,
    input: nchwInput(input.name, shape, caffeStyle ? CAFFE_IMAGENET : TORCHVISION),
    outputs: [{ name: first?.name ?? 'output', kind: signature.lastOp === 'Softmax' ? 'probabilities' : 'logits' }],
  };
}
