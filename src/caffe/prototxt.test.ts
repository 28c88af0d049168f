import { describe, expect, it } from 'vitest';
import { parsePrototxt, PrototxtError, type PrototxtMessage } from './prototxt';

const sample = `# a deploy file
name: "Net"  # trailing comment
input: 'data'
input_dim: 1 input_dim: 3
layer {
  name: "conv1/7x7_s2"
  type: "Convolution"
  convolution_param: { num_output: 64 pad: 3 kernel_size: 7 stride: 2
    weight_filler { type: "xavier" std: 0.1 }
    bias_filler < type: "constant" value: 0. >
  }
  lrn_param { alpha: 1e-4 beta: .75 k: -2.5E+1 }
  include { phase: TEST }
}
layer { name: 'a' ; top: "x" , top: "y" }
shape { dim: [1, 3, 224, 224] }
flags { on: true off: f ratio: -inf }
python_param { param_str : '640, 640, 16' note: "it's \\"q\\"\\n" "joined" }
`;

describe('parsePrototxt', () => {
  const net = parsePrototxt(sample);

  it('reads scalars, messages in both spellings, repeated fields and comments', () => {
    expect(net.string('name')).toBe('Net');
    expect(net.strings('input')).toEqual(['data']);
    expect(net.numbers('input_dim')).toEqual([1, 3]);
    const layers = net.messages('layer');
    expect(layers.map((l) => l.string('name'))).toEqual(['conv1/7x7_s2', 'a']);
    const conv = layers[0]?.message('convolution_param') as PrototxtMessage;
    expect([conv.number('num_output'), conv.number('pad'), conv.number('kernel_size'), conv.number('stride')]).toEqual([64, 3, 7, 2]);
    expect(conv.message('weight_filler')?.number('std')).toBe(0.1);
    expect(conv.message('bias_filler')?.number('value')).toBe(0);
    expect(layers[1]?.strings('top')).toEqual(['x', 'y']);
  });

  it('reads numbers as Caffe writes them: 0., 1e-4, .75, negative exponents and signs', () => {
    const lrn = net.messages('layer')[0]?.message('lrn_param') as PrototxtMessage;
    expect(lrn.number('alpha')).toBe(1e-4);
    expect(lrn.number('beta')).toBe(0.75);
    expect(lrn.number('k')).toBe(-25);
    expect(net.message('flags')?.number('ratio')).toBe(-Infinity);
  });

  it('keeps enums apart from strings and reads booleans', () => {
    expect(net.messages('layer')[0]?.message('include')?.enumValue('phase')).toBe('TEST');
    expect(net.messages('layer')[0]?.message('include')?.get('phase')).toEqual({ kind: 'identifier', value: 'TEST' });
    expect(net.message('flags')?.bool('on')).toBe(true);
    expect(net.message('flags')?.bool('off')).toBe(false);
  });

  it('reads \' and " strings with escapes, and joins adjacent strings', () => {
    const p = net.message('python_param') as PrototxtMessage;
    expect(p.string('param_str')).toBe('640, 640, 16');
    expect(p.string('note')).toBe('it\'s "q"\njoined');
  });

  it('expands list syntax into repeated fields', () => {
    expect(net.message('shape')?.numbers('dim')).toEqual([1, 3, 224, 224]);
  });

  it('remembers where each field was written', () => {
    const field = net.fields.find((f) => f.name === 'layer');
    expect([field?.line, field?.column]).toEqual([5, 1]);
  });

  it('names line and column of a wrongly typed field', () => {
    expect(() => net.messages('layer')[0]?.number('name')).toThrow(
      'prototxt line 6, column 3: field \'name\' should be a number, found string "conv1/7x7_s2"',
    );
  });
});

describe('parsePrototxt errors', () => {
  const error = (text: string): PrototxtError => {
    try {
      parsePrototxt(text, 'deploy.prototxt');
    } catch (e) {
      if (e instanceof PrototxtError) return e;
      throw e;
    }
    throw new Error('expected a PrototxtError');
  };

  it('reports an unclosed message at the end of input, and where it opened', () => {
    const e = error('layer {\n  name: "a"\n');
    expect(e.message).toBe("deploy.prototxt line 3, column 1: expected '}' but found end of input (to close the '{' at line 1, column 7)");
    expect([e.line, e.column]).toEqual([3, 1]);
  });

  it('reports a missing colon, a stray brace and a bad value', () => {
    expect(error('name "x"').message).toBe(`deploy.prototxt line 1, column 6: expected ':' or '{' after 'name' but found "x"`);
    expect(error('layer { }\n}').message).toBe("deploy.prototxt line 2, column 1: expected a field name but found '}'");
    expect(error('a {\n  b: }').message).toBe("deploy.prototxt line 2, column 6: expected a value for 'b' but found '}'");
    expect(error('a: [1, 2 3]').message).toBe("deploy.prototxt line 1, column 10: expected ',' or ']' but found '3'");
  });

  it('reports broken tokens', () => {
    expect(error('a: "open\nb: 1').message).toBe('deploy.prototxt line 1, column 4: string is not closed on its line');
    expect(error('a: 12abc').message).toBe("deploy.prototxt line 1, column 4: malformed number '12a'");
    expect(error('a: 1\n  b: $').message).toBe("deploy.prototxt line 2, column 6: unexpected character '$'");
    expect(error('a: - x').message).toBe("deploy.prototxt line 1, column 6: expected a number after '-' but found 'x'");
  });
});
