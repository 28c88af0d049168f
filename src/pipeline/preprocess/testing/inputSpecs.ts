import type { InputSpec } from '../../../domain/manifest';

/** Input specs of the built-in and fixture models, as their manifests give them: one per kind of preprocessing. */
const GOOGLENET: InputSpec = {
  name: 'data',
  shape: [-1, 3, 224, 224],
  layout: 'NCHW',
  channelOrder: 'BGR',
  pixelScale: 1,
  mean: [104, 117, 123],
  std: [1, 1, 1],
  resize: 'stretch',
  padValue: 0,
};

export const INPUT_SPECS = {
  googlenet: GOOGLENET,
  detectnet: { ...GOOGLENET, shape: [-1, 3, 512, 1024], mean: [0, 0, 0] },
  yolox: { ...GOOGLENET, name: 'images', shape: [1, 3, 416, 416], mean: [0, 0, 0], resize: 'letterbox', padValue: 114 },
  torchvision: { ...GOOGLENET, channelOrder: 'RGB', pixelScale: 1 / 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] },
} satisfies Record<string, InputSpec>;
