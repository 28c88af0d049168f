// Protobuf decoding and encoding driven by protobufjs' reflection (its Type and Field objects),
// without the encoder and decoder functions protobufjs generates at run time. Those are built
// with `new Function`, which the app's Content-Security-Policy (script-src without
// 'unsafe-eval') refuses: in the browser, every .onnx, .caffemodel and .binaryproto goes
// through here. protobufjs' Reader and Writer do the wire format; this file only walks the
// schema. Values come out as plain objects, as protobufjs' toObject({longs: Number,
// enums: Number, arrays: true}) gives them: 64-bit integers as numbers, enums as numbers,
// every repeated field an array (empty when absent), absent singular fields left out, bytes
// as views of the input.
import protobuf from 'protobufjs/light.js';

/** Nested messages deeper than this are refused, as protobufjs and protoc refuse them. */
const MAX_DEPTH = 100;

type Scalar =
  | 'double'
  | 'float'
  | 'int32'
  | 'uint32'
  | 'sint32'
  | 'fixed32'
  | 'sfixed32'
  | 'int64'
  | 'uint64'
  | 'sint64'
  | 'fixed64'
  | 'sfixed64'
  | 'bool'
  | 'string'
  | 'bytes';

/** The wire type each scalar is written with on its own (not packed). */
const WIRE: Readonly<Record<Scalar, number>> = {
  double: 1,
  float: 5,
  int32: 0,
  uint32: 0,
  sint32: 0,
  fixed32: 5,
  sfixed32: 5,
  int64: 0,
  uint64: 0,
  sint64: 0,
  fixed64: 1,
  sfixed64: 1,
  bool: 0,
  string: 2,
  bytes: 2,
};

const LONG: ReadonlySet<string> = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);
const INTEGER: ReadonlySet<string> = new Set(['int32', 'uint32', 'sint32', 'fixed32', 'sfixed32', ...LONG]);

interface FieldPlan {
  readonly name: string;
  readonly id: number;
  readonly repeated: boolean;
  readonly packed: boolean;
  /** The message type, or undefined for a scalar (enums are int32 scalars here). */
  readonly message?: protobuf.Type;
  readonly scalar: Scalar;
  /**
   * A singular scalar without presence (these schemas have no `syntax`, so protobufjs reads
   * them with implicit presence, as proto3): its default value is neither written nor kept.
   */
  readonly implicit: boolean;
  /** An enum field's default (its first value); scalars' defaults are 0, '', false, empty. */
  readonly enumDefault?: number;
}

function isDefault(field: FieldPlan, value: unknown): boolean {
  if (field.enumDefault !== undefined) return value === field.enumDefault;
  if (typeof value === 'string' || value instanceof Uint8Array) return value.length === 0;
  if (typeof value === 'number') return Object.is(value, 0) || (INTEGER.has(field.scalar) && value === 0);
  if (typeof value === 'object' && value !== null) return (value as Long).toNumber() === 0;
  return value === false;
}

const plans = new WeakMap<protobuf.Type, { byId: Map<number, FieldPlan>; ordered: FieldPlan[] }>();

/** What the walk needs of a type's fields, once per type. */
function planOf(type: protobuf.Type): { byId: Map<number, FieldPlan>; ordered: FieldPlan[] } {
  let plan = plans.get(type);
  if (plan) return plan;
  const ordered = type.fieldsArray
    .map((field): FieldPlan => {
      field.resolve();
      if (field.map) throw new Error(`${type.name}.${field.name}: map fields are not supported`);
      const resolved = field.resolvedType;
      const message = resolved instanceof protobuf.Type ? resolved : undefined;
      const scalar = (resolved instanceof protobuf.Enum ? 'int32' : field.type) as Scalar;
      if (!message && WIRE[scalar] === undefined) throw new Error(`${type.name}.${field.name}: type ${field.type} is not supported`);
      return {
        name: field.name,
        id: field.id,
        repeated: field.repeated,
        packed: field.packed,
        message,
        scalar,
        implicit: !message && !field.repeated && !field.hasPresence,
        enumDefault: resolved instanceof protobuf.Enum ? (field.typeDefault as number) : undefined,
      };
    })
    .sort((a, b) => a.id - b.id);
  plan = { byId: new Map(ordered.map((f) => [f.id, f])), ordered };
  plans.set(type, plan);
  return plan;
}

// ---------------------------------------------------------------------------------------------
// Decoding

type Long = { toNumber(): number };

function readScalar(reader: protobuf.Reader, scalar: Scalar): unknown {
  switch (scalar) {
    case 'double':
      return reader.double();
    case 'float':
      return reader.float();
    case 'int32':
      return reader.int32();
    case 'uint32':
      return reader.uint32();
    case 'sint32':
      return reader.sint32();
    case 'fixed32':
      return reader.fixed32();
    case 'sfixed32':
      return reader.sfixed32();
    case 'bool':
      return reader.bool();
    case 'string':
      return reader.string();
    case 'bytes':
      return reader.bytes();
    default: {
      const value = (reader[scalar] as unknown as () => number | Long).call(reader);
      return typeof value === 'number' ? value : value.toNumber();
    }
  }
}

