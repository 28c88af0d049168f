import { RUN_SCHEMA_VERSION, type BenchRun, type RunPoint } from '../metrics/runFormat';
import type { Capabilities } from '../../platform/capabilities';
import { PLAIN_SESSION, type LoadedModel, type SessionVariant } from '../../domain/model';
import { checkBatch, WASM_MEMORY_LIMITS, webGpuMemoryLimits } from './memoryModel';
import type { ModelDescription } from '../../onnx/modelDescription';
import type { BatchFit } from './sweepPlan';

/** Whether the loaded model can run a batch on this device: its fixed batch, then the memory model against the backend's limits. */
export function batchFitFor(
  loaded: LoadedModel,
  description: ModelDescription,
  capabilities: Capabilities | undefined,
): (batch: number) => BatchFit {
  const gpu = capabilities?.webgpu.limits;
  const limits = loaded.backend === 'webgpu' && gpu ? webGpuMemoryLimits(gpu) : WASM_MEMORY_LIMITS;
  const fixed = loaded.manifest.input.shape[0];
  return (batch) => {
    if (fixed > 0 && batch !== fixed)
      return { fits: false, reason: `${loaded.manifest.name} has a fixed batch dimension: it only runs batch ${fixed}` };
    const check = checkBatch(description, limits, batch);
    return check.fits ? { fits: true } : { fits: false, reason: check.reason };
  };
}

/**
 * The variant a sweep can really time here: both need WebGPU, float16 also the adapter's
 * shader-f16; what cannot run falls back to the plain session (the UI does not offer it).
 */
export function sweepVariant(asked: SessionVariant, loaded: LoadedModel, capabilities: Capabilities | undefined): SessionVariant {
  if (loaded.backend !== 'webgpu') return PLAIN_SESSION;
  return { graphCapture: asked.graphCapture, float16: asked.float16 && capabilities?.webgpu.shaderF16 === true };
}

/** A finished sweep as the run file the app exports and `npm run bench -- --sweep` writes. */
export function sweepRunFile(
  name: string,
  loaded: LoadedModel,
  capabilities: Capabilities | undefined,
  points: RunPoint[],
  stopReason: string | undefined,
  /** The browser that measured it (navigator.userAgent), recorded with the run. */
  userAgent: string,
  variant: SessionVariant = PLAIN_SESSION,
): BenchRun {
  const support = capabilities?.[loaded.backend];
  return {
    schemaVersion: RUN_SCHEMA_VERSION,
    name,
    model: loaded.manifest.id,
    backend: loaded.backend,
    device: {
      description: support?.detail ?? loaded.backend,
      software: support?.software,
      wasmThreads: loaded.backend === 'wasm' ? loaded.wasmThreads : undefined,
    },
    userAgent,
    date: new Date().toISOString(),
    sessionCreateMs: loaded.createMs,
    firstRunMs: loaded.warmupMs,
    ...(variant.graphCapture ? { graphCapture: true } : {}),
    ...(variant.float16 ? { float16: true } : {}),
    points,
    stopReason,
  };
}
