import type { ModelTask } from './manifest';

/** A model kept in the browser's library (imported, converted or downloaded). */
export interface LibraryEntry {
  id: string;
  name: string;
  task: ModelTask;
  kind: 'caffe' | 'onnx' | 'download';
  /** Total bytes of the stored files. */
  bytes: number;
  savedAt: string;
  /** The folder holding its files (absent for entries saved before folders carried a save time: the id). */
  folder?: string;
  /** A built-in model id this entry stands in for (trained GoogLeNet weights replace the synthetic ones). */
  replaces?: string;
}

/** What an import stored, and where the app loads it from. */
export interface ImportResult {
  entry: LibraryEntry;
  manifestUrl: string;
}

/** The files and choices of a DIGITS/Caffe job the user imports. */
export interface CaffeImportRequest {
  name: string;
  prototxt: string;
  prototxtName: string;
  caffemodel: Blob;
  caffemodelName: string;
  mean?: Blob;
  meanName?: string;
  /** Per-channel mean (B, G, R) when there is no mean file. */
  channelMean?: number[];
  inputSize?: { height: number; width: number };
  labels?: string;
}

/** URLs of library files: hierarchical so that manifest-relative paths resolve like http ones. */
export const LIBRARY_URL_PREFIX = 'opfs:///library/';

export function libraryManifestUrl(id: string): string {
  return `${LIBRARY_URL_PREFIX}${encodeURIComponent(id)}/manifest.json`;
}
