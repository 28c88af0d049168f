// The WebGPU bundle, not onnxruntime-web/all: with the JSEP build in "all", GoogLeNet's
// ceil_mode=1 MaxPool fails on WebGPU ("ceil_mode kernel execution (padding) is not yet implemented");
// this build runs ONNX Runtime's native WebGPU EP, which has it. e2e/googlenet-backends.spec.ts guards it.
import * as ort from 'onnxruntime-web/webgpu';
import { wasmThreadCount } from '../../platform/capabilities';

let configured = false;

/** Must run before the first session: ORT reads these once when it starts its WASM module. */
export function configureOrt(ortAssetsUrl: string): typeof ort {
  if (configured) return ort;
  // Loading ORT's own .mjs/.wasm from a fixed folder (not inlined into our worker chunk) lets its
  // pthread workers start from ORT's script instead of re-running ours.
  ort.env.wasm.wasmPaths = ortAssetsUrl;
  ort.env.wasm.numThreads = wasmThreadCount();
  ort.env.wasm.proxy = false;
  ort.env.logLevel = 'error';
  configured = true;
  return ort;
}

export { ort };
