import { AppError, shownValue } from '../domain/errors';
import {
  DEFAULT_CLUSTER,
  MAX_INPUT_SIDE,
  MODEL_TASKS,
  type ClusterConfig,
  type InputSpec,
  type ModelManifest,
  type ModelTask,
  type OutputSpec,
  type YoloxConfig,
} from '../domain/manifest';

function fail(source: string, what: string): never {
  throw new AppError('MANIFEST_INVALID', `manifest ${source}: ${what}`);
}

function isNumberArray(value: unknown, length: number): value is number[] {
  return Array.isArray(value) && value.length === length && value.every((v) => typeof v === 'number' && Number.isFinite(v));
}

/** A manifest file's text (from any URL a user passes as ?model=): JSON, then parseManifest. */
export function parseManifestText(text: string, source: string): ModelManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    fail(source, `is not valid JSON: ${(error as Error).message}`);
  }
  return parseManifest(json, source);
}

/** Validates untrusted JSON (a user can pass any URL as ?model=) into a manifest, naming the first bad field. */
export function parseManifest(json: unknown, source: string): ModelManifest {
  if (typeof json !== 'object' || json === null) fail(source, 'is not a JSON object');
  const m = json as Record<string, unknown>;
  for (const key of ['id', 'name', 'model'] as const) {
    if (typeof m[key] !== 'string' || m[key] === '') fail(source, `"${key}" must be a non-empty string`);
  }
  if (!MODEL_TASKS.includes(m.task as ModelTask))
    fail(source, `"task" must be one of ${MODEL_TASKS.join(', ')}, got ${shownValue(m.task)}`);
  if (m.weights !== 'synthetic' && m.weights !== 'trained') fail(source, `"weights" must be "synthetic" or "trained"`);
  if (m.labels !== undefined && typeof m.labels !== 'string') fail(source, `"labels" must be a string`);

  const input = m.input as Record<string, unknown> | undefined;
  if (typeof input !== 'object' || input === null) fail(source, '"input" is missing');
  if (typeof input.name !== 'string') fail(source, '"input.name" must be a string');
  if (!isNumberArray(input.shape, 4)) fail(source, '"input.shape" must be [N, C, H, W]');
  const [batch, channels, height, width] = input.shape as [number, number, number, number];
  if (channels !== 3 || !(height > 0) || !(width > 0))
    fail(source, `"input.shape" must have 3 channels and a positive size, got ${JSON.stringify(input.shape)}`);
  // Buffers are sized from these numbers (the batch tensor, the warm-up input): bound them here.
  if (!Number.isInteger(height) || !Number.isInteger(width) || height > MAX_INPUT_SIDE || width > MAX_INPUT_SIDE) {
    fail(
      source,
      `"input.shape" must have a whole-number size of at most ${MAX_INPUT_SIDE} pixels a side, got ${JSON.stringify(input.shape)}`,
    );
  }
  if (batch !== -1 && !(Number.isInteger(batch) && batch >= 1 && batch <= 1024)) {
    fail(source, `"input.shape" must start with -1 (any batch) or a batch from 1 to 1024, got ${JSON.stringify(input.shape)}`);
  }
  if (input.layout !== 'NCHW') fail(source, '"input.layout" must be "NCHW"');
  if (input.channelOrder !== 'RGB' && input.channelOrder !== 'BGR') fail(source, '"input.channelOrder" must be "RGB" or "BGR"');
  const pixelScale = input.pixelScale ?? 1;
  if (typeof pixelScale !== 'number' || !(pixelScale > 0)) fail(source, '"input.pixelScale" must be a positive number');
  const mean = input.mean ?? [0, 0, 0];
  const std = input.std ?? [1, 1, 1];
  if (!isNumberArray(mean, 3)) fail(source, '"input.mean" must be three numbers');
  if (!isNumberArray(std, 3) || std.some((s) => s === 0)) fail(source, '"input.std" must be three non-zero numbers');

  if (!Array.isArray(m.outputs) || m.outputs.length === 0) fail(source, '"outputs" must be a non-empty list');
  const outputs = m.outputs.map((o: unknown, i: number): OutputSpec => {
    const out = o as Record<string, unknown>;
    if (typeof out?.name !== 'string') fail(source, `"outputs[${i}].name" must be a string`);
    if (!['probabilities', 'logits', 'coverage', 'bboxes', 'detections'].includes(out.kind as string)) {
      fail(source, `"outputs[${i}].kind" must be probabilities, logits, coverage, bboxes or detections`);
    }
    return { name: out.name, kind: out.kind as OutputSpec['kind'] };
  });
  const resize = input.resize ?? (m.task === 'yolox' ? 'letterbox' : 'stretch');
  if (resize !== 'stretch' && resize !== 'letterbox') fail(source, '"input.resize" must be "stretch" or "letterbox"');
  const padValue = input.padValue ?? 114;
  if (typeof padValue !== 'number' || padValue < 0 || padValue > 255) fail(source, '"input.padValue" must be a number in 0..255');
  const cluster = m.task === 'detectnet' ? parseCluster(m.cluster, source) : undefined;
  const yolox = m.task === 'yolox' ? parseYolox(m.yolox, source) : undefined;

  return {
    id: m.id as string,
    name: m.name as string,
    task: m.task as ModelTask,
    weights: m.weights,
    model: m.model as string,
    labels: m.labels as string | undefined,
    input: {
      name: input.name,
      shape: input.shape as InputSpec['shape'],
      layout: 'NCHW',
      channelOrder: input.channelOrder,
      pixelScale,
      mean: mean as InputSpec['mean'],
      std: std as InputSpec['std'],
      resize,
      padValue,
    },
    outputs,
    cluster,
    yolox,
  };
}

