import { describe, expect, it } from 'vitest';
import { AttributeType, decodeModel, encodeModel, TensorDataType } from './schema';
import type { ModelProto } from './schema';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const utf8 = (text: string) => Buffer.from(text, 'utf8').toString('hex');

const tiny: ModelProto = {
  irVersion: 8,
  opsetImport: [{ domain: '', version: 13 }],
  producerName: 'p',
  graph: {
    name: 'g',
    node: [{ name: 'n', opType: 'Softmax', input: ['x'], output: ['y'], attribute: [{ name: 'axis', type: AttributeType.INT, i: 1 }] }],
    initializer: [{ name: 'w', dims: [2], dataType: TensorDataType.FLOAT, rawData: new Uint8Array(new Float32Array([1, -2]).buffer) }],
    input: [{ name: 'x', type: { tensorType: { elemType: TensorDataType.FLOAT, shape: { dim: [{ dimParam: 'N' }, { dimValue: 3 }] } } } }],
    output: [{ name: 'y' }],
  },
};

describe('onnx.proto subset', () => {
  // Expected bytes written by hand from onnx.proto's field numbers, independently of protobufjs.
  it('uses the official field numbers', () => {
    const bytes = hex(encodeModel(tiny));
    expect(bytes.startsWith('0808')).toBe(true); // ModelProto.ir_version = 1 (varint 8)
    expect(bytes).toContain(`1201${utf8('p')}`); // ModelProto.producer_name = 2
    // NodeProto: input = 1, output = 2, name = 3, op_type = 4, attribute = 5 {name = 1, i = 3, type = 20}
    expect(bytes).toContain(`0a01${utf8('x')}1201${utf8('y')}1a01${utf8('n')}2207${utf8('Softmax')}2a0b0a04${utf8('axis')}1801a00102`);
    // TensorProto: dims = 1 (unpacked, proto2), data_type = 2, name = 8, raw_data = 9 (little-endian float32)
    expect(bytes).toContain(`080210014201${utf8('w')}4a080000803f000000c0`);
    // ValueInfoProto.type = 2 -> TypeProto.tensor_type = 1 -> elem_type = 1, shape = 2 -> dim = 1 {dim_param = 2 | dim_value = 1}
    expect(bytes).toContain(`0a01${utf8('x')}120f0a0d080112090a0312014e0a020803`);
    expect(bytes).toContain('4202100d'); // opset_import = 8 {version = 2: 13}; an empty domain is not written
  });

  it('decodes what it encodes, with 64-bit integers as numbers', () => {
    const back = decodeModel(encodeModel(tiny));
    expect(back.irVersion).toBe(8);
    expect(back.opsetImport[0]?.version).toBe(13);
    expect(back.graph.node?.map((n) => n.opType)).toEqual(['Softmax']);
    expect(back.graph.node?.[0]?.attribute?.[0]).toMatchObject({ name: 'axis', type: AttributeType.INT, i: 1 });
    const raw = back.graph.initializer?.[0]?.rawData as Uint8Array;
    expect(Array.from(new Float32Array(new Uint8Array(raw).buffer))).toEqual([1, -2]);
    expect(back.graph.input?.[0]?.type?.tensorType?.shape?.dim).toEqual([{ dimParam: 'N' }, { dimValue: 3 }]);
  });

  it('rejects a model that does not fit the schema, naming the field', () => {
    const bad = { ...tiny, irVersion: 'eight' } as unknown as ModelProto;
    expect(() => encodeModel(bad)).toThrow(/irVersion/);
  });
});
