import { defaultClientConditions } from 'vite';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { contentSecurityPolicy, securityHeaders } from './scripts/contentSecurityPolicy.ts';

/** The policy as a <meta> tag right after the charset (before any script it governs), for hosts that send no headers. */
function cspMetaTag(): Plugin {
  return {
    name: 'csp-meta-tag',
    apply: 'build',
    transformIndexHtml(html, { filename }) {
      const charset = /<meta charset="[^"]*" \/>/i;
      if (!charset.test(html)) throw new Error(`${filename} has no <meta charset="..." /> to put the Content-Security-Policy after`);
      const meta = `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy('meta')}" />`;
      return html.replace(charset, (tag) => `${tag}\n    ${meta}`);
    },
  };
}

export default defineConfig({
  plugins: [react(), cspMetaTag()],
  // ORT's non-bundle build: it loads its .mjs/.wasm from env.wasm.wasmPaths (public/ort) instead of
  // Vite emitting a second 26 MB copy of the .wasm into assets/.
  resolve: { conditions: ['onnxruntime-web-use-extern-wasm', ...defaultClientConditions] },
  // COOP/COEP for WASM threads and the Content-Security-Policy (scripts/contentSecurityPolicy.ts).
  server: { headers: securityHeaders('dev') },
  preview: { headers: securityHeaders('build') },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    // bench.html: the page `npm run bench` drives (same worker, no React).
    rollupOptions: { input: { main: 'index.html', bench: 'bench.html' } },
  },
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
  },
});
