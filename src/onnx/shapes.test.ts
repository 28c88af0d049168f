import { describe, expect, it } from 'vitest';
import { caffePoolOutputHW, caffePoolOutputSize, convOutputSize, onnxPoolOutputSize } from './shapes';

describe('convOutputSize (Caffe and ONNX alike)', () => {
  it.each([
    // size, kernel, stride, pad, dilation, expected
    [224, 7, 2, 3, 1, 112], // GoogLeNet conv1/7x7_s2
    [56, 3, 1, 1, 1, 56],
    [56, 1, 1, 0, 1, 56],
    [5, 3, 2, 0, 1, 2],
    [6, 3, 2, 0, 1, 2], // rounds down: the last partial window is not taken
    [9, 3, 1, 2, 2, 9], // dilation 2 spans 5 pixels
  ])('in %i, kernel %i, stride %i, pad %i, dilation %i -> %i', (size, kernel, stride, pad, dilation, expected) => {
    expect(convOutputSize({ size, kernel, stride, padBegin: pad, padEnd: pad, dilation })).toBe(expected);
  });

  it('refuses a window larger than the padded input, naming the sizes', () => {
    expect(() => convOutputSize({ size: 3, kernel: 7, stride: 1, padBegin: 0, padEnd: 1 })).toThrow(/window of 7 .* input of 3/);
  });
});

// The reference is PoolingLayer::Reshape in Caffe's pooling_layer.cpp:
//   pooled = static_cast<int>(ceil(static_cast<float>(height + 2 * pad - kernel) / stride)) + 1;
//   if (pad_h_ || pad_w_) { if ((pooled - 1) * stride >= height + pad) --pooled; }
// Each expected value below is that arithmetic done by hand.
describe("caffePoolOutputSize (Caffe's rule)", () => {
  it.each([
    // size, kernel, stride, pad, layer has pad, expected
    [112, 3, 2, 0, false, 56], // GoogLeNet pool1/3x3_s2: ceil(109/2)+1 = 56, last window starts at 110 < 112
    [14, 3, 2, 0, false, 7], // pool4/3x3_s2: ceil(11/2)+1 = 7
    [28, 3, 1, 1, true, 28], // inception pool: ceil(27/1)+1 = 28, 27 < 29
    [7, 7, 1, 0, false, 1], // pool5/7x7_s1
    [5, 1, 3, 0, false, 3], // ceil(4/3)+1 = 3; no pad, so a window starting at 6 (past the input) stays
    [6, 2, 4, 1, true, 2], // ceil(6/4)+1 = 3; (3-1)*4 = 8 >= 6+1: trimmed
    [5, 3, 2, 1, true, 3], // ceil(4/2)+1 = 3; 4 < 6: kept
    [5, 1, 3, 0, true, 2], // this axis has no pad but the other axis does: Caffe trims here too
    [4, 2, 3, 1, true, 2], // ceil(4/3)+1 = 3; 6 >= 5: trimmed
  ])('in %i, kernel %i, stride %i, pad %i (layer padded: %s) -> %i', (size, kernel, stride, pad, layerHasPad, expected) => {
    expect(caffePoolOutputSize({ size, kernel, stride, pad }, 'CEIL', layerHasPad)).toBe(expected);
  });

  it("rounds down with round_mode FLOOR, where the trim can never apply (Caffe's pad < kernel)", () => {
    expect(caffePoolOutputSize({ size: 112, kernel: 3, stride: 2, pad: 0 }, 'FLOOR', false)).toBe(55);
    expect(caffePoolOutputSize({ size: 6, kernel: 2, stride: 4, pad: 1 }, 'FLOOR', true)).toBe(2);
  });

  it('trims both axes when only one of them is padded (pad_h || pad_w)', () => {
    expect(caffePoolOutputHW([5, 5], [1, 1], [3, 3], [0, 0], 'CEIL')).toEqual([3, 3]);
    expect(caffePoolOutputHW([5, 5], [1, 2], [3, 3], [0, 1], 'CEIL')).toEqual([2, 2]);
  });
});

// What ONNX Runtime really produces is checked in shapes.ort.test.ts; these are the same rule's
// edges spelled out, including the one where it differs from Caffe's.
describe("onnxPoolOutputSize (ONNX Runtime's ceil_mode rule)", () => {
  it('drops a last window that starts at or past the input plus the begin padding, with or without padding', () => {
    expect(onnxPoolOutputSize({ size: 5, kernel: 1, stride: 3, padBegin: 0, padEnd: 0 }, true)).toBe(2);
    expect(caffePoolOutputSize({ size: 5, kernel: 1, stride: 3, pad: 0 }, 'CEIL', false)).toBe(3);
  });

  it('agrees with Caffe wherever the layer is padded', () => {
    for (const [size, kernel, stride, pad] of [
      [6, 2, 4, 1],
      [5, 3, 2, 1],
      [28, 3, 1, 1],
      [4, 2, 3, 1],
      [9, 3, 4, 2],
    ] as const) {
      expect(onnxPoolOutputSize({ size, kernel, stride, padBegin: pad, padEnd: pad }, true)).toBe(
        caffePoolOutputSize({ size, kernel, stride, pad }, 'CEIL', true),
      );
    }
  });

  it('is the convolution rule without ceil_mode', () => {
    expect(onnxPoolOutputSize({ size: 112, kernel: 3, stride: 2, padBegin: 0, padEnd: 0 }, false)).toBe(55);
  });
});
