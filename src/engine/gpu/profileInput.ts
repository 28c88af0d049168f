import type { KernelClock, KernelTime } from '../../domain/model';
import type { ProfileInput } from '../runtime/session';
import type { GpuPreprocessor } from './gpuPreprocessor';

/** The name the preprocessing pass goes by among the model's kernels. */
export const PREPROCESS_KERNEL = 'preprocess (WGSL pass)';

/** A photo-sized frame (640x480, smooth colours) so the profiled pass resizes as it would for a camera frame. */
function sampleFrame(): ImageBitmap {
  const canvas = new OffscreenCanvas(640, 480);
  const ctx = canvas.getContext('2d')!;
  const gradient = ctx.createLinearGradient(0, 0, 640, 480);
  gradient.addColorStop(0, '#2a6');
  gradient.addColorStop(1, '#a26');
  ctx.fillStyle = gradient;
  ctx.fillRect(0, 0, 640, 480);
  return canvas.transferToImageBitmap();
}

export interface GpuProfileInput extends ProfileInput {
  /** The pass's GPU time over every profiled run (warm-up included, like the model's kernels), if timestamps were read. */
  passTime(clock: KernelClock): KernelTime | undefined;
  close(): void;
}

/**
 * Feeds profiled runs through the app's GPU path: each run's input comes from the preprocessing
 * pass with timestamp queries around it, so the pass shows up next to the model's kernels.
 */
export function gpuProfileInput(gpu: GpuPreprocessor, batch: number): GpuProfileInput {
  const frame = sampleFrame();
  const frames = Array.from({ length: batch }, () => ({ image: frame, width: frame.width, height: frame.height }));
  let totalMs = 0;
  let calls = 0;
  return {
    next: async () => ({ tensor: gpu.prepare(frames, true).tensor }),
    afterRun: async () => {
      const ms = await gpu.lastPassMs();
      if (ms === undefined) return;
      totalMs += ms;
      calls++;
    },
    // Only comparable with GPU-timed kernels: a CPU-clock profile gets no bar for the pass.
    passTime: (clock) =>
      clock === 'gpu' && calls > 0 ? { node: PREPROCESS_KERNEL, op: 'Preprocess', provider: 'app', totalMs, calls } : undefined,
    close: () => frame.close(),
  };
}
