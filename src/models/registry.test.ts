import { describe, expect, it } from 'vitest';
import type { LibraryEntry } from '../domain/library';
import { modelList, modelSpecFromUrl } from './registry';

const entry = (id: string, replaces?: string): LibraryEntry => ({
  id,
  name: id,
  task: 'classification',
  kind: 'onnx',
  bytes: 1,
  savedAt: '',
  replaces,
});

describe('modelList', () => {
  it('lists built-ins, then library models, then URL models', () => {
    const list = modelList([entry('my-net')], [modelSpecFromUrl('/m.json')]);
    expect(list.map((m) => m.id)).toEqual(['googlenet', 'detectnet', 'my-net', 'url:/m.json']);
    expect(list[2]!.manifestUrl).toBe('opfs:///library/my-net/manifest.json');
  });

  it('lets trained weights take the built-in GoogLeNet place under the same id', () => {
    const list = modelList([entry('googlenet-trained', 'googlenet')], []);
    expect(list.map((m) => m.id)).toEqual(['googlenet', 'detectnet']);
    expect(list[0]).toMatchObject({ source: 'library', manifestUrl: 'opfs:///library/googlenet-trained/manifest.json' });
  });
});
