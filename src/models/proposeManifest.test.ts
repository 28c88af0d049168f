import { describe, expect, it } from 'vitest';
import { proposeManifest } from './proposeManifest';

const LABELS = 'http://x/models/imagenet/labels.txt';

describe('proposeManifest', () => {
  it('reads a torchvision-style classifier: RGB, x/255, ImageNet mean/std, logits, ImageNet labels', () => {
    const m = proposeManifest(
      'm',
      'MobileNetV2',
      { inputs: [{ name: 'input', dims: ['N', 3, 224, 224] }], outputs: [{ name: 'output', dims: ['N', 1000] }], lastOp: 'Gemm' },
      LABELS,
    );
    expect(m.task).toBe('classification');
    expect(m.input).toMatchObject({
      name: 'input',
      shape: [-1, 3, 224, 224],
      channelOrder: 'RGB',
      pixelScale: 1 / 255,
      mean: [0.485, 0.456, 0.406],
    });
    expect(m.outputs).toEqual([{ name: 'output', kind: 'logits' }]);
    expect(m.labels).toBe(LABELS);
  });

  it('reads a Caffe-converted classifier: BGR minus the mean, softmax probabilities', () => {
    const m = proposeManifest(
      'g',
      'GoogLeNet',
      { inputs: [{ name: 'data_0', dims: [1, 3, 224, 224] }], outputs: [{ name: 'prob_1', dims: [1, 1000] }], lastOp: 'Softmax' },
      LABELS,
    );
    expect(m.input).toMatchObject({ shape: [1, 3, 224, 224], channelOrder: 'BGR', pixelScale: 1, mean: [104, 117, 123] });
    expect(m.outputs).toEqual([{ name: 'prob_1', kind: 'probabilities' }]);
  });

  it('recognises YOLOX by its cell count at strides 8/16/32', () => {
    // 416x416: 52*52 + 26*26 + 13*13 = 3549 cells
    const m = proposeManifest(
      'y',
      'YOLOX',
      { inputs: [{ name: 'images', dims: [1, 3, 416, 416] }], outputs: [{ name: 'output', dims: [1, 3549, 85] }] },
      LABELS,
    );
    expect(m.task).toBe('yolox');
    expect(m.yolox).toMatchObject({ numClasses: 80, strides: [8, 16, 32] });
    expect(m.input).toMatchObject({ resize: 'letterbox', padValue: 114, channelOrder: 'BGR' });
  });

  it('recognises DetectNet by its coverage and bboxes outputs', () => {
    const m = proposeManifest(
      'd',
      'DetectNet',
      {
        inputs: [{ name: 'data', dims: ['N', 3, 512, 1024] }],
        outputs: [
          { name: 'coverage', dims: ['N', 1, 32, 64] },
          { name: 'bboxes', dims: ['N', 4, 32, 64] },
        ],
      },
      LABELS,
    );
    expect(m.task).toBe('detectnet');
    expect(m.outputs.map((o) => o.kind)).toEqual(['coverage', 'bboxes']);
  });

  it('defaults a dynamic spatial size to 224 and leaves labels out when the classes are not ImageNet', () => {
    const m = proposeManifest(
      'c',
      'Ten classes',
      { inputs: [{ name: 'x', dims: ['N', 3, 'H', 'W'] }], outputs: [{ name: 'y', dims: ['N', 10] }] },
      LABELS,
    );
    expect(m.input.shape).toEqual([-1, 3, 224, 224]);
    expect(m.labels).toBeUndefined();
  });

  it('fills in a forced task: DetectNet outputs in order, YOLOX with its letterbox', () => {
    const signature = {
      inputs: [{ name: 'x', dims: [1, 3, 416, 416] }],
      outputs: [
        { name: 'cvg', dims: [1, 1, 26, 26] },
        { name: 'box', dims: [1, 4, 26, 26] },
      ],
    };
    const d = proposeManifest('d', 'D', signature, LABELS, 'detectnet');
    expect(d.outputs).toEqual([
      { name: 'cvg', kind: 'coverage' },
      { name: 'box', kind: 'bboxes' },
    ]);
    expect(d.cluster).toMatchObject({ coverageThreshold: 0.6 });
    const y = proposeManifest('y', 'Y', signature, LABELS, 'yolox');
    expect(y).toMatchObject({ task: 'yolox', input: { resize: 'letterbox' }, outputs: [{ name: 'cvg', kind: 'detections' }] });
  });
});
