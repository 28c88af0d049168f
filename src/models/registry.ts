import { detectnet } from './detectnetModel';
import { googlenet } from './googlenetModel';
import { libraryManifestUrl } from '../domain/library';
import { type LibraryEntry } from '../domain/library';
import type { ModelSpec } from './spec';

/** Adding a built-in model: one spec file and one line here. */
export const BUILT_IN_MODELS: readonly ModelSpec[] = Object.freeze([googlenet, detectnet]);

export const DEFAULT_MODEL_ID = googlenet.id;

/** A model opened with ?model=<manifest url>; its id is derived from the URL so a reload picks the same one. */
export function modelSpecFromUrl(manifestUrl: string): ModelSpec {
  return { id: `url:${manifestUrl}`, title: `From URL: ${manifestUrl}`, manifestUrl, source: 'url' };
}

/**
 * The picker's list: built-ins (a library entry that replaces one, like trained GoogLeNet, takes
 * its place under the same id), then the user's library, then models opened from a URL.
 */
export function modelList(library: readonly LibraryEntry[], urlModels: readonly ModelSpec[]): ModelSpec[] {
  const replacing = new Map(library.filter((e) => e.replaces).map((e) => [e.replaces!, e]));
  const builtIns = BUILT_IN_MODELS.map((spec): ModelSpec => {
    const entry = replacing.get(spec.id);
    return entry ? { ...spec, title: `${spec.title}, trained`, manifestUrl: libraryManifestUrl(entry.id), source: 'library' } : spec;
  });
  const own = library
    .filter((e) => !e.replaces)
    .map((e): ModelSpec => ({
      id: e.id,
      title: `${e.name} (imported)`,
      task: e.task,
      manifestUrl: libraryManifestUrl(e.id),
      source: 'library',
    }));
  return [...builtIns, ...own, ...urlModels];
}
