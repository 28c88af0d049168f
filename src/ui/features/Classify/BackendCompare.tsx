import type { ClassifyRun } from '../../../app/store';
import { maxAbsDiff } from '../../../pipeline/postprocess/classify';

/** Same image through both backends: do the outputs agree, and how much faster is one? */
export function BackendCompare({ webgpu, wasm }: { webgpu: ClassifyRun; wasm: ClassifyRun }) {
  const diff = maxAbsDiff(webgpu.image.probs, wasm.image.probs);
  const sameTop5 = webgpu.image.top.every((t, i) => t.index === wasm.image.top[i]?.index);
  const speedup = wasm.timings.inference / webgpu.timings.inference;
  return (
    <p className="compare" data-testid="backend-compare" data-max-abs-diff={diff} data-top5-agree={sameTop5}>
      WebGPU vs WASM: max |Δ prob| = {diff.toExponential(2)}, top-5 {sameTop5 ? 'agree' : 'differ'}; inference{' '}
      {speedup >= 1 ? `${speedup.toFixed(2)}x faster on WebGPU` : `${(1 / speedup).toFixed(2)}x faster on WASM`}.
    </p>
  );
}
