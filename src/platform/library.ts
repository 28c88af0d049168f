import { AppError } from '../domain/errors';
import type { LibraryEntry } from '../domain/library';

/*
 * Imported and downloaded models live in the Origin Private File System, one folder each
 * (library/<id>/manifest.json, model.onnx, labels.txt), plus library/index.json listing them.
 * OPFS works the same in the page and in workers, survives reloads, and needs no server.
 */

const INDEX = 'index.json';
/** Folders are named <id>~<save time>: a save never writes into the folder an index entry points at. */
const FOLDER_MARK = '~';

// Entries saved before folders were versioned live in a folder named by their id.
const folderOf = (entry: LibraryEntry): string => entry.folder ?? entry.id;

/** `root` stands in for the browser's OPFS root (tests). */
async function libraryDir(create: boolean, root?: FileSystemDirectoryHandle): Promise<FileSystemDirectoryHandle> {
  if (!root && !navigator.storage?.getDirectory)
    throw new AppError('STORAGE_FAILED', 'this browser has no Origin Private File System: imported models cannot be kept');
  return (root ?? (await navigator.storage.getDirectory())).getDirectoryHandle('library', { create });
}

/** Folders no entry names: left by a save that was interrupted (a closed tab) before the index was written. */
async function removeOrphans(dir: FileSystemDirectoryHandle, index: readonly LibraryEntry[]): Promise<void> {
  const named = new Set(index.map(folderOf));
  const orphans: string[] = [];
  for await (const [name, handle] of (dir as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries()) {
    if (handle.kind === 'directory' && !named.has(name)) orphans.push(name);
  }
  for (const name of orphans) await dir.removeEntry(name, { recursive: true }).catch(() => undefined);
}

async function writeFile(dir: FileSystemDirectoryHandle, name: string, data: Uint8Array | string): Promise<void> {
  const handle = await dir.getFileHandle(name, { create: true });
  const writable = await handle.createWritable();
  await writable.write(typeof data === 'string' ? data : new Blob([data as Uint8Array<ArrayBuffer>]));
  await writable.close();
}

async function readIndex(dir: FileSystemDirectoryHandle): Promise<LibraryEntry[]> {
  try {
    const file = await (await dir.getFileHandle(INDEX)).getFile();
    return JSON.parse(await file.text()) as LibraryEntry[];
  } catch {
    return [];
  }
}

export async function listLibrary(root?: FileSystemDirectoryHandle): Promise<LibraryEntry[]> {
  try {
    return await readIndex(await libraryDir(false, root));
  } catch {
    return []; // no library folder yet
  }
}

/**
 * Stores a model's files and lists it; an entry with the same id is replaced. The files go into a
 * new folder first and the index names that folder last (a file write in OPFS is committed whole
 * on close), so a write that fails half-way (storage full) leaves the library as it was: no entry
 * points at a partial model, and the half-written folder is removed.
 */
export async function saveToLibrary(
  entry: Omit<LibraryEntry, 'bytes' | 'savedAt' | 'folder'>,
  files: Record<string, Uint8Array | string>,
  root?: FileSystemDirectoryHandle,
): Promise<LibraryEntry> {
  const dir = await libraryDir(true, root);
  const index = await readIndex(dir);
  await removeOrphans(dir, index);
  const folderName = `${entry.id}${FOLDER_MARK}${Date.now().toString(36)}-${crypto.randomUUID().slice(0, 8)}`;
  const folder = await dir.getDirectoryHandle(folderName, { create: true });
  let bytes = 0;
  try {
    for (const [name, data] of Object.entries(files)) {
      await writeFile(folder, name, data);
      bytes += typeof data === 'string' ? new TextEncoder().encode(data).byteLength : data.byteLength;
    }
  } catch (error) {
    await dir.removeEntry(folderName, { recursive: true }).catch(() => undefined);
    throw new AppError(
      'STORAGE_FAILED',
      `"${entry.name}" could not be stored in the browser (${(error as Error).message}); the library is unchanged. Free some space (delete a model) and try again.`,
    );
  }
  const saved: LibraryEntry = { ...entry, folder: folderName, bytes, savedAt: new Date().toISOString() };
  const replaced = index.find((e) => e.id === entry.id);
  await writeFile(dir, INDEX, JSON.stringify([...index.filter((e) => e.id !== entry.id), saved], null, 2));
  if (replaced) await dir.removeEntry(folderOf(replaced), { recursive: true }).catch(() => undefined);
  return saved;
}

export async function deleteFromLibrary(id: string, root?: FileSystemDirectoryHandle): Promise<void> {
  const dir = await libraryDir(true, root);
  const index = await readIndex(dir);
  const entry = index.find((e) => e.id === id);
  await writeFile(
    dir,
    INDEX,
    JSON.stringify(
      index.filter((e) => e.id !== id),
      null,
      2,
    ),
  );
  if (entry) await dir.removeEntry(folderOf(entry), { recursive: true }).catch(() => undefined);
}

/** Reads a file named by an opfs:///library/<id>/<file> URL. */
export async function readLibraryUrl(url: string, root?: FileSystemDirectoryHandle): Promise<Uint8Array> {
  const parts = new URL(url).pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] !== 'library' || parts.length !== 3) throw new AppError('MODEL_FETCH_FAILED', `not a library file: ${url}`);
  const [, id, fileName] = parts as [string, string, string];
  try {
    const dir = await libraryDir(false, root);
    const entry = (await readIndex(dir)).find((e) => e.id === id);
    const folder = await dir.getDirectoryHandle(entry ? folderOf(entry) : id);
    const file = await (await folder.getFileHandle(fileName)).getFile();
    return new Uint8Array(await file.arrayBuffer());
  } catch {
    throw new AppError(
      'MODEL_FETCH_FAILED',
      `the stored model file ${id}/${fileName} is missing (it was deleted, or the browser cleared site data)`,
    );
  }
}

/** A library id from a display name: lower-case words joined by dashes, safe as a folder name. */
export function libraryId(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'model'
  );
}
