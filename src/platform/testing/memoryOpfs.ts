// An in-memory stand-in for the Origin Private File System, for unit tests in Node, which has
// no OPFS. It implements only what platform/library.ts calls (directory and file handles,
// getFile, createWritable with write/close, removeEntry, entries()) with the browser's errors for
// a missing entry (NotFoundError), a non-recursive removal of a non-empty folder
// (InvalidModificationError) and a full disk (QuotaExceededError, past `quota` bytes written).
// It is not a full implementation of the API.

type Entry = MemoryDirectory | MemoryFile;

const notFound = (name: string) => new DOMException(`'${name}' was not found`, 'NotFoundError');

/** Bytes written so far by every file of one root, against its quota. */
interface Disk {
  used: number;
  quota: number;
}

class MemoryFile {
  readonly kind = 'file';
  private data: Blob = new Blob([]);
  constructor(
    readonly name: string,
    private readonly disk: Disk,
  ) {}

  async getFile(): Promise<File> {
    return new File([this.data], this.name);
  }

  async createWritable() {
    const parts: (string | Blob)[] = [];
    return {
      write: async (chunk: string | Blob) => {
        const size = typeof chunk === 'string' ? new TextEncoder().encode(chunk).byteLength : chunk.size;
        if (this.disk.used + size > this.disk.quota) throw new DOMException('the quota has been exceeded', 'QuotaExceededError');
        this.disk.used += size;
        parts.push(chunk);
      },
      // As in the browser, the file changes only when the stream is closed.
      close: async () => {
        this.data = new Blob(parts);
      },
    };
  }
}

export class MemoryDirectory {
  readonly kind = 'directory';
  readonly children = new Map<string, Entry>();
  private readonly disk: Disk;
  constructor(
    readonly name: string,
    disk: Disk | { quota: number } = { quota: Infinity },
  ) {
    this.disk = 'used' in disk ? disk : { used: 0, quota: disk.quota };
  }

  async getDirectoryHandle(name: string, options: { create?: boolean } = {}): Promise<MemoryDirectory> {
    const entry = this.children.get(name) ?? (options.create ? this.add(new MemoryDirectory(name, this.disk)) : undefined);
    if (!(entry instanceof MemoryDirectory)) throw notFound(name);
    return entry;
  }

  async getFileHandle(name: string, options: { create?: boolean } = {}): Promise<MemoryFile> {
    const entry = this.children.get(name) ?? (options.create ? this.add(new MemoryFile(name, this.disk)) : undefined);
    if (!(entry instanceof MemoryFile)) throw notFound(name);
    return entry;
  }

  async removeEntry(name: string, options: { recursive?: boolean } = {}): Promise<void> {
    const entry = this.children.get(name);
    if (!entry) throw notFound(name);
    if (entry instanceof MemoryDirectory && entry.children.size > 0 && !options.recursive)
      throw new DOMException(`'${name}' is not empty`, 'InvalidModificationError');
    this.children.delete(name);
  }

  async *entries(): AsyncIterableIterator<[string, Entry]> {
    yield* [...this.children.entries()];
  }

  /** Names of the entries, sorted: for tests to see what is stored. */
  list(): string[] {
    return [...this.children.keys()].sort();
  }

  private add<T extends Entry>(entry: T): T {
    this.children.set(entry.name, entry);
    return entry;
  }
}

/** A navigator whose storage.getDirectory() returns `root`: pass it to vi.stubGlobal('navigator', ...). */
export function navigatorWithOpfs(root: MemoryDirectory) {
  return { storage: { getDirectory: async () => root as unknown as FileSystemDirectoryHandle } };
}
