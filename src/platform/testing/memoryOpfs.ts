// An in-memory stand-in for the Origin Private File System, for unit tests in Node, which has
// no OPFS. It implements only what platform/library.ts calls (directory and file handles,
// getFile, createWritable with write/close, removeEntry) with the browser's errors for a
// missing entry (NotFoundError) and a non-recursive removal of a non-empty folder
// (InvalidModificationError). It is not a full implementation of the API.

type Entry = MemoryDirectory | MemoryFile;

const notFound = (name: string) => new DOMException(`'${name}' was not found`, 'NotFoundError');

class MemoryFile {
  readonly kind = 'file';
  private data: Blob = new Blob([]);
  constructor(readonly name: string) {}

  async getFile(): Promise<File> {
    return new File([this.data], this.name);
  }

  async createWritable() {
    const parts: (string | Blob)[] = [];
    return {
      write: async (chunk: string | Blob) => void parts.push(chunk),
      // As in the browser, the file changes only when the stream is closed.
      close: async () => {
        this.data = new Blob(parts);
      },
    };
  }
}

export class MemoryDirectory {
  readonly kind = 'directory';
  readonly entries = new Map<string, Entry>();
  constructor(readonly name: string) {}

  async getDirectoryHandle(name: string, options: { create?: boolean } = {}): Promise<MemoryDirectory> {
    const entry = this.entries.get(name) ?? (options.create ? this.add(new MemoryDirectory(name)) : undefined);
    if (!(entry instanceof MemoryDirectory)) throw notFound(name);
    return entry;
  }

  async getFileHandle(name: string, options: { create?: boolean } = {}): Promise<MemoryFile> {
    const entry = this.entries.get(name) ?? (options.create ? this.add(new MemoryFile(name)) : undefined);
    if (!(entry instanceof MemoryFile)) throw notFound(name);
    return entry;
  }

  async removeEntry(name: string, options: { recursive?: boolean } = {}): Promise<void> {
    const entry = this.entries.get(name);
    if (!entry) throw notFound(name);
    if (entry instanceof MemoryDirectory && entry.entries.size > 0 && !options.recursive)
      throw new DOMException(`'${name}' is not empty`, 'InvalidModificationError');
    this.entries.delete(name);
  }

  /** Names of the entries, sorted: for tests to see what is stored. */
  list(): string[] {
    return [...this.entries.keys()].sort();
  }

  private add<T extends Entry>(entry: T): T {
    this.entries.set(entry.name, entry);
    return entry;
  }
}

/** A navigator whose storage.getDirectory() returns `root`: pass it to vi.stubGlobal('navigator', ...). */
export function navigatorWithOpfs(root: MemoryDirectory) {
  return { storage: { getDirectory: async () => root as unknown as FileSystemDirectoryHandle } };
}