function numberField(o: Record<string, unknown>, key: string, source: string, where: string, fallback?: number): number {
  const value = o[key] ?? fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(source, `"${where}.${key}" must be a number`);
  return value;
}

function wholeNumberField(o: Record<string, unknown>, key: string, source: string, where: string): number {
  const value = o[key];
  if (!Number.isInteger(value) || (value as number) < 1)
    fail(source, `"${where}.${key}" must be a whole number >= 1, got ${shownValue(value)}`);
  return value as number;
}

function parseCluster(json: unknown, source: string): ClusterConfig {
  const o = (json ?? {}) as Record<string, unknown>;
  return {
    coverageThreshold: numberField(o, 'coverageThreshold', source, 'cluster', DEFAULT_CLUSTER.coverageThreshold),
    rectThreshold: numberField(o, 'rectThreshold', source, 'cluster', DEFAULT_CLUSTER.rectThreshold),
    rectEps: numberField(o, 'rectEps', source, 'cluster', DEFAULT_CLUSTER.rectEps),
    minHeight: numberField(o, 'minHeight', source, 'cluster', DEFAULT_CLUSTER.minHeight),
  };
}

function parseYolox(json: unknown, source: string): YoloxConfig {
  if (typeof json !== 'object' || json === null) fail(source, 'a yolox model needs "yolox": {strides, numClasses, ...}');
  const o = json as Record<string, unknown>;
  if (!Array.isArray(o.strides) || o.strides.length === 0 || !o.strides.every((s) => Number.isInteger(s) && s > 0)) {
    fail(source, '"yolox.strides" must be a list of positive integers');
  }
  const classFilter = o.classFilter;
  if (classFilter !== undefined && !(Array.isArray(classFilter) && classFilter.every((c) => Number.isInteger(c) && c >= 0))) {
    fail(source, '"yolox.classFilter" must be a list of class indices');
  }
  return {
    strides: o.strides as number[],
    numClasses: wholeNumberField(o, 'numClasses', source, 'yolox'),
    scoreThreshold: numberField(o, 'scoreThreshold', source, 'yolox', 0.3),
    nmsThreshold: numberField(o, 'nmsThreshold', source, 'yolox', 0.45),
    classFilter: classFilter as number[] | undefined,
  };
}

/** Label files list one class per line; a line may hold a WordNet id and synonyms ("n01614925 bald eagle, American eagle"). */
export function parseLabels(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => line.replace(/^n\d{8}\s+/, ''));
}

/** The first synonym is the name people use ("bald eagle, American eagle, ..." -> "bald eagle"). */
export function shortLabel(label: string): string {
  return label.split(',')[0]!.trim();
}
