import type { ModelSpec } from './spec';

export const detectnet: ModelSpec = {
  id: 'detectnet',
  task: 'detectnet',
  title: 'DetectNet (pedestrians)',
  manifestUrl: 'models/detectnet/manifest.json',
  source: 'built-in',
};
