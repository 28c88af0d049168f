import type { ModelTask } from '../domain/manifest';

/** A model the app offers in its picker; the manifest at manifestUrl says how to run it. */
export interface ModelSpec {
  /** Known up front for built-in models; a URL model's task comes from its manifest. */
  task?: ModelTask;
  id: string;
  title: string;
  manifestUrl: string;
  /** Built-in models are generated at build time and need no download. */
  source: 'built-in' | 'url' | 'library';
}
