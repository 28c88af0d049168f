// DetectNet's cluster-layer parameters: DIGITS' defaults and its param_str as Python reads it.
import { describe, expect, it } from 'vitest';
import { clusterDetections, DIGITS_CLUSTER_DEFAULTS, DIGITS_MAX_BOXES, parseClusterParamStr } from './detectnet';
import { DIGITS_EXAMPLE_CLUSTER, DIGITS_EXAMPLE_PARAM_STR, makeMaps } from './testing/detectnetMaps';

describe('DIGITS_CLUSTER_DEFAULTS', () => {
  it('holds DIGITS’ defaults', () => {
    expect(DIGITS_CLUSTER_DEFAULTS).toEqual({ coverageThreshold: 0.6, rectThreshold: 3, rectEps: 0.02, minHeight: 22 });
    expect(DIGITS_MAX_BOXES).toBe(50);
  });
});

describe('parseClusterParamStr', () => {
  it('parses DIGITS’ example param_str', () => {
    expect(parseClusterParamStr(DIGITS_EXAMPLE_PARAM_STR)).toEqual(DIGITS_EXAMPLE_CLUSTER);
  });

  it('takes 7 fields (num_classes defaults to 1) and an optional 9th, max_boxes', () => {
    expect(parseClusterParamStr('1248,352,16,0.6,3,0.02,22')).toMatchObject({
      imageWidth: 1248,
      imageHeight: 352,
      numClasses: 1,
      maxBoxes: 50,
    });
    expect(parseClusterParamStr('1248,352,16,0.05,1,0.025,22,2,30')).toMatchObject({
      coverageThreshold: 0.05,
      rectEps: 0.025,
      numClasses: 2,
      maxBoxes: 30,
    });
  });

  it('accepts what Python int()/float() accept', () => {
    expect(parseClusterParamStr(' +640 ,\t640,16, .6, -1, 2e-2 ,0,1')).toMatchObject({
      imageWidth: 640,
      coverageThreshold: 0.6,
      rectThreshold: -1,
      rectEps: 0.02,
      minHeight: 0,
    });
    expect(parseClusterParamStr('640,640,16,1,2,0,22')).toMatchObject({ coverageThreshold: 1, rectEps: 0 });
  });

  it('rejects malformed strings with the field named', () => {
    expect(() => parseClusterParamStr('640, 640, 16, 0.6, 2, 0.02')).toThrow(/6 field\(s\).*at least 7/);
    expect(() => parseClusterParamStr('')).toThrow(/1 field\(s\)/);
    expect(() => parseClusterParamStr('1,2,3,4,5,6,7,8,9,10')).toThrow(/10 fields/);
    expect(() => parseClusterParamStr('640.0, 640, 16, 0.6, 2, 0.02, 22, 1')).toThrow(
      /field 1 \(image_size_x\) must be an integer, got '640.0'/,
    );
    expect(() => parseClusterParamStr('640, 640, 16, 0.6, 2.5, 0.02, 22, 1')).toThrow(/field 5 \(gridbox_rect_thresh\) must be an integer/);
    expect(() => parseClusterParamStr('640, 640, 16, abc, 2, 0.02, 22, 1')).toThrow(
      /field 4 \(gridbox_cvg_threshold\) must be a number, got 'abc'/,
    );
    expect(() => parseClusterParamStr('640, 640, 16, 0.6, 2, 0.02, 22,')).toThrow(/field 8 \(num_classes\) must be an integer, got ''/);
    expect(() => parseClusterParamStr('640, 640, 16, nan, 2, 0.02, 22, 1')).toThrow(/must be finite/);
    expect(() => parseClusterParamStr('640, 640, 16, 0.6, 2, inf, 22, 1')).toThrow(/must be finite/);
  });

  it('rejects values DIGITS would crash on or that make no sense', () => {
    expect(() => parseClusterParamStr('640, 640, 0, 0.6, 2, 0.02, 22, 1')).toThrow(/stride must be >= 1/);
    expect(() => parseClusterParamStr('8, 640, 16, 0.6, 2, 0.02, 22, 1')).toThrow(/at least one stride/);
    expect(() => parseClusterParamStr('640, 640, 16, 0.6, 2, -0.02, 22, 1')).toThrow(/gridbox_rect_eps must be >= 0/);
    expect(() => parseClusterParamStr('640, 640, 16, 0.6, 2, 0.02, 22, 0')).toThrow(/num_classes must be >= 1/);
    expect(() => parseClusterParamStr('640, 640, 16, 0.6, 2, 0.02, 22, 1, 0')).toThrow(/max_boxes must be >= 1/);
  });

  it('feeds clusterDetections directly', () => {
    const params = parseClusterParamStr('640, 640, 16, 0.6, 2, 0.02, 22, 1');
    const m = makeMaps(40, 40);
    for (let x = 0; x < 3; x++) m.propose(x + 10, 10, [100, 100, 140, 200]);
    expect(clusterDetections(m.coverage, m.bboxes, m.grid, params)).toHaveLength(1); // 3 > 2
  });
});
