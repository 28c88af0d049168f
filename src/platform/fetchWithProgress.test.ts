import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchBytes } from './fetchWithProgress';

/** A server that sends `chunks` and then, unless `end`, keeps the connection open and silent. */
function serve(chunks: Uint8Array[], end: boolean, headers: Record<string, string> = {}) {
  vi.stubGlobal('fetch', async (_url: string, init?: RequestInit) => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        chunks.forEach((c) => controller.enqueue(c));
        if (end) controller.close();
        init?.signal?.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')));
      },
    });
    return new Response(body, { headers });
  });
}

describe('fetchBytes', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('joins the chunks and reports progress against Content-Length', async () => {
    serve([new Uint8Array([1, 2]), new Uint8Array([3])], true, { 'content-length': '3' });
    const progress: [number, number][] = [];
    const bytes = await fetchBytes('https://models.example/m.onnx', 'the model', (l, t) => progress.push([l, t]));
    expect([...bytes]).toEqual([1, 2, 3]);
    expect(progress).toEqual([
      [2, 3],
      [3, 3],
    ]);
  });

  it('a download that stops sending fails with the URL and how long it waited', async () => {
    serve([new Uint8Array([1])], false);
    await expect(fetchBytes('https://models.example/m.onnx', 'the model', undefined, undefined, 50)).rejects.toMatchObject({
      code: 'MODEL_FETCH_FAILED',
      message: expect.stringMatching(/the model from https:\/\/models\.example\/m\.onnx stalled: no data for 50 ms/),
    });
  });

  it('a cancelled download says so, not that it stalled', async () => {
    serve([new Uint8Array([1])], false);
    const cancel = new AbortController();
    const pending = fetchBytes('https://models.example/m.onnx', 'the model', () => cancel.abort(), cancel.signal, 60_000);
    await expect(pending).rejects.toMatchObject({ code: 'SUPERSEDED', message: 'the download of the model was cancelled' });
  });
});
