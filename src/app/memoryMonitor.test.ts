import { afterEach, describe, expect, it, vi } from 'vitest';
import { create } from 'zustand';
import type { WorkerHandle } from '../bridge/workerHandle';
import type { MemoryUse } from '../domain/memory';
import { startMemoryMonitor } from './memoryMonitor';
import type { AppState } from './store';

function fakeWorker(answers: (() => Promise<MemoryUse>)[]): { handle: WorkerHandle; asked: () => number } {
  let asked = 0;
  const client = { request: vi.fn(async () => answers[Math.min(asked++, answers.length - 1)]!()) };
  return { handle: { current: client } as unknown as WorkerHandle, asked: () => asked };
}

const use = (gpuBytes: number): MemoryUse => ({ gpuBytes, gpuBuffers: 1, gpuPeakBytes: gpuBytes, wasmHeapBytes: 1 << 20 });

describe('memory monitor', () => {
  afterEach(() => vi.useRealTimers());

  it('polls the worker, keeps the latest figures, survives a failed poll and stops for good', async () => {
    vi.useFakeTimers();
    const store = create<Pick<AppState, 'memory'>>()(() => ({}));
    const { handle, asked } = fakeWorker([async () => use(10), () => Promise.reject(new Error('worker restarting')), async () => use(30)]);
    const stop = startMemoryMonitor(store as never, handle, 100);
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().memory?.gpuBytes).toBe(10);
    await vi.advanceTimersByTimeAsync(100); // the failed poll keeps the last figures
    expect(store.getState().memory?.gpuBytes).toBe(10);
    await vi.advanceTimersByTimeAsync(100);
    expect(store.getState().memory?.gpuBytes).toBe(30);
    stop();
    const before = asked();
    await vi.advanceTimersByTimeAsync(1000);
    expect(asked()).toBe(before);
    expect(vi.getTimerCount()).toBe(0);
  });
});
