import { AppError } from '../domain/errors';
import type { ModelManifest } from '../domain/manifest';
import { maxAbsDiff, topK } from '../pipeline/postprocess/classify';
import { detectionsForBatch } from '../pipeline/postprocess/detections';
import { type OutputTensor } from '../domain/tensor';
import { writeNCHW } from '../pipeline/preprocess/normalize';
import { placeFrame } from '../pipeline/preprocess/placement';
import { openSession, runBatch, type OpenSession } from './runtime/session';
import type { BackendComparison } from '../domain/model';
import type { Detection } from '../domain/box';
import type { Backend } from '../domain/backend';

/** A smooth, photo-like RGBA test image at the model size, so both backends see realistic values. */
function testImage(width: number, height: number): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      rgba[i] = 128 + 100 * Math.sin(x / 17);
      rgba[i + 1] = 128 + 90 * Math.cos(y / 23);
      rgba[i + 2] = 128 + 80 * Math.sin((x + y) / 31);
      rgba[i + 3] = 255;
    }
  }
  return rgba;
}

function sameBoxes(a: Detection[], b: Detection[]): boolean {
  const close = (p: Detection, q: Detection) =>
    Math.abs(p.x1 - q.x1) <= 1 && Math.abs(p.y1 - q.y1) <= 1 && Math.abs(p.x2 - q.x2) <= 1 && Math.abs(p.y2 - q.y2) <= 1;
  return a.length === b.length && a.every((p, i) => close(p, b[i]!));
}

function agreement(
  manifest: ModelManifest,
  a: Record<string, OutputTensor>,
  b: Record<string, OutputTensor>,
): { agree: boolean; detail: string } {
  const [, , h, w] = manifest.input.shape;
  if (manifest.task === 'classification') {
    const name = manifest.outputs[0]!.name;
    const top = (o: Record<string, OutputTensor>) => topK(o[name]!.data, 5).map((t) => t.index);
    const agree = top(a).join() === top(b).join();
    return { agree, detail: agree ? 'top-5 classes agree' : `top-5 differ: ${top(a).join(', ')} vs ${top(b).join(', ')}` };
  }
  const geometry = [{ placement: placeFrame(w, h, w, h, 'stretch'), sourceWidth: w, sourceHeight: h }];
  const boxes = (o: Record<string, OutputTensor>) => detectionsForBatch(manifest, o, geometry)[0]!;
  const [ba, bb] = [boxes(a), boxes(b)];
  const agree = sameBoxes(ba, bb);
  return { agree, detail: agree ? `the same ${ba.length} box(es)` : `boxes differ: ${ba.length} vs ${bb.length}` };
}

/** Runs one input through the loaded session and through a temporary session on the other backend. */
export async function compareBackends(bytes: Uint8Array, open: OpenSession, manifest: ModelManifest): Promise<BackendComparison> {
  const other: Backend = open.backend === 'webgpu' ? 'wasm' : 'webgpu';
  const second = await openSession(bytes, other, manifest.name);
  try {
    if (second.backend !== other)
      throw new AppError('BACKEND_UNAVAILABLE', `cannot compare with ${other}: ${second.fallbackReason ?? 'it is not available'}`);
    const [, c, h, w] = manifest.input.shape;
    const input = new Float32Array(c * h * w);
    writeNCHW(testImage(w, h), w, h, manifest.input, input, 0);
    const names = manifest.outputs.map((o) => o.name);
    const timed = async (session: OpenSession['session']) => {
      await runBatch(session, manifest.input.name, { data: input, dims: [1, c, h, w] }, names); // warm-up
      const started = performance.now();
      const out = await runBatch(session, manifest.input.name, { data: input, dims: [1, c, h, w] }, names);
      return { out, ms: performance.now() - started };
    };
    const first = await timed(open.session);
    const secondRun = await timed(second.session);
    const outputs = names.map((name) => ({ name, maxAbsDiff: maxAbsDiff(first.out[name]!.data, secondRun.out[name]!.data) }));
    return { backends: [open.backend, other], ms: [first.ms, secondRun.ms], outputs, ...agreement(manifest, first.out, secondRun.out) };
  } finally {
    await second.session.release();
  }
}
