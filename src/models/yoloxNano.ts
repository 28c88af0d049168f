import type { ModelManifest } from '../domain/manifest';

/**
 * The trained YOLOX-Nano of the YOLOX project (Megvii), exported to ONNX: COCO's 80 classes, input
 * `images` [1, 3, 416, 416] BGR 0..255 letterboxed top-left with pad 114, output `output`
 * [1, 3549, 85] (grid decode + NMS in pipeline/postprocess/yolox.ts). Persons only by default: the
 * lab is about pedestrians; the class filter can be widened in the Detect view.
 */
export const YOLOX_NANO_MANIFEST: Readonly<ModelManifest> = {
  id: 'yolox-nano',
  name: 'YOLOX-Nano (trained, COCO, persons)',
  task: 'yolox',
  weights: 'trained',
  model: 'model.onnx',
  input: {
    name: 'images',
    shape: [1, 3, 416, 416],
    layout: 'NCHW',
    channelOrder: 'BGR',
    pixelScale: 1,
    mean: [0, 0, 0],
    std: [1, 1, 1],
    resize: 'letterbox',
    padValue: 114,
  },
  outputs: [{ name: 'output', kind: 'detections' }],
  yolox: { strides: [8, 16, 32], numClasses: 80, scoreThreshold: 0.3, nmsThreshold: 0.45, classFilter: [0] },
};

/** The file the download fetches, by name and size, as the UI shows it before the click. */
export const YOLOX_NANO_FILE = { name: 'yolox_nano.onnx', megabytes: 3.6 };
