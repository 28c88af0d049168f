import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLabels, parseManifest, shortLabel } from './manifest';

const googlenet = JSON.parse(readFileSync(new URL('../../public/models/googlenet/manifest.json', import.meta.url), 'utf8'));
const detectnet = JSON.parse(readFileSync(new URL('../../public/models/detectnet/manifest.json', import.meta.url), 'utf8'));

describe('parseManifest', () => {
  it('reads the built-in manifests with their defaults filled in', () => {
    expect(parseManifest(googlenet, 'googlenet').input).toMatchObject({ channelOrder: 'BGR', mean: [104, 117, 123], resize: 'stretch' });
    expect(parseManifest(detectnet, 'detectnet').cluster).toEqual({
      coverageThreshold: 0.6,
      rectThreshold: 3,
      rectEps: 0.02,
      minHeight: 22,
    });
  });

  it('names the first bad field', () => {
    expect(() => parseManifest({ ...googlenet, task: 'segmentation' }, 'm.json')).toThrow(
      'manifest m.json: "task" must be one of classification, detectnet, yolox, got "segmentation"',
    );
    expect(() => parseManifest({ ...googlenet, input: { ...googlenet.input, shape: [1, 1, 224, 224] } }, 'm.json')).toThrow(/3 channels/);
    expect(() => parseManifest({ ...googlenet, input: { ...googlenet.input, std: [1, 0, 1] } }, 'm.json')).toThrow(/"input.std"/);
    expect(() => parseManifest({ ...googlenet, outputs: [] }, 'm.json')).toThrow(/"outputs"/);
    expect(() => parseManifest('nope', 'm.json')).toThrow(/not a JSON object/);
  });

  it('needs the YOLOX grid settings for a yolox model', () => {
    expect(() => parseManifest({ ...googlenet, task: 'yolox' }, 'y.json')).toThrow(/needs "yolox"/);
    const m = parseManifest({ ...googlenet, task: 'yolox', yolox: { strides: [8, 16, 32], numClasses: 80 } }, 'y.json');
    expect(m.yolox).toEqual({ strides: [8, 16, 32], numClasses: 80, scoreThreshold: 0.3, nmsThreshold: 0.45, classFilter: undefined });
    expect(m.input.resize).toBe('letterbox');
  });
});

describe('labels', () => {
  it('drops WordNet ids and keeps synonyms; the short label is the first synonym', () => {
    const labels = parseLabels('n01614925 bald eagle, American eagle\r\n\ntench, Tinca tinca\n');
    expect(labels).toEqual(['bald eagle, American eagle', 'tench, Tinca tinca']);
    expect(shortLabel(labels[0]!)).toBe('bald eagle');
  });
});
