import type { ModelSpec } from './spec';

export const googlenet: ModelSpec = {
  id: 'googlenet',
  task: 'classification',
  title: 'GoogLeNet (ImageNet)',
  manifestUrl: 'models/googlenet/manifest.json',
  source: 'built-in',
};
