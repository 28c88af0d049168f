import { AppError } from '../domain/errors';
import { readLibraryUrl } from './library';
import { LIBRARY_URL_PREFIX } from '../domain/library';

export type ByteProgress = (loaded: number, total: number) => void;

/** A server that sends nothing for this long has stalled: the user sees an error instead of a bar that never moves. */
export const STALL_MS = 30_000;

/** Downloads a file whole, reporting bytes as they arrive so a progress bar can move. */
export async function fetchBytes(
  url: string,
  what: string,
  onProgress?: ByteProgress,
  signal?: AbortSignal,
  stallMs = STALL_MS,
): Promise<Uint8Array> {
  if (url.startsWith(LIBRARY_URL_PREFIX)) return readLibraryUrl(url);
  // One controller for both reasons to stop: the caller's cancel and our stall timer.
  const abort = new AbortController();
  const onCancel = () => abort.abort();
  signal?.addEventListener('abort', onCancel, { once: true });
  let stalled = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const armStallTimer = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      stalled = true;
      abort.abort();
    }, stallMs);
  };
  const stallError = () =>
    new AppError(
      'MODEL_FETCH_FAILED',
      `the download of ${what} from ${url} stalled: no data for ${stallMs >= 1000 ? `${Math.round(stallMs / 1000)} s` : `${stallMs} ms`}`,
    );
  try {
    armStallTimer();
    return await download(url, what, abort.signal, armStallTimer, onProgress, () => (stalled ? stallError() : undefined));
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onCancel);
  }
}

async function download(
  url: string,
  what: string,
  signal: AbortSignal,
  onData: () => void,
  onProgress: ByteProgress | undefined,
  stalled: () => AppError | undefined,
): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url, { signal });
  } catch (error) {
    if (signal.aborted) throw stalled() ?? new AppError('SUPERSEDED', `the download of ${what} was cancelled`);
    throw new AppError(
      'MODEL_FETCH_FAILED',
      `could not download ${what} from ${url}: ${(error as Error).message} (offline, or the server does not allow cross-origin requests)`,
    );
  }
  if (!response.ok)
    throw new AppError(
      'MODEL_FETCH_FAILED',
      `could not download ${what} from ${url}: HTTP ${response.status} ${response.statusText}`.trim(),
    );
  onData();
  const total = Number(response.headers.get('content-length') ?? 0);
  if (!response.body) return new Uint8Array(await response.arrayBuffer());

  const chunks: Uint8Array[] = [];
  let loaded = 0;
  const reader = response.body.getReader();
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch (error) {
      if (signal.aborted) throw stalled() ?? new AppError('SUPERSEDED', `the download of ${what} was cancelled`);
      throw new AppError('MODEL_FETCH_FAILED', `the download of ${what} from ${url} broke off: ${(error as Error).message}`);
    }
    const { done, value } = chunk;
    if (done) break;
    onData();
    chunks.push(value);
    loaded += value.byteLength;
    onProgress?.(loaded, total);
  }
  const bytes = new Uint8Array(loaded);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

export async function fetchText(url: string, what: string): Promise<string> {
  return new TextDecoder().decode(await fetchBytes(url, what));
}
