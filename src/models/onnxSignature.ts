// What a dropped .onnx file offers to run: its inputs (initializers aside), its outputs, and the
// op of the node that makes the first output, read without creating a session. The file is
// untrusted: anything that does not decode, or has nothing to feed, is an AppError that names it.
import { AppError } from '../domain/errors';
import { decodeModelSignature, type ValueInfoProto } from '../onnx/schema';
import type { OnnxSignature, TensorInfo } from './proposeManifest';

function why(error: unknown): string {
  // protobufjs stops at 100 nested messages or groups, as protoc does; a stack overflow is the same cause.
  if (error instanceof Error && /max depth exceeded|call stack/i.test(error.message)) return 'its fields are nested more than 100 deep';
  return error instanceof Error ? error.message : String(error);
}

const tensorInfo = (v: ValueInfoProto): TensorInfo => ({
  name: v.name ?? '',
  dims: (v.type?.tensorType?.shape?.dim ?? []).map((d) => (d.dimValue ? Number(d.dimValue) : (d.dimParam ?? '?'))),
});

export function readOnnxSignature(bytes: Uint8Array, fileName: string): OnnxSignature {
  const invalid = (reason: string) => new AppError('MODEL_INVALID', `"${fileName}" is not an ONNX model this app can read: ${reason}`);
  let graph;
  try {
    graph = decodeModelSignature(bytes).graph;
  } catch (error) {
    throw invalid(why(error));
  }
  if (!graph) throw invalid('it has no graph');
  const initializers = new Set(graph.initializer.map((t) => t.name));
  const inputs = graph.input.filter((i) => !initializers.has(i.name)).map(tensorInfo);
  if (inputs.length === 0) throw invalid('it has no graph inputs (other than its weights)');
  const outputs = graph.output.map(tensorInfo);
  if (outputs.length === 0) throw invalid('it has no graph outputs');
  const first = outputs[0]!.name;
  return { inputs, outputs, lastOp: graph.node.find((n) => n.output.includes(first))?.opType };
}
