import { describe, expect, it } from 'vitest';
import { planTensorNames } from './tensorNames';

describe('planTensorNames (SSA names for in-place Caffe layers)', () => {
  it('keeps blob names on first writes and names later in-place writes after their layer', () => {
    const names = planTensorNames(
      [
        { layer: 'data', blob: 'data', fixed: true },
        { layer: 'conv1', blob: 'conv1' },
        { layer: 'relu1', blob: 'conv1' },
        { layer: 'fc', blob: 'fc' },
        { layer: 'prob', blob: 'prob' },
      ],
      new Set(['prob']),
    );
    expect(names).toEqual(['data', 'conv1', 'relu1', 'fc', 'prob']);
  });

  it('gives an output blob written in place its name on the LAST write', () => {
    const names = planTensorNames(
      [
        { layer: 'fc8', blob: 'fc8' },
        { layer: 'relu8', blob: 'fc8' },
        { layer: 'scale8', blob: 'fc8' },
      ],
      new Set(['fc8']),
    );
    // 'fc8' (the layer name) is the blob's own name, reserved for the last write.
    expect(names).toEqual(['fc8_2', 'relu8', 'fc8']);
  });

  it('never lets a layer-named tensor take another blob name, and tells several tops apart', () => {
    const names = planTensorNames(
      [
        { layer: 'data', blob: 'data', fixed: true },
        { layer: 'x', blob: 'data' },
        { layer: 'slice', blob: 'a', multiTop: true },
        { layer: 'slice', blob: 'x', multiTop: true },
      ],
      new Set(['a', 'x']),
    );
    expect(names).toEqual(['data', 'x_2', 'a', 'x']);
  });
});
