// Fuzzing what the app reads of a dropped .onnx file before it creates a session: the
// signature (inputs, outputs, last op) and the configuration proposed from it.
import { describe, expect, it } from 'vitest';
import { AppError } from '../domain/errors';
import { GraphBuilder } from '../onnx/builder';
import { encodeModel } from '../onnx/schema';
import { binaryMutator, fuzzTest, nestGroups, nestProtobuf } from '../onnx/testing/fuzz';
import { readOnnxSignature } from './onnxSignature';
import { proposeManifest, type OnnxSignature } from './proposeManifest';

/** A tiny classifier with a dynamic batch: Conv -> ReLU -> Flatten -> Gemm -> Softmax. */
function tinyModel(): Uint8Array {
  const ones = { weights: ({ dims }: { dims: readonly number[] }) => new Float32Array(dims.reduce((a, b) => a * b, 1)).fill(0.1) };
  const builder = new GraphBuilder('tiny', { ...ones, bias: ({ size }) => new Float32Array(size) });
  const input = builder.input('data', ['N', 3, 8, 8]);
  const conv = builder.conv({ name: 'conv', input, outChannels: 2, kernel: 3, pad: 1 });
  const relu = builder.relu({ name: 'relu', input: conv });
  const flat = builder.flatten('flat', relu);
  const fc = builder.fc({ name: 'fc', input: flat, outFeatures: 5 });
  builder.output(builder.softmax({ name: 'prob', input: fc }));
  return encodeModel(builder.build({ producerVersion: 'test' }));
}

const seeds = [tinyModel()];

function checkSignature(result: unknown): string | undefined {
  const { signature, proposal } = result as { signature: OnnxSignature; proposal: ReturnType<typeof proposeManifest> };
  if (signature.inputs.length === 0 || signature.outputs.length === 0) return 'a signature without inputs or outputs';
  const dims = [...signature.inputs, ...signature.outputs].flatMap((t) => t.dims);
  if (dims.some((d) => typeof d === 'number' && !Number.isFinite(d))) return `a dim that is not finite: ${dims.join(', ')}`;
  return proposal.input.name === signature.inputs[0]!.name ? undefined : 'the proposal feeds another input';
}

describe('ONNX signature fuzzing', () => {
  fuzzTest(
    '2,000 mutated .onnx files give a signature and a proposal, or fail with MODEL_INVALID',
    {
      name: 'onnx-signature',
      seed: 41,
      cases: 2000,
      seeds,
      // ModelProto.graph (7), GraphProto.node (1), NodeProto.attribute (5), AttributeProto.g (6): the recursive path.
      mutate: binaryMutator({ nestFields: [7, 1, 5, 6] }),
      parse: (bytes) => {
        const signature = readOnnxSignature(bytes, 'model.onnx');
        return { signature, proposal: proposeManifest('model', 'model', signature, '/labels.txt') };
      },
      codes: ['MODEL_INVALID'],
      check: checkSignature,
      sizeOf: (bytes) => bytes.length,
    },
    { results: 100, errors: { MODEL_INVALID: 100 } },
  );
});

describe('ONNX signature: hostile inputs', () => {
  const outcome = (bytes: Uint8Array): string => {
    try {
      readOnnxSignature(bytes, 'm.onnx');
      return 'read';
    } catch (error) {
      return error instanceof AppError ? `${error.code}: ${error.message}` : `${(error as Error).name}: ${(error as Error).message}`;
    }
  };

  it('a model whose only input is one of its weights has nothing to feed (was a plain Error from proposeManifest)', () => {
    const builder = new GraphBuilder('w', { weights: () => new Float32Array(4), bias: () => new Float32Array(0) });
    const weight = builder.initializer('w', [4], new Float32Array(4));
    builder.output(builder.relu({ name: 'r', input: weight }));
    const model = builder.build({ producerVersion: 'test' });
    model.graph.input = [{ name: 'w', type: { tensorType: { elemType: 1, shape: { dim: [{ dimValue: 4 }] } } } }];
    expect(outcome(encodeModel(model))).toBe(
      'MODEL_INVALID: "m.onnx" is not an ONNX model this app can read: it has no graph inputs (other than its weights)',
    );
  });

  it('graphs nested 5,000 deep in node attributes are skipped, not followed', () => {
    expect(outcome(nestProtobuf(seeds[0]!, [7, 1, 5, 6], 5_000))).toMatch(/^MODEL_INVALID: /);
  });

  it('10,000 nested groups are refused as nested too deeply', () => {
    expect(outcome(nestGroups(seeds[0]!, 10_000))).toBe(
      'MODEL_INVALID: "m.onnx" is not an ONNX model this app can read: its fields are nested more than 100 deep',
    );
  });

  it('empty and text files are not models', () => {
    expect(outcome(new Uint8Array(0))).toBe('MODEL_INVALID: "m.onnx" is not an ONNX model this app can read: it has no graph');
    expect(outcome(new TextEncoder().encode('<html>404</html>'))).toMatch(/^MODEL_INVALID: /);
  });
});
