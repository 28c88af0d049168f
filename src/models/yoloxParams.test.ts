// The YOLOX settings as a user types them (each error naming the value and the rule), and the
// postprocessing honouring them once applied to the manifest, as the worker applies them.
import { describe, expect, it } from 'vitest';
import type { ModelManifest } from '../domain/manifest';
import { detectionsForBatch } from '../pipeline/postprocess/detections';
import { placeFrame } from '../pipeline/preprocess/placement';
import { YOLOX_NANO_MANIFEST } from './yoloxNano';
import {
  describeClassFilter,
  parseClassFilter,
  parseNmsThreshold,
  parseScoreThreshold,
  parseYoloxFields,
  withYoloxParams,
  yoloxFieldTexts,
  yoloxParamsError,
} from './yoloxParams';

describe('YOLOX fields, checked as typed', () => {
  it('thresholds are numbers from 0 to 1', () => {
    expect(parseScoreThreshold('0.99')).toEqual({ ok: true, value: 0.99 });
    expect(parseScoreThreshold(' 0 ')).toEqual({ ok: true, value: 0 });
    expect(parseNmsThreshold('1')).toEqual({ ok: true, value: 1 });
    expect(parseScoreThreshold('1.5')).toEqual({ ok: false, error: "'1.5' is not a score threshold: it must be a number from 0 to 1" });
    expect(parseScoreThreshold('')).toEqual({ ok: false, error: "'' is not a score threshold: it must be a number from 0 to 1" });
    expect(parseNmsThreshold('0.4x')).toEqual({ ok: false, error: "'0.4x' is not an IoU threshold: it must be a number from 0 to 1" });
    expect(parseNmsThreshold('-0.1').ok).toBe(false);
  });

  it('classes: numbers or COCO names, sorted and unique; "all" keeps every class', () => {
    expect(parseClassFilter('0', 80)).toEqual({ ok: true, value: [0] });
    expect(parseClassFilter('car, Person, 2', 80)).toEqual({ ok: true, value: [0, 2] });
    expect(parseClassFilter('traffic light, 0 1', 80)).toEqual({ ok: true, value: [0, 1, 9] });
    expect(parseClassFilter(' ALL ', 80)).toEqual({ ok: true, value: undefined });
  });

  it('a class the model lacks, a name of no class, or no class at all is refused with the value and the rule', () => {
    expect(parseClassFilter('0, 80', 80)).toEqual({
      ok: false,
      error: "'0, 80' is not a list of classes: '80' is not a class number (0 to 79) or a COCO class name",
    });
    expect(parseClassFilter('person, zebras', 80)).toEqual({
      ok: false,
      error: "'person, zebras' is not a list of classes: 'zebras' is not a class number (0 to 79) or a COCO class name",
    });
    // A model that is not COCO's has no names to go by.
    expect(parseClassFilter('person', 3)).toEqual({
      ok: false,
      error: "'person' is not a list of classes: 'person' is not a class number (0 to 2)",
    });
    expect(parseClassFilter(' ', 80)).toEqual({ ok: false, error: "' ' is not a list of classes: name at least one class, or 'all'" });
    expect(parseClassFilter('0,,2', 80)).toEqual({ ok: false, error: "'0,,2' is not a list of classes: an empty entry between commas" });
  });

  it('the three fields: settings only when all are valid, each error under its own field', () => {
    const texts = yoloxFieldTexts(YOLOX_NANO_MANIFEST.yolox!);
    expect(texts).toEqual({ score: '0.3', nms: '0.45', classes: '0' });
    expect(parseYoloxFields(texts, 80)).toEqual({ params: { scoreThreshold: 0.3, nmsThreshold: 0.45, classFilter: [0] }, errors: {} });
    const bad = parseYoloxFields({ ...texts, nms: '2', classes: 'all' }, 80);
    expect(bad.params).toBeUndefined();
    expect(bad.errors).toEqual({ nms: "'2' is not an IoU threshold: it must be a number from 0 to 1" });
    expect(describeClassFilter([0, 2], 80)).toBe('person, car');
    expect(describeClassFilter(undefined, 80)).toBe('all 80 classes');
  });

  it('settings from a message are checked again in the worker', () => {
    expect(yoloxParamsError({ scoreThreshold: 0.5, nmsThreshold: 0.45, classFilter: [0] }, 80)).toBeUndefined();
    expect(yoloxParamsError({ scoreThreshold: Number.NaN, nmsThreshold: 0.45 }, 80)).toBe(
      'score threshold NaN is not a number from 0 to 1',
    );
    expect(yoloxParamsError({ scoreThreshold: 0.3, nmsThreshold: 0.45, classFilter: [90] }, 80)).toBe(
      'class 90 is not a class of this model (0 to 79)',
    );
    expect(yoloxParamsError({ scoreThreshold: 0.3, nmsThreshold: 0.45, classFilter: [] }, 80)).toBe(
      'the class filter is empty: name at least one class',
    );
  });
});

