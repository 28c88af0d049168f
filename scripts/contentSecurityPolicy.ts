// The Content-Security-Policy of the app, in one place: the preview and dev servers send it as a
// header (with COOP/COEP), and the built index.html and bench.html carry it in a <meta> tag, so a
// static host that sends no headers still gets it. What each source is for:
// - scripts: our own bundles only; 'wasm-unsafe-eval' lets ONNX Runtime compile its .wasm (it
//   allows WebAssembly compilation, not JavaScript eval).
// - workers: our inference worker and ONNX Runtime's WASM threads (same origin; blob: for ORT's
//   fallback when its script is not same-origin).
// - connect: the app's own files, and https: for model and weight URLs the user enters; blob:
//   and data: for files the user dropped; and the Caffe Model Zoo's host, the one http: origin,
//   because the BVLC GoogLeNet weights (the default trained-weights URL) are published there.
// - images and media: previews, thumbnails and videos are object URLs of dropped files.
// - styles: the built stylesheet; React sets style properties through the CSSOM, which
//   style-src does not govern, so no 'unsafe-inline'.
// Nothing else: no plugins, no frames, no <base> that redirects relative URLs, forms post to us.

const MODEL_ZOO_ORIGIN = 'http://dl.caffe.berkeleyvision.org';

export type PolicyDelivery = 'header' | 'meta';

/** `dev`: Vite's dev server injects an inline React-refresh preamble and <style> tags, and talks HMR over a WebSocket. */
export function contentSecurityPolicy(delivery: PolicyDelivery, mode: 'build' | 'dev' = 'build'): string {
  const dev = mode === 'dev';
  const directives: [string, ...string[]][] = [
    ['default-src', "'self'"],
    ['script-src', "'self'", "'wasm-unsafe-eval'", ...(dev ? ["'unsafe-inline'"] : [])],
    ['worker-src', "'self'", 'blob:'],
    ['connect-src', "'self'", 'https:', MODEL_ZOO_ORIGIN, 'blob:', 'data:', ...(dev ? ['ws:'] : [])],
    ['img-src', "'self'", 'blob:', 'data:'],
    ['media-src', "'self'", 'blob:', 'data:'],
    ['style-src', "'self'", ...(dev ? ["'unsafe-inline'"] : [])],
    ['font-src', "'self'"],
    ['object-src', "'none'"],
    ['frame-src', "'none'"],
    ['base-uri', "'self'"],
    ['form-action', "'self'"],
    // Only honoured as a header; in a <meta> tag the browser ignores it with a console error.
    ...(delivery === 'header' ? ([['frame-ancestors', "'none'"]] as [string, ...string[]][]) : []),
  ];
  return directives.map((d) => d.join(' ')).join('; ');
}

/** Multi-threaded WASM needs SharedArrayBuffer, which needs cross-origin isolation. */
export const CROSS_ORIGIN_ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
} as const;

export function securityHeaders(mode: 'build' | 'dev'): Record<string, string> {
  return { ...CROSS_ORIGIN_ISOLATION, 'Content-Security-Policy': contentSecurityPolicy('header', mode) };
}
