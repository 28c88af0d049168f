import { describe, expect, it } from 'vitest';
import { float16Bits, float16Value, toFloat16 } from './float16';
import { GraphBuilder } from './builder';
import { syntheticWeights } from './weightInit';
import { TensorDataType } from './schema';

describe('float16Bits', () => {
  it('writes IEEE binary16, rounding to nearest even', () => {
    expect(float16Bits(1)).toBe(0x3c00);
    expect(float16Bits(-2)).toBe(0xc000);
    expect(float16Bits(0)).toBe(0);
    expect(float16Bits(-0)).toBe(0x8000);
    expect(float16Bits(65504)).toBe(0x7bff); // the largest finite half
    expect(float16Bits(65520)).toBe(0x7c00); // rounds past it: Infinity, as a cast does
    expect(float16Bits(2 ** -24)).toBe(0x0001); // the smallest subnormal
    expect(float16Bits(2 ** -26)).toBe(0); // below half of it: zero
    expect(float16Bits(1 + 2 ** -11)).toBe(0x3c00); // a tie: to the even neighbour
    expect(float16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02);
    expect(float16Bits(Infinity)).toBe(0x7c00);
    expect(float16Bits(NaN) & 0x7c00).toBe(0x7c00);
    expect(float16Bits(NaN) & 0x3ff).not.toBe(0);
  });
  it('round-trips every half exactly and stays within half an ulp for other numbers', () => {
    for (let bits = 0; bits < 0x7c00; bits++) expect(float16Bits(float16Value(bits))).toBe(bits);
    for (const x of [0.1, 3.14159, 1234.5678, 6e-5, -42.4242]) {
      const back = float16Value(float16Bits(x));
      const ulp = 2 ** (Math.floor(Math.log2(Math.abs(x))) - 10);
      expect(Math.abs(back - x)).toBeLessThanOrEqual(Math.max(ulp, 2 ** -24) / 2);
    }
  });
});

function tinyModel(gainFc = 0.02) {
  const b = new GraphBuilder('tiny', syntheticWeights({ seed: 7, gain: { fc1: gainFc } }));
  const data = b.input('data', ['N', 3, 8, 8]);
  const conv = b.conv({ name: 'conv1', input: data, outChannels: 4, kernel: 3, stride: 1, pad: 1 });
  const fc = b.fc({ name: 'fc1', input: b.flatten('flat', b.relu({ name: 'relu1', input: conv })), outFeatures: 5 });
  b.output(b.softmax({ name: 'prob', input: fc }));
  return b.build({ producerVersion: 'test' });
}

describe('toFloat16', () => {
  it('turns every float weight into float16 and keeps float32 at the inputs and outputs through Casts', () => {
    const model = tinyModel();
    const { model: half, overflowed } = toFloat16(model);
    expect(overflowed).toEqual([]);
    for (const t of half.graph.initializer ?? []) {
      expect(t.dataType).toBe(TensorDataType.FLOAT16);
      expect(t.rawData!.byteLength).toBe((t.dims ?? []).reduce((a, b) => a * b, 1) * 2);
    }
    const nodes = half.graph.node!;
    expect(nodes[0]).toMatchObject({ opType: 'Cast', input: ['data'], output: ['data_fp16'] });
    expect(nodes.at(-1)).toMatchObject({ opType: 'Cast', input: ['prob_fp16'], output: ['prob'] });
    expect(nodes.find((n) => n.name === 'conv1')!.input[0]).toBe('data_fp16');
    expect(half.graph.input!.map((i) => i.type?.tensorType?.elemType)).toEqual([TensorDataType.FLOAT]);
    expect(half.graph.output!.map((o) => o.type?.tensorType?.elemType)).toEqual([TensorDataType.FLOAT]);
    // The source model is not touched.
    expect(model.graph.initializer!.every((t) => t.dataType === TensorDataType.FLOAT)).toBe(true);
  });
  it('names the weights that overflow float16', () => {
    const { overflowed } = toFloat16(tinyModel(1e7));
    expect(overflowed).toEqual(['fc1_w']);
  });
});
