import { AppError } from '../domain/errors';
import type { CaffeImportRequest, ImportResult } from '../domain/library';
import { caffeModelWeights } from '../caffe/caffeModelWeights';
import { readCaffeModel } from '../caffe/caffemodel';
import { convertCaffeToOnnx, type ConversionSummary } from '../caffe/convert';
import { readBinaryProtoMean, readNpyMean } from '../caffe/meanFile';
import { parseManifest } from '../models/manifest';
import { type ModelManifest } from '../domain/manifest';
import { readOnnxSignature } from '../models/onnxSignature';
import { proposeManifest, type OnnxSignature } from '../models/proposeManifest';
import { buildGoogLeNetWith } from '../onnx/googlenet';
import { encodeModel } from '../onnx/schema';
import { libraryId, saveToLibrary } from '../platform/library';
import { libraryManifestUrl } from '../domain/library';
import { type LibraryEntry } from '../domain/library';
import type { ProgressSink } from './dispatcher';

const bytesOf = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer());

/** Any failure of a user's file is a MODEL_INVALID with the reader's own message (it names the file, layer, line). */
function asInvalid(error: unknown): AppError {
  return error instanceof AppError ? error : new AppError('MODEL_INVALID', (error as Error).message);
}

async function store(
  manifest: ModelManifest,
  model: Uint8Array,
  kind: LibraryEntry['kind'],
  labels?: string,
  replaces?: string,
): Promise<ImportResult> {
  const files: Record<string, Uint8Array | string> = { 'model.onnx': model, 'manifest.json': JSON.stringify(manifest, null, 2) };
  if (labels) files['labels.txt'] = labels;
  const entry = await saveToLibrary({ id: manifest.id, name: manifest.name, task: manifest.task, kind, replaces }, files);
  return { entry, manifestUrl: libraryManifestUrl(manifest.id) };
}

/** A DIGITS/Caffe job -> ONNX in the library: the lab's "build phase", in the worker so the page stays responsive. */
export async function importCaffeJob(
  request: CaffeImportRequest,
  imagenetLabelsUrl: string,
  progress: ProgressSink,
): Promise<ImportResult & { summary: ConversionSummary }> {
  let converted;
  try {
    progress({ stage: 'download', loaded: 0, total: request.caffemodel.size });
    const caffemodel = readCaffeModel(await bytesOf(request.caffemodel), request.caffemodelName);
    const meanBytes = request.mean ? await bytesOf(request.mean) : undefined;
    const mean = meanBytes
      ? request.meanName?.endsWith('.npy')
        ? readNpyMean(meanBytes, request.meanName)
        : readBinaryProtoMean(meanBytes, request.meanName)
      : undefined;
    converted = convertCaffeToOnnx({
      prototxt: request.prototxt,
      prototxtName: request.prototxtName,
      caffemodel,
      caffemodelName: request.caffemodelName,
      name: request.name,
      inputSize: request.inputSize,
      mean,
      onProgress: (done, total) => progress({ stage: 'create', loaded: done, total }),
    });
  } catch (error) {
    throw asInvalid(error);
  }
  const { summary, model } = converted;
  const input = summary.inputs[0]!;
  // The net's own channel count: the manifest check refuses what the app cannot feed, naming it.
  const [, c, h, w] = input.dims;
  const id = libraryId(request.name);
  const detection = summary.detection;
  const lastLayer = summary.layers[summary.layers.length - 1];
  const meanInGraph = summary.meanSubtracted !== undefined;
  const manifest = parseManifest(
    {
      id,
      name: request.name,
      task: detection ? 'detectnet' : 'classification',
      weights: 'trained',
      model: 'model.onnx',
      labels: request.labels ? 'labels.txt' : summary.outputs[0]?.dims.at(-1) === 1000 ? imagenetLabelsUrl : undefined,
      input: {
        name: input.name,
        shape: [-1, c, h, w],
        layout: 'NCHW',
        channelOrder: 'BGR', // Caffe reads images with OpenCV: BGR
        pixelScale: 1,
        mean: meanInGraph ? [0, 0, 0] : (request.channelMean ?? [0, 0, 0]),
        std: [1, 1, 1],
        resize: 'stretch',
      },
      outputs: detection
        ? [
            { name: detection.coverage, kind: 'coverage' },
            { name: detection.bboxes, kind: 'bboxes' },
          ]
        : [{ name: summary.outputs[0]!.name, kind: lastLayer?.type === 'Softmax' ? 'probabilities' : 'logits' }],
      cluster: detection
        ? {
            coverageThreshold: detection.forInput.coverageThreshold,
            rectThreshold: detection.forInput.rectThreshold,
            rectEps: detection.forInput.rectEps,
            minHeight: detection.forInput.minHeight,
          }
        : undefined,
    },
    `the converted ${request.name}`,
  );
  return { ...(await store(manifest, model, 'caffe', request.labels)), summary };
}

/** Inputs, outputs and a proposed configuration of a dropped .onnx file, read without creating a session. */
export async function inspectOnnx(
  model: Blob,
  fileName: string,
  imagenetLabelsUrl: string,
): Promise<{ signature: OnnxSignature; proposal: ModelManifest }> {
  const signature = readOnnxSignature(await bytesOf(model), fileName);
  const name = fileName.replace(/\.onnx$/i, '');
  return { signature, proposal: proposeManifest(libraryId(name), name, signature, imagenetLabelsUrl) };
}

export async function importOnnx(model: Blob, manifestJson: unknown, labels?: string): Promise<ImportResult> {
  const manifest = parseManifest(
    { ...(manifestJson as object), model: 'model.onnx', ...(labels ? { labels: 'labels.txt' } : {}) },
    'the import form',
  );
  return store(manifest, await bytesOf(model), 'onnx', labels);
}

/**
 * BVLC's trained GoogLeNet: the caffemodel's blobs go into the project's own GoogLeNet graph by
 * layer name, and the result stands in for the built-in (synthetic) GoogLeNet from then on.
 */
export async function importTrainedGoogLeNet(
  caffemodel: Uint8Array,
  fileName: string,
  builtInManifest: ModelManifest,
  imagenetLabelsUrl: string,
): Promise<ImportResult> {
  let onnx: Uint8Array;
  try {
    const built = buildGoogLeNetWith(caffeModelWeights(readCaffeModel(caffemodel, fileName), fileName), { weights: 'trained' });
    onnx = encodeModel(built.model);
  } catch (error) {
    throw asInvalid(error);
  }
  const manifest: ModelManifest = {
    ...builtInManifest,
    id: 'googlenet-trained',
    name: 'GoogLeNet (BVLC, trained)',
    weights: 'trained',
    labels: imagenetLabelsUrl,
  };
  return store(manifest, onnx, 'download', undefined, 'googlenet');
}
