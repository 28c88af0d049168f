export type Backend = 'webgpu' | 'wasm';
export const BACKENDS: readonly Backend[] = ['webgpu', 'wasm'];

/**
 * Where pixels became the input tensor: a WGSL compute pass on the GPU that ONNX Runtime reads in
 * place (WebGPU), or the canvas + JavaScript loop on the CPU (WASM, or WebGPU without the GPU path).
 */
export type PreprocessPath = 'gpu' | 'cpu';
