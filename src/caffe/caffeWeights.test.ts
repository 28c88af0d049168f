import { describe, expect, it } from 'vitest';
import { readCaffeModel } from './caffemodel';
import { caffeWeightStore } from './caffeWeights';
import { netLayers } from './netSpec';
import { parsePrototxt } from './prototxt';
import { writeCaffeModel } from './testing/writeCaffeModel';

const [conv, fc] = netLayers(parsePrototxt('layer { name: "conv" type: "Convolution" }\nlayer { name: "fc" type: "InnerProduct" }'));

describe('caffeWeightStore', () => {
  const model = readCaffeModel(
    writeCaffeModel(
      [
        { name: 'conv', type: 'Convolution', blobs: [{ shape: [1, 1, 1, 2], data: new Float32Array([1, 2]) }] },
        { name: 'fc', type: 'Convolution', blobs: [{ shape: [2, 3], data: new Float32Array(6) }] },
        { name: 'aux', type: 'InnerProduct', blobs: [{ shape: [1], data: new Float32Array(1) }] },
      ],
      { legacyShapes: true },
    ),
    'job.caffemodel',
  );

  it('hands out checked blobs (legacy dims match with leading 1s) and counts what was used', () => {
    const store = caffeWeightStore(model, 'job.caffemodel');
    expect(store.take(conv!, [[2]]).map((d) => Array.from(d))).toEqual([[1, 2]]);
    store.take(conv!, [[2]]);
    expect(store.usedValues).toBe(2);
    expect(store.unusedLayers()).toEqual(['fc', 'aux']);
  });

  it("mentions that the caffemodel's layer of that name has another type", () => {
    const store = caffeWeightStore(model, 'job.caffemodel');
    expect(() => store.take(fc!, [[3, 2]])).toThrow(
      "layer 'fc' (InnerProduct): blob 0 (weights) is [1, 1, 2, 3] in job.caffemodel, but the prototxt implies [3, 2] (in job.caffemodel that layer is a Convolution).",
    );
  });
});
