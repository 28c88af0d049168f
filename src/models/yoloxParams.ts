// The YOLOX postprocessing settings a user types (score threshold, NMS IoU threshold, class filter):
// parsed as typed, each error naming the value and the rule, and applied to a manifest. The Detect
// view's live controls, the ONNX import form and the worker all go through these functions.
import type { ModelManifest, YoloxConfig, YoloxLiveParams } from '../domain/manifest';
import { COCO_CLASSES } from './cocoClasses';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** The class names of a YOLOX model with `numClasses` outputs: COCO's when it has COCO's 80. */
export const yoloxClassNames = (numClasses: number): readonly string[] | undefined =>
  numClasses === COCO_CLASSES.length ? COCO_CLASSES : undefined;

function parseUnitInterval(text: string, what: string): Parsed<number> {
  const trimmed = text.trim();
  const value = Number(trimmed);
  if (trimmed === '' || !Number.isFinite(value) || value < 0 || value > 1) {
    return { ok: false, error: `'${text}' is not ${what}: it must be a number from 0 to 1` };
  }
  return { ok: true, value };
}

/** A box is kept when objectness x class score is above this. */
export const parseScoreThreshold = (text: string): Parsed<number> => parseUnitInterval(text, 'a score threshold');

/** A box is dropped when it overlaps a higher-scored box of its class by more than this IoU. */
export const parseNmsThreshold = (text: string): Parsed<number> => parseUnitInterval(text, 'an IoU threshold');

/**
 * "all" keeps every class (undefined); otherwise a comma-separated list of class numbers or, for a
 * COCO model, class names ("person, car" or "0, 2"). Numbers may also be separated by spaces.
 */
export function parseClassFilter(text: string, numClasses: number): Parsed<number[] | undefined> {
  const names = yoloxClassNames(numClasses);
  const rule = `a class number (0 to ${numClasses - 1})${names ? ' or a COCO class name' : ''}`;
  const fail = (error: string): Parsed<number[] | undefined> => ({ ok: false, error: `'${text}' is not a list of classes: ${error}` });
  if (text.trim().toLowerCase() === 'all') return { ok: true, value: undefined };
  const tokens = text
    .split(',')
    .map((t) => t.trim())
    .flatMap((t) => (/^\d+(\s+\d+)+$/.test(t) ? t.split(/\s+/) : [t]));
  if (tokens.every((t) => t === '')) return fail(`name at least one class, or 'all'`);
  const classes: number[] = [];
  for (const token of tokens) {
    if (token === '') return fail('an empty entry between commas');
    if (/^\d+$/.test(token)) {
      const index = Number(token);
      if (index >= numClasses) return fail(`'${token}' is not ${rule}`);
      classes.push(index);
      continue;
    }
    const index = names?.findIndex((n) => n.toLowerCase() === token.toLowerCase()) ?? -1;
    if (index < 0) return fail(`'${token}' is not ${rule}`);
    classes.push(index);
  }
  return { ok: true, value: [...new Set(classes)].sort((a, b) => a - b) };
}

/** The class filter as the field shows it: numbers, or 'all'. */
export const formatClassFilter = (classFilter: readonly number[] | undefined): string => (classFilter ? classFilter.join(', ') : 'all');

/** What a class filter keeps, in words ("person, car"; "all 80 classes"). */
export function describeClassFilter(classFilter: readonly number[] | undefined, numClasses: number): string {
  if (!classFilter) return `all ${numClasses} classes`;
  const names = yoloxClassNames(numClasses);
  return classFilter.map((c) => (names ? names[c] : `class ${c}`)).join(', ');
}

/** Why settings that did not come from the fields (a worker message) cannot be used; undefined when they can. */
export function yoloxParamsError(params: YoloxLiveParams, numClasses: number): string | undefined {
  const inUnit = (v: number) => Number.isFinite(v) && v >= 0 && v <= 1;
  if (!inUnit(params.scoreThreshold)) return `score threshold ${params.scoreThreshold} is not a number from 0 to 1`;
  if (!inUnit(params.nmsThreshold)) return `IoU threshold ${params.nmsThreshold} is not a number from 0 to 1`;
  const bad = params.classFilter?.find((c) => !Number.isInteger(c) || c < 0 || c >= numClasses);
  if (bad !== undefined) return `class ${bad} is not a class of this model (0 to ${numClasses - 1})`;
  if (params.classFilter?.length === 0) return 'the class filter is empty: name at least one class';
  return undefined;
}

/** The manifest with the user's YOLOX settings in place of its own; the grid, strides and class count stay. */
export function withYoloxParams(manifest: ModelManifest, params: YoloxLiveParams): ModelManifest {
  const base: YoloxConfig = manifest.yolox!;
  const yolox: YoloxConfig = { ...base, scoreThreshold: params.scoreThreshold, nmsThreshold: params.nmsThreshold };
  if (params.classFilter) yolox.classFilter = [...params.classFilter];
  else delete yolox.classFilter;
  return { ...manifest, yolox };
}

/** The three fields as typed. */
export interface YoloxFieldTexts {
  score: string;
  nms: string;
  classes: string;
}

export const yoloxFieldTexts = (yolox: YoloxConfig): YoloxFieldTexts => ({
  score: String(yolox.scoreThreshold),
  nms: String(yolox.nmsThreshold),
  classes: formatClassFilter(yolox.classFilter),
});

/** All three fields at once: the settings when every field is valid, and each field's error. */
export function parseYoloxFields(
  texts: YoloxFieldTexts,
  numClasses: number,
): { params?: YoloxLiveParams; errors: Partial<Record<keyof YoloxFieldTexts, string>> } {
  const score = parseScoreThreshold(texts.score);
  const nms = parseNmsThreshold(texts.nms);
  const classes = parseClassFilter(texts.classes, numClasses);
  const errors = {
    ...(score.ok ? {} : { score: score.error }),
    ...(nms.ok ? {} : { nms: nms.error }),
    ...(classes.ok ? {} : { classes: classes.error }),
  };
  if (!score.ok || !nms.ok || !classes.ok) return { errors };
  return { params: { scoreThreshold: score.value, nmsThreshold: nms.value, classFilter: classes.value }, errors };
}
