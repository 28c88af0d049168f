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
    const folders = (await root.getDirectoryHandle('library')).list();
    expect(folders).toHaveLength(2);
    expect(folders[0]).toMatch(/^b~/);
    expect(folders[1]).toBe('index.json');
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
      code: 'STORAGE_FAILED',
      message: 'this browser has no Origin Private File System: imported models cannot be kept',
    });
  });
});

describe('saving is atomic', () => {
  const entry = { id: 'my-net', name: 'My net', task: 'classification', kind: 'onnx' } as const;

  it('a save that runs out of space half-way leaves the library as it was, with a clear error', async () => {
    root = new MemoryDirectory('', { quota: 1000 });
    vi.stubGlobal('navigator', navigatorWithOpfs(root));
    await saveToLibrary(entry, { 'model.onnx': new Uint8Array(300), 'manifest.json': '{"v":1}' });
    await expect(saveToLibrary(entry, { 'manifest.json': '{"v":2}', 'model.onnx': new Uint8Array(5000) })).rejects.toMatchObject({
      code: 'STORAGE_FAILED',
      message: expect.stringContaining(
        '"My net" could not be stored in the browser (the quota has been exceeded); the library is unchanged',
      ),
    });
    // The old model is still listed and whole; the partial folder is gone.
    expect((await listLibrary()).map((e) => e.bytes)).toEqual([307]);
    expect(text(await readLibraryUrl(libraryManifestUrl('my-net')))).toBe('{"v":1}');
    expect((await root.getDirectoryHandle('library')).list()).toHaveLength(2); // index.json and one folder
  });

  it('a folder left by an interrupted save (no index entry names it) is removed by the next save', async () => {
    const library = await root.getDirectoryHandle('library', { create: true });
    await library.getDirectoryHandle('other~interrupted', { create: true });
    const saved = await saveToLibrary(entry, { 'model.onnx': new Uint8Array(20) });
    expect(library.list()).toEqual(['index.json', saved.folder]);
  });

  it('reads entries saved before folders carried a save time (folder named by the id)', async () => {
    const library = await root.getDirectoryHandle('library', { create: true });
    const write = async (dir: MemoryDirectory, name: string, data: string) => {
      const w = await (await dir.getFileHandle(name, { create: true })).createWritable();
      await w.write(data);
      await w.close();
    };
    await write(await library.getDirectoryHandle('old-net', { create: true }), 'manifest.json', '{"old":true}');
    await write(library, 'index.json', JSON.stringify([{ ...entry, id: 'old-net', bytes: 12, savedAt: '2026-01-01T00:00:00.000Z' }]));
    expect(text(await readLibraryUrl(libraryManifestUrl('old-net')))).toBe('{"old":true}');
  });
});

describe('libraryId', () => {
  it('makes a folder-safe id from a display name', () => {
    expect(libraryId('My DetectNet (KITTI), v2!')).toBe('my-detectnet-kitti-v2');
    expect(libraryId('***')).toBe('model');
    expect(libraryId('x'.repeat(100))).toHaveLength(60);
  });
});
