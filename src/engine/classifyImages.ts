import type { ClassifiedImage, ClassifyResult } from '../domain/model';
import { AppError } from '../domain/errors';
import { type STAGES, type StageTimings } from '../domain/units';
import { softmax, splitRows, topK } from '../pipeline/postprocess/classify';
import { packBatch } from '../pipeline/preprocess/normalize';
import { decodeBitmapToSize, decodeToSize } from '../sources/decodeImage';
import { maxBatch, preprocessPath, runModel, type LoadedModel } from './loadedModel';
import type { BatchInput } from './runtime/session';

interface Decoded {
  sourceWidth: number;
  sourceHeight: number;
}

/**
 * Images in, top-k out, with the time of each stage. Both paths decode each file straight to the
 * model's size (the browser resizes while decoding); the GPU path uploads that bitmap and one
 * compute pass writes the batch tensor where the model reads it, the CPU path reads the pixels
 * back and normalizes them in JavaScript.
 */
export async function classifyImages(model: LoadedModel, images: Blob[], k: number): Promise<ClassifyResult> {
  const { manifest, labels, gpu } = model;
  if (manifest.task !== 'classification')
    throw new AppError('BAD_REQUEST', `${manifest.name} is a ${manifest.task} model, not a classifier`);
  if (images.length === 0) throw new AppError('BAD_REQUEST', 'no images to classify');
  const limit = maxBatch(manifest);
  if (images.length > limit)
    throw new AppError('BAD_REQUEST', `${manifest.name} takes at most ${limit} image(s) per batch, got ${images.length}`);
  const [, , height, width] = manifest.input.shape;
  const timings: StageTimings = { decode: 0, preprocess: 0, inference: 0, postprocess: 0 };
  let t = performance.now();
  const mark = (stage: (typeof STAGES)[number]) => {
    const now = performance.now();
    timings[stage] += now - t;
    t = now;
  };

  const decoded: Decoded[] = [];
  let input: BatchInput;
  if (gpu) {
    const bitmaps: ImageBitmap[] = [];
    try {
      for (const image of images) {
        const d = await decodeBitmapToSize(image, width, height);
        bitmaps.push(d.bitmap);
        decoded.push(d);
      }
      mark('decode');
      // Submitted, not finished: the GPU runs the pass before the model, in queue order.
      input = { tensor: gpu.prepare(bitmaps.map((image) => ({ image, width: image.width, height: image.height }))).tensor };
    } finally {
      bitmaps.forEach((b) => b.close());
    }
  } else {
    const rgba: Uint8ClampedArray[] = [];
    for (const image of images) {
      const d = await decodeToSize(image, width, height);
      rgba.push(d.rgba);
      decoded.push(d);
    }
    mark('decode');
    input = { data: packBatch(rgba, width, height, manifest.input), dims: [images.length, 3, height, width] };
  }
  mark('preprocess');
  const output = manifest.outputs[0]!;
  const result = await runModel(model, input, `classifying ${images.length} image(s)`);
  mark('inference');
  const classified = splitRows(result[output.name]!.data, images.length).map((row, n): ClassifiedImage => {
    const probs = output.kind === 'logits' ? softmax(row) : row.slice();
    return {
      probs,
      top: topK(probs, k).map(({ index, prob }) => ({ index, prob, label: labels[index] ?? `class ${index}` })),
      sourceWidth: decoded[n]!.sourceWidth,
      sourceHeight: decoded[n]!.sourceHeight,
    };
  });
  mark('postprocess');
  return { images: classified, backend: model.open.backend, preprocess: preprocessPath(model), batchSize: images.length, timings };
}
