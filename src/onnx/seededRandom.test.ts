import { describe, expect, it } from 'vitest';
import { fillGaussian, mulberry32, streamFor } from './seededRandom';
import { syntheticWeights } from './weightInit';

describe('seeded random numbers', () => {
  it('repeat exactly for a seed and differ between seeds', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    expect([c(), c(), c()]).not.toEqual(first);
    expect(first.every((u) => u >= 0 && u < 1)).toBe(true);
  });

  it('give standard normal samples', () => {
    const samples = fillGaussian(new Float32Array(100_001), mulberry32(7), 1);
    const mean = samples.reduce((s, v) => s + v, 0) / samples.length;
    const std = Math.sqrt(samples.reduce((s, v) => s + (v - mean) ** 2, 0) / samples.length);
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(std).toBeCloseTo(1, 1);
    expect(samples.every(Number.isFinite)).toBe(true);
  });

  it('key streams by tensor name, so build order does not change weights', () => {
    const x1 = streamFor(1, 'conv1_w');
    streamFor(1, 'other_w')();
    const x2 = streamFor(1, 'conv1_w');
    expect(x1()).toBe(x2());
  });

  it('scale He init by fan-in', () => {
    const source = syntheticWeights({ seed: 3 });
    const w = source.weights({ layer: 'l', op: 'Conv', dims: [64, 32, 3, 3], fanIn: 32 * 9 });
    const std = Math.sqrt(w.reduce((s, v) => s + v * v, 0) / w.length);
    expect(std).toBeCloseTo(Math.sqrt(2 / 288), 2);
  });
});
