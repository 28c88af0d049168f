import { AppError } from '../domain/errors';
import type { LibraryEntry } from '../domain/library';

/*
 * Imported and downloaded models live in the Origin Private File System, one folder each
 * (library/<id>/manifest.json, model.onnx, labels.txt), plus library/index.json listing them.
 * OPFS works the same in the page and in workers, survives reloads, and needs no server.
 */

async function libraryDir(create: boolean): Promise<FileSystemDirectoryHandle> {
  if (!navigator.storage?.getDirectory)
    throw new AppError('BAD_REQUEST', 'this browser has no Origin Private File System: imported models cannot be kept');
  const root = await navigator.storage.getDirectory();
  return root.getDirectoryHandle('library', { create });
}

async function writeFile(dir: FileSystemDirectoryHandle, name: string, data: Uint8Array | string): Promise<void> {
  const handle = await dir.getFileHandle(name, { create: true });
  const writable = await handle.createWritable();
  await writable.write(typeof data === 'string' ? data : new Blob([data as Uint8Array<ArrayBuffer>]));
  await writable.close();
}

async function readIndex(dir: FileSystemDirectoryHandle): Promise<LibraryEntry[]> {
  try {
    const file = await (await dir.getFileHandle('index.json')).getFile();
    return JSON.parse(await file.text()) as LibraryEntry[];
  } catch {
    return [];
  }
}

export async function listLibrary(): Promise<LibraryEntry[]> {
  try {
    return await readIndex(await libraryDir(false));
  } catch {
    return []; // no library folder yet
  }
}

/** Stores a model's files and lists it; an entry with the same id is replaced. */
export async function saveToLibrary(
  entry: Omit<LibraryEntry, 'bytes' | 'savedAt'>,
  files: Record<string, Uint8Array | string>,
): Promise<LibraryEntry> {
  const dir = await libraryDir(true);
  const folder = await dir.getDirectoryHandle(entry.id, { create: true });
  let bytes = 0;
  for (const [name, data] of Object.entries(files)) {
    await writeFile(folder, name, data);
    bytes += typeof data === 'string' ? new TextEncoder().encode(data).byteLength : data.byteLength;
  }
  const saved: LibraryEntry = { ...entry, bytes, savedAt: new Date().toISOString() };
  const index = (await readIndex(dir)).filter((e) => e.id !== entry.id);
  await writeFile(dir, 'index.json', JSON.stringify([...index, saved], null, 2));
  return saved;
}

export async function deleteFromLibrary(id: string): Promise<void> {
  const dir = await libraryDir(true);
  await dir.removeEntry(id, { recursive: true }).catch(() => undefined);
  await writeFile(
    dir,
    'index.json',
    JSON.stringify(
      (await readIndex(dir)).filter((e) => e.id !== id),
      null,
      2,
    ),
  );
}

/** Reads a file named by an opfs:///library/<id>/<file> URL. */
export async function readLibraryUrl(url: string): Promise<Uint8Array> {
  const parts = new URL(url).pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] !== 'library' || parts.length !== 3) throw new AppError('MODEL_FETCH_FAILED', `not a library file: ${url}`);
  try {
    const dir = await libraryDir(false);
    const file = await (await (await dir.getDirectoryHandle(parts[1]!)).getFileHandle(parts[2]!)).getFile();
    return new Uint8Array(await file.arrayBuffer());
  } catch {
    throw new AppError(
      'MODEL_FETCH_FAILED',
      `the stored model file ${parts[1]}/${parts[2]} is missing (it was deleted, or the browser cleared site data)`,
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
