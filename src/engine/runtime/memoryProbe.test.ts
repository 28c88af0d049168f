import { describe, expect, it } from 'vitest';

// (module (memory (export "mem") 2)): a module that exports a 2-page (128 KiB) memory, as
// single-threaded emscripten builds do.
const EXPORTS_MEMORY = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x05, 0x03, 0x01, 0x00, 0x02, 0x07, 0x07, 0x01, 0x03, 0x6d, 0x65, 0x6d, 0x02, 0x00,
]);

// Node has no WebGPU: stand-ins with the two methods the probe wraps.
class FakeBuffer {
  destroyed = 0;
  destroy(): undefined {
    this.destroyed++;
    return undefined;
  }
}
class FakeDevice {
  createBuffer(): FakeBuffer {
    return new FakeBuffer();
  }
}

describe('memory probe', async () => {
  Object.assign(globalThis, { GPUDevice: FakeDevice, GPUBuffer: FakeBuffer });
  const { installMemoryProbe, memoryUse } = await import('./memoryProbe');
  installMemoryProbe();

  it('counts GPU buffers until they are destroyed, once each', () => {
    const device = new FakeDevice() as unknown as GPUDevice;
    const a = device.createBuffer({ size: 1000, usage: 0 });
    const b = device.createBuffer({ size: 24, usage: 0 });
    expect(memoryUse()).toMatchObject({ gpuBytes: 1024, gpuBuffers: 2 });
    a.destroy();
    a.destroy(); // destroying twice frees nothing more
    expect(memoryUse()).toMatchObject({ gpuBytes: 24, gpuBuffers: 1 });
    expect((a as unknown as FakeBuffer).destroyed).toBe(2); // the real destroy still runs
    b.destroy();
    expect(memoryUse()).toMatchObject({ gpuBytes: 0, gpuBuffers: 0 });
  });

  it('keeps the peak of GPU bytes until a reading resets it to what is in use then', () => {
    const device = new FakeDevice() as unknown as GPUDevice;
    memoryUse({ resetPeak: true });
    const a = device.createBuffer({ size: 4096, usage: 0 });
    const b = device.createBuffer({ size: 1024, usage: 0 });
    a.destroy();
    expect(memoryUse({ resetPeak: true })).toMatchObject({ gpuBytes: 1024, gpuPeakBytes: 5120 });
    expect(memoryUse()).toMatchObject({ gpuPeakBytes: 1024 });
    b.destroy();
    expect(memoryUse()).toMatchObject({ gpuBytes: 0, gpuPeakBytes: 1024 });
  });

  it('sees the memory of a WASM module it exports, and follows its growth', async () => {
    const { instance } = (await WebAssembly.instantiate(EXPORTS_MEMORY)) as unknown as WebAssembly.WebAssemblyInstantiatedSource;
    expect(memoryUse().wasmHeapBytes).toBe(2 * 65536);
    (instance.exports.mem as WebAssembly.Memory).grow(1);
    expect(memoryUse().wasmHeapBytes).toBe(3 * 65536);
  });

  it('sees a memory passed in as an import (threaded builds)', async () => {
    const shared = new WebAssembly.Memory({ initial: 5, maximum: 10 });
    // (module) with no imports still accepts an import object; the probe looks at what it is given.
    await WebAssembly.instantiate(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]), { env: { memory: shared } });
    expect(memoryUse().wasmHeapBytes).toBe(5 * 65536);
  });
});
