import { describe, expect, it } from 'vitest';
import { elementCount } from '../domain/tensor';
import { GraphBuilder } from './builder';
import type { WeightSource } from './builder';

const ones: WeightSource = {
  weights: ({ dims }) => new Float32Array(elementCount(dims)).fill(1),
  bias: ({ size }) => new Float32Array(size),
};

describe('GraphBuilder', () => {
  it('tracks shapes through conv, pool, concat, flatten and fc, with a symbolic batch', () => {
    const b = new GraphBuilder('t', ones);
    const x = b.input('x', ['N', 3, 32, 32]);
    const c = b.conv({ name: 'c', input: x, outChannels: 8, kernel: 3, stride: 2, pad: 1 });
    const p = b.maxPool({ name: 'p', input: c, kernel: 3, stride: 2, ceil: true });
    const cat = b.concat('cat', [p, p]);
    const f = b.flatten('f', cat);
    const y = b.fc({ name: 'fc', input: f, outFeatures: 10 });
    expect([c.dims, p.dims, cat.dims, f.dims, y.dims]).toEqual([
      ['N', 8, 16, 16],
      ['N', 8, 8, 8],
      ['N', 16, 8, 8],
      ['N', 1024],
      ['N', 10],
    ]);
    expect(b.parameterCount).toBe(8 * 3 * 9 + 8 + 10 * 1024 + 10);
  });

  it('turns a Caffe Power layer into the fewest nodes', () => {
    const b = new GraphBuilder('t', ones);
    const x = b.input('x', ['N', 3, 4, 4]);
    b.output(b.power({ name: 'shift_only', input: x, shift: -127, output: 'y' }));
    b.output(b.power({ name: 'all', input: x, scale: 2, shift: 1, power: 2 }));
    const nodes = b.build({ producerVersion: 'test' }).graph.node ?? [];
    expect(nodes.map((n) => [n.name, n.opType])).toEqual([
      ['shift_only', 'Add'],
      ['all/scale', 'Mul'],
      ['all/shift', 'Add'],
      ['all/power', 'Pow'],
    ]);
    expect(nodes[0]?.output).toEqual(['y']);
  });

  it('names the problem when a graph is wired wrongly', () => {
    const b = new GraphBuilder('t', ones);
    const x = b.input('x', ['N', 3, 8, 8]);
    expect(() => b.relu({ name: 'r', input: { name: 'missing', dims: [] } })).toThrow(
      "node 'r' reads 'missing', which nothing defines yet",
    );
    b.relu({ name: 'r1', input: x, output: 'y' });
    expect(() => b.relu({ name: 'r2', input: x, output: 'y' })).toThrow("tensor 'y' is defined twice");
    expect(() => b.relu({ name: 'r1', input: x, output: 'z' })).toThrow("node name 'r1' is used twice");
    expect(() => b.output({ name: 'y', dims: [] }, ['N', 3, 8, 9])).toThrow(
      "output 'y' was declared [N, 3, 8, 9] but the graph produces [N, 3, 8, 8]",
    );
    expect(() => b.conv({ name: 'g', input: x, outChannels: 4, kernel: 1, group: 2 })).toThrow(/group 2 must divide 3 input/);
  });

  it('lowers Caffe Eltwise to binary ops in input order; MAX as Greater + Where (no Max kernel on WebGPU)', () => {
    const b = new GraphBuilder('t', ones);
    const [x, y, z] = ['x', 'y', 'z'].map((n) => b.input(n, ['N', 2, 3, 3])) as [
      ReturnType<typeof b.input>,
      ReturnType<typeof b.input>,
      ReturnType<typeof b.input>,
    ];
    b.output(b.eltwise({ name: 'sum', inputs: [x, y, z], operation: 'SUM', coeffs: [1, -1, 0.5] }));
    b.output(b.eltwise({ name: 'prod', inputs: [x, y], operation: 'PROD' }));
    b.output(b.eltwise({ name: 'max', inputs: [x, y], operation: 'MAX', output: 'm' }));
    const nodes = b.build({ producerVersion: 'test' }).graph.node ?? [];
    expect(nodes.map((n) => [n.name, n.opType, n.input.join(' '), n.output.join(' ')])).toEqual([
      ['sum/coeff_1', 'Mul', 'y sum/coeff_1_value', 'sum/coeff_1'],
      ['sum/coeff_2', 'Mul', 'z sum/coeff_2_value', 'sum/coeff_2'],
      ['sum/sum_1', 'Add', 'x sum/coeff_1', 'sum/sum_1'],
      ['sum', 'Add', 'sum/sum_1 sum/coeff_2', 'sum'],
      ['prod', 'Mul', 'x y', 'prod'],
      ['max/greater', 'Greater', 'y x', 'max/greater'],
      ['max', 'Where', 'max/greater y x', 'm'],
    ]);
    expect(() => b.eltwise({ name: 'bad', inputs: [x, b.input('w', ['N', 2, 3, 4])], operation: 'SUM' })).toThrow(
      "Eltwise 'bad': 'w' [N, 2, 3, 4] does not match 'x' [N, 2, 3, 3]",
    );
    expect(() => b.eltwise({ name: 'bad2', inputs: [x, y], operation: 'MAX', coeffs: [1, 2] })).toThrow(/coeffs need operation SUM/);
  });

  it('applies per-channel scale and shift with constants that broadcast over H and W', () => {
    const b = new GraphBuilder('t', ones);
    const x = b.input('x', ['N', 3, 4, 4]);
    const y = b.scaleShift({
      name: 'bn',
      input: x,
      axis: 1,
      paramDims: [3],
      scale: new Float32Array([1, 2, 3]),
      shift: new Float32Array([0, 0, 1]),
    });
    b.output(y);
    b.output(b.leakyRelu({ name: 'lrelu', input: y, alpha: 0.1 }));
    const graph = b.build({ producerVersion: 'test' }).graph;
    expect(graph.node?.map((n) => [n.name, n.opType])).toEqual([
      ['bn/scale', 'Mul'],
      ['bn', 'Add'],
      ['lrelu', 'LeakyRelu'],
    ]);
    expect(graph.initializer?.map((t) => [t.name, t.dims])).toEqual([
      ['bn_scale', [3, 1, 1]],
      ['bn_shift', [3, 1, 1]],
    ]);
    expect(graph.node?.[2]?.attribute?.[0]).toMatchObject({ name: 'alpha', f: 0.1 });
    expect(() => b.scaleShift({ name: 's', input: x, axis: 1, paramDims: [4] })).toThrow(
      "Scale 's': parameters [4] do not match axes 1.. of 'x' [N, 3, 4, 4]",
    );
  });

  it('reports the ops added since a point, for converter summaries', () => {
    const b = new GraphBuilder('t', ones);
    const x = b.input('x', ['N', 3, 4, 4]);
    const start = b.nodeCount;
    b.power({ name: 'p', input: x, scale: 2, shift: 1 });
    expect(b.opTypesFrom(start)).toEqual(['Mul', 'Add']);
    expect([b.has('p/shift'), b.has('nothing')]).toEqual([true, false]);
  });

  it('refuses weights of the wrong size from its weight source', () => {
    const short: WeightSource = { ...ones, weights: () => new Float32Array(5) };
    const b = new GraphBuilder('t', short);
    const x = b.input('x', ['N', 3, 8, 8]);
    expect(() => b.conv({ name: 'c', input: x, outChannels: 2, kernel: 1 })).toThrow(
      "initializer 'c_w' has 5 values; shape [2, 3, 1, 1] needs 6",
    );
  });
});