function readMessage(type: protobuf.Type, reader: protobuf.Reader, end: number, depth: number): Record<string, unknown> {
  if (depth > MAX_DEPTH) throw new Error('max depth exceeded');
  const { byId, ordered } = planOf(type);
  const out: Record<string, unknown> = {};
  for (const f of ordered) if (f.repeated) out[f.name] = [];
  while (reader.pos < end) {
    const tag = reader.tag();
    const id = tag >>> 3;
    const wire = tag & 7;
    if (id === 0) throw new Error(`illegal tag: field number 0 at offset ${reader.pos}`);
    const field = byId.get(id);
    if (field?.message && wire === 2) {
      const length = reader.uint32();
      const messageEnd = reader.pos + length;
      if (messageEnd > end) throw new RangeError(`index out of range: ${reader.pos} + ${length} > ${end}`);
      const value = readMessage(field.message, reader, messageEnd, depth + 1);
      if (reader.pos !== messageEnd) throw new RangeError('index out of range');
      if (field.repeated) (out[field.name] as unknown[]).push(value);
      else out[field.name] = value;
    } else if (field && !field.message && field.repeated && wire === 2 && WIRE[field.scalar] !== 2) {
      // Packed: one length, then the values back to back (accepted whatever the schema says, as protoc does).
      const length = reader.uint32();
      const packedEnd = reader.pos + length;
      if (packedEnd > end) throw new RangeError(`index out of range: ${reader.pos} + ${length} > ${end}`);
      const list = out[field.name] as unknown[];
      while (reader.pos < packedEnd) list.push(readScalar(reader, field.scalar));
      if (reader.pos !== packedEnd) throw new RangeError('index out of range');
    } else if (field && !field.message && wire === WIRE[field.scalar]) {
      const value = readScalar(reader, field.scalar);
      if (field.repeated) (out[field.name] as unknown[]).push(value);
      else if (field.implicit && isDefault(field, value)) delete out[field.name];
      else out[field.name] = value;
    } else {
      // Unknown, or a known field with another wire type: skipped, as protobufjs does.
      reader.skipType(wire, depth, id);
    }
    if (reader.pos > end) throw new RangeError(`index out of range: ${reader.pos} > ${end}`);
  }
  return out;
}

/** Decodes `bytes` as one `type` message (see the file comment for the shape of the result). */
export function decodeMessage<T>(type: protobuf.Type, bytes: Uint8Array): T {
  const reader = protobuf.Reader.create(bytes);
  return readMessage(type, reader, reader.len, 0) as T;
}

// ---------------------------------------------------------------------------------------------
// Encoding

function checkScalar(value: unknown, scalar: Scalar, path: string): void {
  const ok =
    scalar === 'string'
      ? typeof value === 'string'
      : scalar === 'bytes'
        ? value instanceof Uint8Array
        : scalar === 'bool'
          ? typeof value === 'boolean'
          : INTEGER.has(scalar)
            ? Number.isInteger(value) ||
              (typeof value === 'object' && value !== null && typeof (value as Partial<Long>).toNumber === 'function')
            : typeof value === 'number';
  if (!ok) throw new Error(`${path}: ${INTEGER.has(scalar) ? 'integer' : scalar} expected, got ${typeof value}`);
}

function writeScalar(writer: protobuf.Writer, scalar: Scalar, value: unknown): void {
  const v = typeof value === 'object' && value !== null && !(value instanceof Uint8Array) ? (value as Long).toNumber() : value;
  (writer[scalar] as unknown as (v: unknown) => protobuf.Writer).call(writer, v);
}

function writeMessage(type: protobuf.Type, value: Record<string, unknown>, writer: protobuf.Writer, path: string, depth: number): void {
  if (depth > MAX_DEPTH) throw new Error(`${path}: nested more than ${MAX_DEPTH} deep`);
  for (const field of planOf(type).ordered) {
    const v = value[field.name];
    if (v === undefined || v === null) continue;
    if (field.implicit) {
      checkScalar(v, field.scalar, `${path}.${field.name}`);
      if (isDefault(field, v)) continue;
    }
    const where = `${path}.${field.name}`;
    const items = field.repeated ? v : [v];
    if (!Array.isArray(items)) throw new Error(`${where}: array expected`);
    if (field.message) {
      for (const item of items) {
        if (typeof item !== 'object' || item === null) throw new Error(`${where}: object expected`);
        writer.uint32((field.id << 3) | 2).fork();
        writeMessage(field.message, item as Record<string, unknown>, writer, where, depth + 1);
        writer.ldelim();
      }
    } else if (field.repeated && field.packed && WIRE[field.scalar] !== 2) {
      items.forEach((item) => checkScalar(item, field.scalar, where));
      if (items.length === 0) continue;
      writer.uint32((field.id << 3) | 2).fork();
      for (const item of items) writeScalar(writer, field.scalar, item);
      writer.ldelim();
    } else {
      for (const item of items) {
        checkScalar(item, field.scalar, where);
        writer.uint32((field.id << 3) | WIRE[field.scalar]);
        writeScalar(writer, field.scalar, item);
      }
    }
  }
}

/**
 * Encodes a plain object as a `type` message, fields in number order (as protobufjs writes
 * them). A value of the wrong kind throws an Error that names its path (`graph.node.attribute.ints`).
 */
export function encodeMessage(type: protobuf.Type, value: object, name = type.name): Uint8Array {
  const writer = protobuf.Writer.create();
  writeMessage(type, value as Record<string, unknown>, writer, name, 0);
  return writer.finish();
}
