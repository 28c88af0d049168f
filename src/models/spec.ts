/** A model the app offers in its picker; the manifest at manifestUrl says how to run it. */
export interface ModelSpec {
  id: string;
  title: string;
  manifestUrl: string;
  /** Built-in models are generated at build time and need no download. */
  source: 'built-in' | 'url';
}
