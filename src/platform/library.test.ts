// The model library on an in-memory stand-in for the Origin Private File System
// (testing/memoryOpfs.ts): Node has no OPFS, so this checks library.ts's own logic (folders,
// index, replacement, deletion, opfs:// URLs, the errors) against the parts of the API it uses.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { libraryManifestUrl } from '../domain/library';
import { deleteFromLibrary, libraryId, listLibrary, readLibraryUrl, saveToLibrary } from './library';
import { MemoryDirectory, navigatorWithOpfs } from './testing/memoryOpfs';

let root: MemoryDirectory;
beforeEach(() => {
  root = new MemoryDirectory('');
  vi.stubGlobal('navigator', navigatorWithOpfs(root));
});
afterEach(() => {
  vi.unstubAllGlobals();
});

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('the model library', () => {
  it('is empty before anything is saved, without creating a folder', async () => {
    expect(await listLibrary()).toEqual([]);
    expect(root.list()).toEqual([]);
  });

  it('stores a model in its own folder, lists it with its size, and serves its files by opfs:// URL', async () => {
    const saved = await saveToLibrary(
      { id: 'lenet', name: 'LeNet', task: 'classification', kind: 'caffe' },
      { 'model.onnx': new Uint8Array([1, 2, 3, 4]), 'labels.txt': 'zero\none' },
    );
    expect(saved).toMatchObject({ id: 'lenet', bytes: 4 + 8 });
    expect(new Date(saved.savedAt).toISOString()).toBe(saved.savedAt);
    expect(await listLibrary()).toEqual([saved]);
    const manifestUrl = libraryManifestUrl('lenet');
    expect(text(await readLibraryUrl(manifestUrl.replace('manifest.json', 'labels.txt')))).toBe('zero\none');
    expect(Array.from(await readLibraryUrl(manifestUrl.replace('manifest.json', 'model.onnx')))).toEqual([1, 2, 3, 4]);
  });

  it('replaces an entry saved again under the same id, and keeps the others', async () => {
    await saveToLibrary({ id: 'a', name: 'A', task: 'classification', kind: 'onnx' }, { 'model.onnx': new Uint8Array(1) });
    await saveToLibrary({ id: 'b', name: 'B', task: 'yolox', kind: 'onnx' }, { 'model.onnx': new Uint8Array(2) });
    await saveToLibrary({ id: 'a', name: 'A2', task: 'classification', kind: 'onnx' }, { 'model.onnx': new Uint8Array(3) });
    expect((await listLibrary()).map((e) => [e.id, e.name, e.bytes])).toEqual([
      ['b', 'B', 2],
      ['a', 'A2', 3],
    ]);
  });

  it('deletes an entry: its folder and its line in the index', async () => {
    await saveToLibrary({ id: 'a', name: 'A', task: 'classification', kind: 'onnx' }, { 'model.onnx': new Uint8Array(1) });
    await saveToLibrary({ id: 'b', name: 'B', task: 'classification', kind: 'onnx' }, { 'model.onnx': new Uint8Array(1) });
    await deleteFromLibrary('a');
    expect((await listLibrary()).map((e) => e.id)).toEqual(['b']);
    expect((await root.getDirectoryHandle('library')).list()).toEqual(['b', 'index.json']);
    await deleteFromLibrary('never-saved'); // nothing to remove: no error
  });

  it('names a stored file that has gone, and a URL that is not a library file', async () => {
    await expect(readLibraryUrl(libraryManifestUrl('gone'))).rejects.toMatchObject({
      code: 'MODEL_FETCH_FAILED',
      message: 'the stored model file gone/manifest.json is missing (it was deleted, or the browser cleared site data)',
    });
    await expect(readLibraryUrl('opfs:///elsewhere/x')).rejects.toMatchObject({
      code: 'MODEL_FETCH_FAILED',
      message: 'not a library file: opfs:///elsewhere/x',
    });
  });

  it('without OPFS: listing gives nothing, saving says the browser cannot keep models', async () => {
    vi.stubGlobal('navigator', {});
    expect(await listLibrary()).toEqual([]);
    await expect(saveToLibrary({ id: 'a', name: 'A', task: 'classification', kind: 'onnx' }, {})).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'this browser has no Origin Private File System: imported models cannot be kept',
    });
  });
});

describe('libraryId', () => {
  it('makes a folder-safe id from a display name', () => {
    expect(libraryId('My DetectNet (KITTI), v2!')).toBe('my-detectnet-kitti-v2');
    expect(libraryId('***')).toBe('model');
    expect(libraryId('x'.repeat(100))).toHaveLength(60);
  });
});
