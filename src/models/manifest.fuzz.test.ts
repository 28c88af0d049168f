// Fuzzing model manifests (any URL a user opens with ?model=, and the import form's JSON) and
// label files (one class per line, shown in the results).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError, shownValue } from '../domain/errors';
import { MAX_INPUT_SIDE, type ModelManifest } from '../domain/manifest';
import { expectNoFuzzFailures, FUZZ_TEST_TIMEOUT_MS, fuzzTest, jsonMutator, runFuzz, textMutator } from '../onnx/testing/fuzz';
import { parseLabels, parseManifestText } from './manifest';

const builtIn = (id: string) => readFileSync(new URL(`../../public/models/${id}/manifest.json`, import.meta.url), 'utf8');

const YOLOX = {
  id: 'yolox-nano',
  name: 'YOLOX-Nano',
  task: 'yolox',
  weights: 'trained',
  model: 'model.onnx',
  labels: 'labels.txt',
  input: { name: 'images', shape: [1, 3, 416, 416], layout: 'NCHW', channelOrder: 'BGR', resize: 'letterbox', padValue: 114 },
  outputs: [{ name: 'output', kind: 'detections' }],
  yolox: { strides: [8, 16, 32], numClasses: 80, scoreThreshold: 0.3, nmsThreshold: 0.45, classFilter: [0] },
};

const seeds = [builtIn('googlenet'), builtIn('detectnet'), JSON.stringify(YOLOX, null, 2)];

/** What the worker sizes buffers from and loops over is in range. */
function checkManifest(result: unknown): string | undefined {
  const m = result as ModelManifest;
  const [n, c, h, w] = m.input.shape;
  if (!(n === -1 || (Number.isInteger(n) && n >= 1)) || c !== 3) return `shape ${m.input.shape.join(', ')}`;
  if (![h, w].every((d) => Number.isInteger(d) && d >= 1 && d <= MAX_INPUT_SIDE)) return `size ${h}x${w}`;
  if (![...m.input.mean, ...m.input.std, m.input.pixelScale].every(Number.isFinite)) return 'a mean, std or scale that is not finite';
  if (m.outputs.length === 0 || m.outputs.some((o) => typeof o.name !== 'string')) return 'outputs without names';
  if (m.yolox && !(Number.isInteger(m.yolox.numClasses) && m.yolox.strides.every((s) => Number.isInteger(s) && s > 0))) return 'yolox';
  return undefined;
}

describe('manifest fuzzing', () => {
  fuzzTest(
    '2,000 mutated manifests validate, or fail with MANIFEST_INVALID naming the field',
    {
      name: 'manifest',
      seed: 61,
      cases: 2000,
      seeds,
      mutate: jsonMutator(),
      parse: (text) => parseManifestText(text, 'https://example.test/m.json'),
      codes: ['MANIFEST_INVALID'],
      check: checkManifest,
      sizeOf: (text) => text.length,
    },
    { results: 300, errors: { MANIFEST_INVALID: 300 } },
  );

  it(
    '2,000 mutated label files give one trimmed, non-empty label per line',
    () => {
      const labels = readFileSync(new URL('../../public/models/imagenet/labels.txt', import.meta.url), 'utf8');
      const seedsOfLabels = [
        labels.split('\n').slice(0, 40).join('\n'),
        'n01440764 tench, Tinca tinca\r\nn01443537 goldfish\r\n',
        'person\n\n<b>car</b>\n',
      ];
      const report = runFuzz({
        name: 'labels',
        seed: 62,
        cases: 2000,
        seeds: seedsOfLabels,
        mutate: textMutator({ words: ['\r\n', 'n01440764 ', '<script>alert(1)</script>', '   '] }),
        parse: (text) => parseLabels(text),
        codes: [],
        check: (result) => {
          const list = result as string[];
          return list.every((l) => typeof l === 'string' && l.length > 0 && l === l.trim()) ? undefined : 'an empty or untrimmed label';
        },
        sizeOf: (text) => text.length,
      });
      expectNoFuzzFailures(report);
      expect(report.results).toBe(2000);
    },
    FUZZ_TEST_TIMEOUT_MS,
  );
});

describe('manifest: hostile inputs', () => {
  const error = (text: string): string => {
    try {
      parseManifestText(text, 'm.json');
      return 'valid';
    } catch (e) {
      return e instanceof AppError ? `${e.code}: ${e.message}` : `${(e as Error).name}: ${(e as Error).message}`;
    }
  };
  const googlenet = JSON.parse(builtIn('googlenet')) as Record<string, unknown> & { input: Record<string, unknown> };

  it('a "task" nested 20,000 lists deep is described, not serialized (JSON.stringify overflowed the stack: RangeError)', () => {
    const text = JSON.stringify({ ...googlenet, task: 0 }).replace('"task":0', `"task":${'['.repeat(20_000)}${']'.repeat(20_000)}`);
    expect(error(text)).toBe('MANIFEST_INVALID: manifest m.json: "task" must be one of classification, detectnet, yolox, got a list of 1');
  });

  it('a 100000 x 100000 input is refused before the worker sizes a warm-up tensor from it', () => {
    const text = JSON.stringify({ ...googlenet, input: { ...googlenet.input, shape: [-1, 3, 100000, 100000] } });
    expect(error(text)).toMatch(/^MANIFEST_INVALID: manifest m\.json: "input\.shape" must have a whole-number size of at most 4096 pixels/);
    const fractional = JSON.stringify({ ...googlenet, input: { ...googlenet.input, shape: [2.5, 3, 224, 224] } });
    expect(error(fractional)).toMatch(/must start with -1 \(any batch\) or a batch from 1 to 1024/);
  });

  it('text that is not JSON is a MANIFEST_INVALID that says so', () => {
    expect(error('<html>404</html>')).toMatch(/^MANIFEST_INVALID: manifest m\.json: is not valid JSON: /);
  });

  it('shownValue keeps messages short for any value', () => {
    expect(shownValue('x'.repeat(1000))).toBe(`"${'x'.repeat(60)}..."`);
    expect(shownValue([])).toBe('[]');
    expect(shownValue({ a: 1 })).toBe('{"a":1}');
    expect(shownValue(Array.from({ length: 9 }, () => 0))).toBe('a list of 9');
  });
});
