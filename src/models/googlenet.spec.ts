import type { ModelSpec } from './spec';

export const googlenet: ModelSpec = {
  id: 'googlenet',
  title: 'GoogLeNet (ImageNet)',
  manifestUrl: 'models/googlenet/manifest.json',
  source: 'built-in',
};
