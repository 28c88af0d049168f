import type { InputSpec } from '../../../domain/manifest';
import { parseManifestText } from '../../../models/manifest';
import { YOLOX_NANO_MANIFEST } from '../../../models/yoloxNano';
import googlenetManifest from '../../../../public/models/googlenet/manifest.json' with { type: 'json' };
import detectnetManifest from '../../../../public/models/detectnet/manifest.json' with { type: 'json' };

const builtIn = (json: unknown, id: string): InputSpec => parseManifestText(JSON.stringify(json), `models/${id}/manifest.json`).input;
const GOOGLENET = builtIn(googlenetManifest, 'googlenet');

/** Input specs of the built-in and fixture models, read from their own manifests: one per kind of preprocessing. */
export const INPUT_SPECS = {
  googlenet: GOOGLENET,
  detectnet: builtIn(detectnetManifest, 'detectnet'),
  yolox: YOLOX_NANO_MANIFEST.input,
  // torchvision's ImageNet classifiers (the fixture MobileNet): RGB, 0..1, ImageNet mean and std.
  torchvision: { ...GOOGLENET, channelOrder: 'RGB', pixelScale: 1 / 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] },
} satisfies Record<string, InputSpec>;
