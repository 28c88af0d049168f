import { AppError } from '../domain/errors';
import { variantName, type SessionVariant } from '../domain/model';
import { toFloat16 } from '../onnx/float16';
import { decodeModel, encodeModel } from '../onnx/schema';
import type { LoadedModel } from './loadedModel';
import { VariantBatch } from './runtime/sessionVariant';

/** The session variant for this batch size, created (and checked against the plain session) on first use. */
export async function variantBatchFor(model: LoadedModel, variant: SessionVariant, batch: number): Promise<VariantBatch> {
  const name = variantName(variant);
  if (model.open.backend !== 'webgpu' || !model.gpu) {
    throw new AppError('BAD_REQUEST', `${name} needs a WebGPU session; ${model.manifest.name} runs on ${model.open.backend}`);
  }
  const { device } = model.gpu;
  if (variant.float16 && !device.features.has('shader-f16')) {
    throw new AppError('BACKEND_UNAVAILABLE', `float16 weights need a GPU with the shader-f16 feature; this adapter does not offer it`);
  }
  const current = model.variant;
  if (current && current.batch === batch && variantName(current.variant) === name) return current;
  // One at a time: each holds its own session and buffers, and a sweep moves on for good.
  model.variant = undefined;
  await current?.release();
  const { manifest } = model;
  model.variant = await VariantBatch.create(
    variant.float16 ? float16Model(model) : model.bytes,
    variant,
    model.open.session,
    device,
    manifest.input.name,
    manifest.input.shape,
    manifest.outputs.map((o) => o.name),
    batch,
  );
  return model.variant;
}

function float16Model(model: LoadedModel): Uint8Array {
  if (!model.float16Bytes) {
    const { model: converted, overflowed } = toFloat16(decodeModel(model.bytes));
    if (overflowed.length > 0) {
      throw new AppError(
        'MODEL_INVALID',
        `${model.manifest.name} has weights beyond float16's range (±65504) in ${overflowed.slice(0, 3).join(', ')}${overflowed.length > 3 ? ` and ${overflowed.length - 3} more` : ''}`,
      );
    }
    model.float16Bytes = encodeModel(converted);
  }
  return model.float16Bytes;
}
