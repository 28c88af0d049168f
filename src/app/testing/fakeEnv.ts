// A PageEnv for controller unit tests in Node (no DOM): object URLs are counted so a test can
// check that each one is revoked, settings live in a Map, the library and the network are
// whatever the test sets, and the clock only moves when the test moves it.
import type { LibraryEntry } from '../../domain/library';
import type { Capabilities } from '../../platform/capabilities';
import type { PageEnv } from '../pageEnv';

export interface FakeEnv extends PageEnv {
  /** Object URLs created and not yet revoked. */
  readonly liveUrls: Set<string>;
  readonly revokedUrls: string[];
  readonly savedFiles: { name: string; type: string; text: string }[];
  readonly storedSettings: Map<string, string>;
  library: LibraryEntry[];
  deleted: string[];
  clock: number;
}

export const CAPABLE: Capabilities = {
  webgpu: { available: true, limits: { maxBufferSize: 1 << 30, maxStorageBufferBindingSize: 1 << 30 } },
  wasm: { available: true },
};

export function fakeEnv(overrides: Partial<PageEnv> & { pageUrl?: string } = {}): FakeEnv {
  let nextUrl = 1;
  const storedSettings = new Map<string, string>();
  const env: FakeEnv = {
    pageUrl: 'http://lab.test/',
    baseUri: 'http://lab.test/',
    liveUrls: new Set(),
    revokedUrls: [],
    savedFiles: [],
    storedSettings,
    library: [],
    deleted: [],
    clock: 0,
    objectUrls: {
      create: () => {
        const url = `blob:http://lab.test/${nextUrl++}`;
        env.liveUrls.add(url);
        return url;
      },
      revoke: (url) => {
        env.liveUrls.delete(url);
        env.revokedUrls.push(url);
      },
    },
    fetch: () => Promise.reject(new TypeError('Failed to fetch')),
    fetchBytes: () => Promise.reject(new Error('no network in this test')),
    settings: {
      getItem: (key) => storedSettings.get(key) ?? null,
      setItem: (key, value) => void storedSettings.set(key, value),
      removeItem: (key) => void storedSettings.delete(key),
    },
    listLibrary: () => Promise.resolve([...env.library]),
    deleteFromLibrary: (id) => {
      env.deleted.push(id);
      env.library = env.library.filter((e) => e.id !== id);
      return Promise.resolve();
    },
    probeCapabilities: () => Promise.resolve(CAPABLE),
    saveText: (name, type, text) => void env.savedFiles.push({ name, type, text }),
    userAgent: 'FakeBrowser/1.0 (unit test)',
    now: () => env.clock,
    ...overrides,
  };
  return env;
}
