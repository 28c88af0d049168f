// Build-time assets that are never committed: ORT's runtime files and the built-in models.
import { copyOrtAssets } from './copyOrtAssets';
import { generateBuiltInModels } from './generate-models';

const copied = copyOrtAssets('public/ort');
console.log(`onnxruntime-web runtime: ${copied.join(', ')}`);
await generateBuiltInModels('public/models');
