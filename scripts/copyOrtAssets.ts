import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The WASM build that the onnxruntime-web/webgpu bundle loads (it carries both the WebGPU EP and the CPU kernels). */
export const ORT_RUNTIME_FILES = ['ort-wasm-simd-threaded.asyncify.mjs', 'ort-wasm-simd-threaded.asyncify.wasm'];

/** Copies ORT's runtime next to the app so the worker can point env.wasm.wasmPaths at it (see src/runtime/ort.ts). */
export function copyOrtAssets(outDir: string): string[] {
  const require = createRequire(import.meta.url);
  const distDir = dirname(require.resolve('onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm'));
  mkdirSync(outDir, { recursive: true });
  return ORT_RUNTIME_FILES.map((file) => {
    const from = join(distDir, file);
    const to = join(outDir, file);
    if (!existsSync(to) || statSync(to).size !== statSync(from).size || statSync(to).mtimeMs < statSync(from).mtimeMs)
      copyFileSync(from, to);
    return to;
  });
}