describe('the postprocessing honours the settings applied to the manifest', () => {
  // A 64x32 input, strides 8/16/32, 2 classes: 32 + 8 + 2 cells of 7 values (x, y, w, h, objectness, class 0, class 1).
  const manifest: ModelManifest = {
    ...YOLOX_NANO_MANIFEST,
    input: { ...YOLOX_NANO_MANIFEST.input, shape: [1, 3, 32, 64] },
    yolox: { strides: [8, 16, 32], numClasses: 2, scoreThreshold: 0.3, nmsThreshold: 0.45, classFilter: [0] },
  };
  const output = new Float32Array(42 * 7);
  // Cell 0: a person, score 0.81, box [-4, -4, 4, 4].
  output.set([0, 0, 0, 0, 0.9, 0.9, 0], 0);
  // Cell 1 shifted back 0.75 cells: a person, score 0.45, box [-2, -4, 6, 4], IoU 0.64 with cell 0's.
  output.set([-0.75, 0, 0, 0, 0.9, 0.5, 0], 7);
  // Cell 2: class 1 only, score 0.81.
  output.set([0, 0, 0, 0, 0.9, 0, 0.9], 14);
  const frame = { placement: placeFrame(64, 32, 64, 32, 'letterbox'), sourceWidth: 64, sourceHeight: 32 };
  const boxes = (m: ModelManifest) => detectionsForBatch(m, { output: { data: output, dims: [1, 42, 7] } }, [frame])[0]!;

  it('the manifest as loaded: persons, NMS 0.45 suppresses the overlapping one', () => {
    expect(boxes(manifest).map((b) => b.score)).toEqual([Math.fround(Math.fround(0.9) * Math.fround(0.9))]);
  });

  it('a looser NMS keeps both persons; a higher score threshold drops the weaker one; 0.99 drops all', () => {
    expect(boxes(withYoloxParams(manifest, { scoreThreshold: 0.3, nmsThreshold: 0.7, classFilter: [0] }))).toHaveLength(2);
    expect(boxes(withYoloxParams(manifest, { scoreThreshold: 0.5, nmsThreshold: 0.7, classFilter: [0] }))).toHaveLength(1);
    expect(boxes(withYoloxParams(manifest, { scoreThreshold: 0.99, nmsThreshold: 0.45, classFilter: [0] }))).toHaveLength(0);
  });

  it('the class filter: all classes adds class 1; class 1 alone drops the persons; strides and class count stay', () => {
    const all = withYoloxParams(manifest, { scoreThreshold: 0.3, nmsThreshold: 0.45 });
    expect(all.yolox).toEqual({ strides: [8, 16, 32], numClasses: 2, scoreThreshold: 0.3, nmsThreshold: 0.45 });
    expect(boxes(all)).toHaveLength(2);
    const only1 = boxes(withYoloxParams(manifest, { scoreThreshold: 0.3, nmsThreshold: 0.45, classFilter: [1] }));
    expect(only1).toHaveLength(1);
    expect(only1[0]!.x1).toBeGreaterThanOrEqual(12);
    expect(manifest.yolox!.classFilter).toEqual([0]);
  });
});
