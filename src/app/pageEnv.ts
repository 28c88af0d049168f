// What the controllers use of the page around them, in one object: the page's address, object
// URLs, the network, saved settings, the model library (OPFS), the capability probe, saving a
// file and the clock. The app passes the browser's (browserEnv); unit tests, which run in Node
// without a DOM, pass fakes and can then see every URL created and revoked.
import type { LibraryEntry } from '../domain/library';
import { probeCapabilities, type Capabilities } from '../platform/capabilities';
import { fetchBytes } from '../platform/fetchWithProgress';
import { deleteFromLibrary, listLibrary } from '../platform/library';
import { downloadText } from './download';

export interface ObjectUrls {
  create(blob: Blob): string;
  revoke(url: string): void;
}

export interface PageEnv {
  /** The page's own URL: its query (?model, ?backend, ?ortLog) and the base of relative URLs. */
  readonly pageUrl: string;
  /** The document's base URI, which manifest URLs are relative to. */
  readonly baseUri: string;
  readonly objectUrls: ObjectUrls;
  fetch(url: string): Promise<Response>;
  fetchBytes: typeof fetchBytes;
  /** Settings kept across reloads (localStorage in the browser). */
  readonly settings: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  listLibrary(): Promise<LibraryEntry[]>;
  deleteFromLibrary(id: string): Promise<void>;
  probeCapabilities(): Promise<Capabilities>;
  /** Offers text to the user as a file download. */
  saveText(name: string, type: string, text: string): void;
  /** The browser's name and version, recorded with measurements. */
  readonly userAgent: string;
  /** Milliseconds on a monotonic clock (performance.now()). */
  now(): number;
}

/** The browser's object URLs. */
export const browserObjectUrls: ObjectUrls = { create: (blob) => URL.createObjectURL(blob), revoke: (url) => URL.revokeObjectURL(url) };

export function browserEnv(): PageEnv {
  return {
    get pageUrl() {
      return location.href;
    },
    get baseUri() {
      return document.baseURI;
    },
    objectUrls: browserObjectUrls,
    fetch: (url) => fetch(url),
    fetchBytes,
    settings: localStorage,
    listLibrary,
    deleteFromLibrary,
    probeCapabilities,
    saveText: (name, type, text) => downloadText(name, type, text),
    get userAgent() {
      return navigator.userAgent;
    },
    now: () => performance.now(),
  };
}

/** A query parameter of the page's URL. */
export const pageParam = (env: PageEnv, name: string): string | null => new URL(env.pageUrl).searchParams.get(name);

/** The last path segment of a URL, for naming a downloaded file. */
export const fileNameOf = (url: string, base: string, fallback: string): string => new URL(url, base).pathname.split('/').pop() || fallback;
