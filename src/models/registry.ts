import { detectnet } from './detectnet.spec';
import { googlenet } from './googlenet.spec';
import type { ModelSpec } from './spec';

/** Adding a built-in model: one spec file and one line here. */
export const BUILT_IN_MODELS: readonly ModelSpec[] = Object.freeze([googlenet, detectnet]);

export const DEFAULT_MODEL_ID = googlenet.id;

/** A model opened with ?model=<manifest url>; its id is derived from the URL so a reload picks the same one. */
export function modelSpecFromUrl(manifestUrl: string): ModelSpec {
  return { id: `url:${manifestUrl}`, title: `From URL: ${manifestUrl}`, manifestUrl, source: 'url' };
}
