// What a model is and how to feed it: the manifest's types. Validation of untrusted JSON lives in models/manifest.ts.
export type ChannelOrder = 'RGB' | 'BGR';

/**
 * The largest network input side (pixels) a model may declare. Buffers sized by the input (the
 * batch tensor, a mean image) are allocated from these numbers, which come from files the user
 * drops or URLs they open: 4096 x 4096 x 3 floats is 192 MiB per frame, already more than a
 * detector needs; a declared 100000 x 100000 would be 112 GiB.
 */
export const MAX_INPUT_SIDE = 4096;
export type ModelTask = 'classification' | 'detectnet' | 'yolox';
export const MODEL_TASKS: readonly ModelTask[] = ['classification', 'detectnet', 'yolox'];

/** How a frame is fitted to the input: squashed to it (Caffe, DIGITS) or scaled and padded (YOLOX, top-left aligned). */
export type ResizeMode = 'stretch' | 'letterbox';

/** DIGITS ClusterDetections parameters; the grid stride comes from the model's input and output sizes. */
export interface ClusterConfig {
  coverageThreshold: number;
  rectThreshold: number;
  rectEps: number;
  minHeight: number;
}

export interface YoloxConfig {
  strides: number[];
  numClasses: number;
  scoreThreshold: number;
  nmsThreshold: number;
  /** Class indices to keep (e.g. [0] = COCO person); all when absent. */
  classFilter?: number[];
}

/** The YOLOX settings a user may change while a model runs (the grid, strides and classes come with the model). */
export type YoloxLiveParams = Pick<YoloxConfig, 'scoreThreshold' | 'nmsThreshold' | 'classFilter'>;

export const DEFAULT_CLUSTER: ClusterConfig = { coverageThreshold: 0.6, rectThreshold: 3, rectEps: 0.02, minHeight: 22 };

/**
 * How pixels become the input tensor: value = (pixel * pixelScale - mean[c]) / std[c],
 * with mean/std listed in the model's own channel order.
 */
export interface InputSpec {
  name: string;
  /** [N, C, H, W]; N may be -1 (dynamic batch). */
  shape: [number, number, number, number];
  layout: 'NCHW';
  channelOrder: ChannelOrder;
  pixelScale: number;
  mean: [number, number, number];
  std: [number, number, number];
  resize: ResizeMode;
  /** Letterbox padding, as a pixel value 0..255 before normalization. */
  padValue: number;
}

export interface OutputSpec {
  name: string;
  /** What the numbers are: softmax output, raw logits, or a named DetectNet map. */
  kind: 'probabilities' | 'logits' | 'coverage' | 'bboxes' | 'detections';
}

export interface ModelManifest {
  id: string;
  name: string;
  task: ModelTask;
  /** Synthetic weights give real timing and meaningless predictions; the UI must say so. */
  weights: 'synthetic' | 'trained';
  /** URLs are resolved against the manifest's own URL. */
  model: string;
  labels?: string;
  input: InputSpec;
  outputs: OutputSpec[];
  /** Detection postprocessing, for task detectnet (cluster) and yolox (yolox). */
  cluster?: ClusterConfig;
  yolox?: YoloxConfig;
}
