export type Backend = 'webgpu' | 'wasm';
export const BACKENDS: readonly Backend[] = ['webgpu', 'wasm'];
