import { AppError } from '../../domain/errors';
import type { OutputTensor } from '../../domain/tensor';
import type { ClusterConfig, ModelManifest } from '../../domain/manifest';
import { toSourcePixels, type Placement } from '../preprocess/placement';
import type { Detection } from '../../domain/box';
import { clusterDetections } from './detectnet';
import { decodeYolox } from './yolox';

export interface FrameGeometry {
  placement: Placement;
  sourceWidth: number;
  sourceHeight: number;
}

function output(outputs: Record<string, OutputTensor>, manifest: ModelManifest, kind: string): OutputTensor {
  const spec = manifest.outputs.find((o) => o.kind === kind) ?? manifest.outputs[0];
  const tensor = spec && outputs[spec.name];
  if (!tensor) throw new AppError('INFERENCE_FAILED', `${manifest.name}: output for "${kind}" is missing`);
  return tensor;
}

/** Settings that replace the manifest's for the frames of a batch (changed live in the Detect view). */
export interface PostprocessOverrides {
  cluster?: ClusterConfig;
}

/** One batch's raw outputs -> boxes per frame, in each frame's own pixels. */
export function detectionsForBatch(
  manifest: ModelManifest,
  outputs: Record<string, OutputTensor>,
  frames: readonly FrameGeometry[],
  overrides: PostprocessOverrides = {},
): Detection[][] {
  const [, , inputHeight, inputWidth] = manifest.input.shape;
  if (manifest.task === 'detectnet') {
    const coverage = output(outputs, manifest, 'coverage');
    const bboxes = output(outputs, manifest, 'bboxes');
    const [, , gridHeight = 0, gridWidth = 0] = coverage.dims;
    const cells = gridHeight * gridWidth;
    const cluster = overrides.cluster ?? manifest.cluster!;
    return frames.map((frame, n) =>
      clusterDetections(
        coverage.data.subarray(n * cells, (n + 1) * cells),
        bboxes.data.subarray(n * 4 * cells, (n + 1) * 4 * cells),
        { width: gridWidth, height: gridHeight },
        // DetectNet's stride is the input size over the grid size (16 for GoogLeNet's body).
        { imageWidth: inputWidth, imageHeight: inputHeight, stride: inputWidth / gridWidth, ...cluster },
      ).map((d) => toSourcePixels(d, frame.placement, frame.sourceWidth, frame.sourceHeight)),
    );
  }
  if (manifest.task === 'yolox') {
    const raw = output(outputs, manifest, 'detections');
    const perFrame = raw.data.length / frames.length;
    const yolox = manifest.yolox!;
    return frames.map((frame, n) =>
      decodeYolox(raw.data.subarray(n * perFrame, (n + 1) * perFrame), { inputWidth, inputHeight, ...yolox }).map((d) =>
        toSourcePixels(d, frame.placement, frame.sourceWidth, frame.sourceHeight),
      ),
    );
  }
  throw new AppError('BAD_REQUEST', `${manifest.name} is a ${manifest.task} model, not a detector`);
}
