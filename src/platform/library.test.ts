import { describe, expect, it } from 'vitest';
import { deleteFromLibrary, listLibrary, readLibraryUrl, saveToLibrary } from './library';
import { libraryManifestUrl } from '../domain/library';

// Node has no Origin Private File System: a small in-memory stand-in with the calls the library
// makes. Like OPFS, a file's new content exists only once its writable is closed; `quota` makes
// writes fail past that many bytes (a full disk).
class FakeFile {
  constructor(public data: Uint8Array = new Uint8Array()) {}
}
class FakeDir {
  readonly kind = 'directory';
  readonly children = new Map<string, FakeDir | FakeFile>();
  constructor(private readonly disk: { used: number; quota: number }) {}
  async getDirectoryHandle(name: string, options?: { create?: boolean }) {
    let child = this.children.get(name);
    if (!child && options?.create) this.children.set(name, (child = new FakeDir(this.disk)));
    if (!(child instanceof FakeDir)) throw new DOMException(`${name} not found`, 'NotFoundError');
    return child;
  }
  async getFileHandle(name: string, options?: { create?: boolean }) {
    let file = this.children.get(name);
    if (!file && options?.create) this.children.set(name, (file = new FakeFile()));
    if (!(file instanceof FakeFile)) throw new DOMException(`${name} not found`, 'NotFoundError');
    const disk = this.disk;
    const target = file;
    return {
      getFile: async () => new Blob([target.data as Uint8Array<ArrayBuffer>]),
      createWritable: async () => {
        const parts: Uint8Array[] = [];
        return {
          write: async (data: string | Blob) => {
            const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : new Uint8Array(await data.arrayBuffer());
            if (disk.used + bytes.byteLength > disk.quota) throw new DOMException('the quota has been exceeded', 'QuotaExceededError');
            disk.used += bytes.byteLength;
            parts.push(bytes);
          },
          close: async () => {
            target.data = new Uint8Array(await new Blob(parts as Uint8Array<ArrayBuffer>[]).arrayBuffer());
          },
        };
      },
    };
  }
  async removeEntry(name: string) {
    if (!this.children.delete(name)) throw new DOMException(`${name} not found`, 'NotFoundError');
  }
  async *entries(): AsyncIterable<[string, FakeDir | FakeFile]> {
    yield* this.children.entries();
  }
}

const opfs = (quota = Infinity) => new FakeDir({ used: 0, quota }) as unknown as FileSystemDirectoryHandle & FakeDir;
const model = (bytes: number) => new Uint8Array(bytes).fill(7);
const entry = { id: 'my-net', name: 'My net', task: 'classification', kind: 'onnx' } as const;

describe('model library', () => {
  it('stores, lists, reads back and deletes a model', async () => {
    const root = opfs();
    const saved = await saveToLibrary(entry, { 'model.onnx': model(100), 'manifest.json': '{}' }, root);
    expect(saved.bytes).toBe(102);
    expect((await listLibrary(root)).map((e) => e.id)).toEqual(['my-net']);
    expect((await readLibraryUrl(libraryManifestUrl('my-net').replace('manifest.json', 'model.onnx'), root)).byteLength).toBe(100);
    await deleteFromLibrary('my-net', root);
    expect(await listLibrary(root)).toEqual([]);
    const library = await root.getDirectoryHandle('library');
    expect([...(library as unknown as FakeDir).children.keys()]).toEqual(['index.json']);
  });

  it('a save that runs out of space half-way leaves the library as it was, with a clear error', async () => {
    const root = opfs(1000);
    await saveToLibrary(entry, { 'model.onnx': model(300), 'manifest.json': '{"v":1}' }, root);
    await expect(saveToLibrary(entry, { 'manifest.json': '{"v":2}', 'model.onnx': model(5000) }, root)).rejects.toMatchObject({
      code: 'STORAGE_FAILED',
      message: expect.stringContaining(
        '"My net" could not be stored in the browser (the quota has been exceeded); the library is unchanged',
      ),
    });
    // The old model is still listed and still whole; the partial folder is gone.
    const [listed] = await listLibrary(root);
    expect(listed?.bytes).toBe(307);
    expect(new TextDecoder().decode(await readLibraryUrl(libraryManifestUrl('my-net'), root))).toBe('{"v":1}');
    const library = (await root.getDirectoryHandle('library')) as unknown as FakeDir;
    expect(library.children.size).toBe(2); // index.json and the one folder
  });

  it('replacing an entry removes the old files; a folder left by an interrupted save is cleaned up by the next save', async () => {
    const root = opfs();
    await saveToLibrary(entry, { 'model.onnx': model(10) }, root);
    const library = (await root.getDirectoryHandle('library')) as unknown as FakeDir;
    await library.getDirectoryHandle('other~interrupted', { create: true });
    await saveToLibrary(entry, { 'model.onnx': model(20) }, root);
    expect([...library.children.keys()].filter((k) => k !== 'index.json')).toEqual([(await listLibrary(root))[0]!.folder]);
  });

  it('reads entries saved before folders carried a save time', async () => {
    const root = opfs();
    const library = (await root.getDirectoryHandle('library', { create: true })) as unknown as FakeDir;
    const folder = await library.getDirectoryHandle('old-net', { create: true });
    const write = async (dir: FakeDir, name: string, text: string) => {
      const w = await (await dir.getFileHandle(name, { create: true })).createWritable();
      await w.write(text);
      await w.close();
    };
    await write(folder, 'manifest.json', '{"old":true}');
    await write(library, 'index.json', JSON.stringify([{ ...entry, id: 'old-net', bytes: 12, savedAt: '2026-01-01' }]));
    expect(new TextDecoder().decode(await readLibraryUrl(libraryManifestUrl('old-net'), root))).toBe('{"old":true}');
  });
});
