// Over 300 lines on purpose: the mutation kinds, the allocation guard and the per-case budget
// are one harness that every reader's fuzz test shares; split, each part would be half a tool.
// Test support: a seeded, reproducible fuzzer for the readers of untrusted files. Each case
// mutates one of a few valid seed inputs (bit flips, truncations, huge length fields, deep
// nesting, wrong types) and runs the reader on it. A case passes when the reader returns, or
// throws an AppError with one of the codes it is allowed to use, and allocates nothing larger
// than its input justifies. Everything else (a TypeError, a RangeError, a stack overflow, a
// plain Error, a gigabyte typed array sized by a length field) is a failure, reported with the
// case number so the exact input can be made again with `fuzzCase`.
import { expect, it } from 'vitest';
import { AppError, type ErrorCode } from '../../domain/errors';
import { hashString, mulberry32 } from '../seededRandom';

export type Random = () => number;

export interface Mutation<T> {
  readonly input: T;
  /** What was done to the seed, for failure reports ("truncated at 113; flipped bit 3 of byte 40"). */
  readonly how: string;
}

export type Mutator<T> = (input: T, random: Random) => Mutation<T>;

export interface FuzzTarget<T> {
  /** Names the format in reports, and seeds each case's generator together with `seed`. */
  readonly name: string;
  readonly seed: number;
  readonly cases: number;
  /** Valid inputs to start from. */
  readonly seeds: readonly T[];
  /** One mutation; the harness stacks 1 to 3 of them per case. */
  readonly mutate: Mutator<T>;
  readonly parse: (input: T) => unknown;
  /** The codes the reader may fail with. */
  readonly codes: readonly ErrorCode[];
  /** A problem with a successful result (a negative size, a NaN), or undefined when it is sane. */
  readonly check?: (result: unknown, input: T) => string | undefined;
  /** Size of an input in bytes (or characters), to judge its allocations. */
  readonly sizeOf: (input: T) => number;
}

export interface FuzzReport {
  readonly name: string;
  readonly cases: number;
  /** Cases the reader returned from. */
  readonly results: number;
  /** Cases that ended in an AppError, by code. */
  readonly errors: Readonly<Partial<Record<ErrorCode, number>>>;
  /** One line per failing case (at most 20): case number, mutation, what went wrong. */
  readonly failures: readonly string[];
  readonly slowestMs: number;
  readonly slowestCase: number;
  /** The largest single buffer or array any case allocated, in bytes. */
  readonly largestAllocation: number;
}

/** Each case has its own generator, so case i can be made again without running cases 0..i-1. */
function caseRandom(name: string, seed: number, index: number): Random {
  return mulberry32(hashString(`${name}#${index}`, seed >>> 0));
}

/** The input of case `index`: what a failure report's case number refers to. */
export function fuzzCase<T>(target: Pick<FuzzTarget<T>, 'name' | 'seed' | 'seeds' | 'mutate'>, index: number): Mutation<T> {
  const random = caseRandom(target.name, target.seed, index);
  let input = target.seeds[Math.floor(random() * target.seeds.length)] as T;
  const steps: string[] = [];
  const count = 1 + Math.floor(random() * 3);
  for (let i = 0; i < count; i++) {
    const m = target.mutate(input, random);
    input = m.input;
    steps.push(m.how);
  }
  return { input, how: steps.join('; ') };
}

// ---------------------------------------------------------------------------------------------
// Allocation guard: while a case runs, constructors of buffers and arrays are wrapped so that a
// size argument is seen before anything is allocated. The readers look these globals up at call
// time, so replacing them on globalThis reaches their code.

const GUARDED = [
  ['ArrayBuffer', 1],
  ['SharedArrayBuffer', 1],
  ['Uint8Array', 1],
  ['Uint8ClampedArray', 1],
  ['Int8Array', 1],
  ['Uint16Array', 2],
  ['Int16Array', 2],
  ['Uint32Array', 4],
  ['Int32Array', 4],
  ['Float32Array', 4],
  ['Float64Array', 8],
  ['BigInt64Array', 8],
  ['BigUint64Array', 8],
  ['Array', 8],
] as const;

interface Guarded {
  /** The largest buffer or array asked for, in bytes. */
  largest: number;
  /** Set when a request went over the limit (even if the reader caught the refusal and carried on). */
  refused?: string;
}

function guardAllocations(limitBytes: number, run: () => void, seen: Guarded): void {
  const globals = globalThis as unknown as Record<string, unknown>;
  const originals = new Map<string, unknown>();
  const see = (length: unknown, bytesPer: number) => {
    if (typeof length !== 'number') return;
    const bytes = length * bytesPer;
    seen.largest = Math.max(seen.largest, bytes);
    if (bytes > limitBytes) {
      seen.refused ??= `allocated ${bytes} bytes (the limit for this input is ${limitBytes})`;
      // Refused before it happens: a 4 GB request must not take the test process down with it.
      throw new RangeError(`fuzz: ${seen.refused}`);
    }
  };
  for (const [name, bytesPer] of GUARDED) {
    const original = globals[name] as (new (...args: unknown[]) => unknown) | undefined;
    if (!original) continue;
    originals.set(name, original);
    globals[name] = new Proxy(original, {
      construct(target, args, newTarget) {
        see(args[0], bytesPer);
        return Reflect.construct(target, args, newTarget) as object;
      },
      apply(target, self, args) {
        if (name === 'Array' && args.length === 1) see(args[0], bytesPer);
        return Reflect.apply(target as unknown as (...a: unknown[]) => unknown, self, args);
      },
    });
  }
  try {
    run();
  } finally {
    for (const [name, original] of originals) globals[name] = original;
  }
}

// ---------------------------------------------------------------------------------------------

function describeThrown(error: unknown): string {
  if (error instanceof Error) return `${error.constructor.name}: ${error.message.slice(0, 300)}`;
  return `non-Error thrown: ${String(error).slice(0, 300)}`;
}

/** Inputs get this much room to allocate (a reader may copy its input a few times), and at least 4 MiB. */
const allocationLimit = (size: number) => Math.max(4 * 1024 * 1024, 16 * size);

/** Vitest's limit for one fuzz test (thousands of cases): far above what they take, so only a hang reaches it. */
export const FUZZ_TEST_TIMEOUT_MS = 180_000;

/** What one case may take; a parse of a few hundred kilobytes takes milliseconds. */
export const CASE_BUDGET_MS = 1000;

interface CaseRun {
  outcome: { ok: boolean; value?: unknown; error?: unknown };
  seen: Guarded;
  ms: number;
}

const minTime = (a: CaseRun, b: CaseRun): CaseRun => (b.ms < a.ms ? b : a);

function runCase<T>(target: FuzzTarget<T>, input: T): CaseRun {
  const started = performance.now();
  const outcome: CaseRun['outcome'] = { ok: false };
  const seen: Guarded = { largest: 0 };
  try {
    guardAllocations(
      allocationLimit(target.sizeOf(input)),
      () => {
        outcome.value = target.parse(input);
        outcome.ok = true;
      },
      seen,
    );
  } catch (error) {
    outcome.error = error;
  }
  return { outcome, seen, ms: performance.now() - started };
}

/** An error message longer than this quotes too much of the file (a 100,000-character token). */
const MAX_MESSAGE = 2000;

export function runFuzz<T>(target: FuzzTarget<T>): FuzzReport {
  const errors: Partial<Record<ErrorCode, number>> = {};
  const failures: string[] = [];
  let results = 0;
  let slowestMs = 0;
  let slowestCase = -1;
  let largestAllocation = 0;
  const fail = (index: number, how: string, what: string) => {
    if (failures.length < 20) failures.push(`${target.name} case ${index} (${how}): ${what}`);
  };
  for (let index = 0; index < target.cases; index++) {
    const { input, how } = fuzzCase(target, index);
    let { outcome, seen, ms } = runCase(target, input);
    // A case over the budget runs once more and keeps its faster time: a garbage collection or a
    // busy machine does not repeat, a hang or a quadratic reader does.
    if (ms > CASE_BUDGET_MS) ({ outcome, seen, ms } = minTime({ outcome, seen, ms }, runCase(target, input)));
    if (ms > slowestMs) {
      slowestMs = ms;
      slowestCase = index;
    }
    largestAllocation = Math.max(largestAllocation, seen.largest);
    if (seen.refused) {
      fail(index, how, seen.refused);
      continue;
    }
    if (outcome.ok) {
      const problem = target.check?.(outcome.value, input);
      if (problem) fail(index, how, `returned a bad result: ${problem}`);
      else results += 1;
      continue;
    }
    const error = outcome.error;
    if (error instanceof AppError && target.codes.includes(error.code)) {
      errors[error.code] = (errors[error.code] ?? 0) + 1;
      if (!error.message) fail(index, how, `AppError ${error.code} without a message`);
      if (error.message.length > MAX_MESSAGE)
        fail(index, how, `a ${error.message.length}-character message: ${error.message.slice(0, 200)}...`);
    } else if (error instanceof AppError) {
      fail(index, how, `AppError with unexpected code ${error.code}: ${error.message.slice(0, 300)}`);
    } else {
      fail(index, how, `threw ${describeThrown(error)}`);
    }
  }
  return { name: target.name, cases: target.cases, results, errors, failures, slowestMs, slowestCase, largestAllocation };
}

/** Every case ended in a result or an allowed AppError within the budget; prints the counts the README quotes. */
export function expectNoFuzzFailures(report: FuzzReport): void {
  const errors = Object.entries(report.errors).map(([code, n]) => `${code} ${n}`);
  console.log(
    `fuzz ${report.name}: ${report.cases} cases, ${report.results} results, errors: ${errors.join(', ') || 'none'}; ` +
      `slowest ${report.slowestMs.toFixed(1)} ms (case ${report.slowestCase}), largest allocation ${report.largestAllocation} bytes`,
  );
  expect(report.failures, report.failures.join('\n')).toEqual([]);
  expect(report.slowestMs, `case ${report.slowestCase} took ${report.slowestMs.toFixed(0)} ms`).toBeLessThan(CASE_BUDGET_MS);
}

/**
 * One fuzz test: every case of `target` ends in a result or an allowed error within the budget,
 * and at least `least.results` results and `least.errors[code]` of each code are seen, so the
 * mutations reach both the reader's success path and its refusals.
 */
export function fuzzTest<T>(
  title: string,
  target: FuzzTarget<T>,
  least: { results: number; errors?: Partial<Record<ErrorCode, number>> },
): void {
  it(
    title,
    () => {
      const report = runFuzz(target);
      expectNoFuzzFailures(report);
      expect(report.results).toBeGreaterThan(least.results);
      for (const [code, n] of Object.entries(least.errors ?? {})) expect(report.errors[code as ErrorCode], code).toBeGreaterThan(n!);
    },
    FUZZ_TEST_TIMEOUT_MS,
  );
}

// ---------------------------------------------------------------------------------------------
// Mutators for binary files.

const int = (random: Random, below: number): number => Math.floor(random() * below);
const pick = <T>(random: Random, items: readonly T[]): T => items[int(random, items.length)] as T;

const INTERESTING_BYTES = [0x00, 0x01, 0x7f, 0x80, 0xff, 0x0a, 0x22, 0x3c];
/** uint32 max, 2^31, 2^31 - 1, 2^32 - 1 as 10-byte varints, and a 64-bit all-ones varint. */
const HUGE_VARINTS: readonly (readonly number[])[] = [
  [0xff, 0xff, 0xff, 0xff, 0x0f],
  [0x80, 0x80, 0x80, 0x80, 0x08],
  [0xff, 0xff, 0xff, 0xff, 0x07],
  [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01],
  [0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01],
];
const HUGE_WORDS = [0xffffffff, 0x7fffffff, 0x80000000, 0x40000000, 0x00ffffff];

function splice(bytes: Uint8Array, at: number, remove: number, insert: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(bytes.length - remove + insert.length);
  out.set(bytes.subarray(0, at));
  out.set(insert, at);
  out.set(bytes.subarray(at + remove), at + insert.length);
  return out;
}

/** A protobuf varint (up to 2^53), as a list of bytes. */
export function varint(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return out;
}

/** `bytes` wrapped `depth` times in a length-delimited field `field`: a message nested `depth` deep. */
export function nestProtobuf(bytes: Uint8Array, fields: readonly number[], depth: number): Uint8Array {
  // Heads from the inside out (each length covers everything inside it), written once: O(depth).
  const heads: number[][] = [];
  let length = bytes.length;
  for (let i = 0; i < depth; i++) {
    const field = fields[i % fields.length] as number;
    const head = [...varint((field << 3) | 2), ...varint(length)];
    heads.push(head);
    length += head.length;
  }
  const out = new Uint8Array(length);
  let at = 0;
  for (let i = heads.length - 1; i >= 0; i--) {
    out.set(heads[i] as number[], at);
    at += (heads[i] as number[]).length;
  }
  out.set(bytes, at);
  return out;
}

/** `depth` protobuf start-group tags of an unknown field, then the input: skipping them recurses once per level. */
export function nestGroups(bytes: Uint8Array, depth: number, field = 20): Uint8Array {
  const tag = varint((field << 3) | 3);
  const out = new Uint8Array(tag.length * depth + bytes.length);
  for (let i = 0; i < depth; i++) out.set(tag, i * tag.length);
  out.set(bytes, tag.length * depth);
  return out;
}

export interface BinaryMutatorOptions {
  /** Field numbers that nest messages in this format, for deep-nesting mutations (protobuf formats only). */
  readonly nestFields?: readonly number[];
}

/** Bit flips, interesting bytes, truncations, huge varints and 32-bit words, wrong wire types, splices, deep nesting. */
export function binaryMutator(options: BinaryMutatorOptions = {}): Mutator<Uint8Array> {
  return (input, random) => {
    // A copy of its own: Node's Buffer (what protobufjs writes) slices as a view, and a mutation
    // must never write into its seed.
    const bytes = new Uint8Array(input);
    const at = (extra = 0) => int(random, bytes.length + extra);
    const kind = int(random, options.nestFields ? 11 : 9);
    switch (kind) {
      case 0: {
        const out = bytes.slice();
        const flips = 1 + int(random, 8);
        const where: number[] = [];
        for (let i = 0; i < flips && out.length > 0; i++) {
          const p = at();
          const bit = int(random, 8);
          out[p]! ^= 1 << bit;
          where.push(p);
        }
        return { input: out, how: `flipped ${flips} bits at ${where.join(',')}` };
      }
      case 1: {
        if (bytes.length === 0) return { input: bytes, how: 'nothing to set' };
        const out = bytes.slice();
        const p = at();
        out[p] = pick(random, INTERESTING_BYTES);
        return { input: out, how: `byte ${p} = ${out[p]}` };
      }
      case 2: {
        const p = at(1);
        return { input: bytes.slice(0, p), how: `truncated to ${p} bytes` };
      }
      case 3: {
        const p = at(1);
        const v = pick(random, HUGE_VARINTS);
        const replace = random() < 0.5 ? Math.min(v.length, bytes.length - p) : 0;
        return { input: splice(bytes, p, replace, v), how: `huge varint ${replace ? 'over' : 'into'} byte ${p}` };
      }
      case 4: {
        if (bytes.length < 4) return { input: bytes, how: 'too short for a word' };
        const out = bytes.slice();
        const p = int(random, bytes.length - 3);
        const word = pick(random, HUGE_WORDS);
        new DataView(out.buffer).setUint32(p, word, random() < 0.5);
        return { input: out, how: `word 0x${word.toString(16)} at ${p}` };
      }
      case 5: {
        // A tag byte with another wire type: a length where a number was, a group where a string was.
        if (bytes.length === 0) return { input: bytes, how: 'nothing to retype' };
        const out = bytes.slice();
        const p = at();
        out[p] = (out[p]! & 0xf8) | int(random, 8);
        return { input: out, how: `wire type of byte ${p} -> ${out[p]! & 7}` };
      }
      case 6: {
        const p = at(1);
        const n = 1 + int(random, Math.max(1, Math.min(64, bytes.length - p)));
        return { input: splice(bytes, p, Math.min(n, bytes.length - p), []), how: `deleted ${n} bytes at ${p}` };
      }
      case 7: {
        if (bytes.length === 0) return { input: bytes, how: 'nothing to repeat' };
        const from = at();
        const n = 1 + int(random, Math.min(256, bytes.length - from));
        const to = at(1);
        return { input: splice(bytes, to, 0, bytes.subarray(from, from + n)), how: `copied ${n} bytes from ${from} to ${to}` };
      }
      case 8: {
        const n = 1 + int(random, 64);
        const junk = Array.from({ length: n }, () => int(random, 256));
        return { input: splice(bytes, bytes.length, 0, junk), how: `appended ${n} random bytes` };
      }
      case 9: {
        const depth = pick(random, [50, 150, 1_000, 5_000]);
        return { input: nestProtobuf(bytes, options.nestFields ?? [1], depth), how: `nested ${depth} messages deep` };
      }
      default: {
        const depth = pick(random, [99, 150, 1_000, 10_000]);
        return { input: nestGroups(bytes, depth), how: `${depth} nested groups in front` };
      }
    }
  };
}

// ---------------------------------------------------------------------------------------------
// Mutators for text files (prototxt, labels) and JSON files (manifests, run files).

const TEXT_TOKENS = [
  '{',
  '}',
  '<',
  '>',
  '[',
  ']',
  ':',
  ',',
  ';',
  '-',
  '"',
  "'",
  '\\',
  '#',
  '\n',
  '\0',
  '\u2028',
  '\uFFFD',
  '\uD800',
  'inf',
  '-inf',
  'nan',
  'true',
  '0x',
  '0xFFFFFFFFFFFFFFFFFFFF',
  '1e999',
  '-1e999',
  '9'.repeat(400),
  '1.5f',
  '007',
  '"\\x"',
  '"\\777"',
  '"\\u12"',
  '<img src=x onerror=alert(1)>',
  'layer',
  'name',
  'dim',
  'type',
];

const NUMBERS = ['0', '1', '-1', '0.5', '3', '7', '65536', '2147483648', '4294967296', '1e308', 'nan', 'inf', '-inf'];
const VALUES = ['"text"', 'IDENT', '-7', '0', '0.5', '2147483648', '1e308', '1e999', '{ }', '[1, 2]', 'nan', '-inf', '""', 'true'];

/** A value of another kind, or an extreme number, where a `field: value` of a text format has one. */
export function retypeValue(text: string, random: Random, numbersOnly = false): Mutation<string> {
  const values = [...text.matchAll(numbersOnly ? /:\s*(-?[\d.]+(?:e-?\d+)?)/g : /:\s*("[^"\n]*"|'[^'\n]*'|[-\w.]+)/g)];
  if (values.length === 0) return { input: text, how: 'no value to retype' };
  const m = pick(random, values);
  const value = m[1] as string;
  const replacement = pick(random, numbersOnly ? NUMBERS : VALUES);
  const start = (m.index ?? 0) + m[0].length - value.length;
  return { input: text.slice(0, start) + replacement + text.slice(start + value.length), how: `${value} at ${start} -> ${replacement}` };
}

/** Character edits, tokens of the format's grammar, truncations, very long values, deep nesting. */
export function textMutator(options: { nestOpen?: string; nestClose?: string; words?: readonly string[] } = {}): Mutator<string> {
  const tokens = [...TEXT_TOKENS, ...(options.words ?? [])];
  return (text, random) => {
    const at = (extra = 0) => int(random, text.length + extra);
    switch (int(random, 9)) {
      case 0: {
        const p = at(1);
        const token = pick(random, tokens);
        return { input: text.slice(0, p) + token + text.slice(p), how: `inserted ${JSON.stringify(token.slice(0, 20))} at ${p}` };
      }
      case 1: {
        const p = at(1);
        const n = 1 + int(random, 32);
        return { input: text.slice(0, p) + text.slice(p + n), how: `deleted ${n} characters at ${p}` };
      }
      case 2: {
        const p = at(1);
        return { input: text.slice(0, p), how: `truncated to ${p} characters` };
      }
      case 3: {
        if (text.length === 0) return { input: text, how: 'nothing to replace' };
        const p = at();
        const c = String.fromCharCode(int(random, 128));
        return { input: text.slice(0, p) + c + text.slice(p + 1), how: `character ${p} = ${c.charCodeAt(0)}` };
      }
      case 4:
        return retypeValue(text, random);
      case 5: {
        const p = at(1);
        const n = pick(random, [1_000, 100_000]);
        const long = pick(random, ['"' + 'a'.repeat(n) + '"', '9'.repeat(n), 'x'.repeat(n)]);
        return { input: text.slice(0, p) + long + text.slice(p), how: `${n}-character value at ${p}` };
      }
      case 6: {
        const open = options.nestOpen ?? '[';
        const close = options.nestClose ?? ']';
        const depth = pick(random, [200, 5_000, 100_000]);
        const p = at(1);
        const closed = random() < 0.5;
        return {
          input: text.slice(0, p) + open.repeat(depth) + (closed ? close.repeat(depth) : '') + text.slice(p),
          how: `${depth} nested ${open}${closed ? ' (closed)' : ''} at ${p}`,
        };
      }
      case 7: {
        const lines = text.split('\n');
        const i = int(random, lines.length);
        // Up to 500 copies, but the file stays under a few megabytes (a copied line may be 100,000 characters).
        const times = Math.max(1, Math.min(pick(random, [2, 20, 500]), Math.floor(2_000_000 / ((lines[i]?.length ?? 0) + 1))));
        lines.splice(i, 0, ...Array.from({ length: times }, () => lines[i] ?? ''));
        return { input: lines.join('\n'), how: `line ${i} repeated ${times} times` };
      }
      default: {
        const from = at();
        const n = 1 + int(random, 200);
        const to = at(1);
        return {
          input: text.slice(0, to) + text.slice(from, from + n) + text.slice(to),
          how: `copied ${n} characters from ${from} to ${to}`,
        };
      }
    }
  };
}

/** Values of the wrong kind, extreme numbers, huge strings and lists, and deep nesting, for JSON. */
const JSON_REPLACEMENTS: readonly { readonly text: string; readonly what: string }[] = [
  { text: 'null', what: 'null' },
  { text: 'true', what: 'true' },
  { text: '0', what: '0' },
  { text: '-1', what: '-1' },
  { text: '0.5', what: '0.5' },
  { text: '1e308', what: '1e308' },
  { text: '-1e308', what: '-1e308' },
  { text: '1e999', what: '1e999 (Infinity)' },
  { text: '4294967296', what: '2^32' },
  { text: '""', what: 'empty string' },
  { text: '"x"', what: '"x"' },
  { text: '"<img src=x onerror=alert(1)>"', what: 'markup string' },
  { text: JSON.stringify('s'.repeat(200_000)), what: '200,000-character string' },
  { text: '[]', what: '[]' },
  { text: '{}', what: '{}' },
  { text: '[1, 2, 3]', what: '[1, 2, 3]' },
  { text: '{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 1}}}', what: '__proto__ object' },
  { text: `[${Array.from({ length: 20_000 }, (_, i) => i).join(',')}]`, what: '20,000-number list' },
  { text: '['.repeat(20_000) + ']'.repeat(20_000), what: 'list nested 20,000 deep' },
  { text: '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000), what: 'object nested 20,000 deep' },
];

type JsonPath = (string | number)[];

/** Paths to every value at most 30 levels down (list items beyond the 50th are not picked). */
function jsonPaths(value: unknown, path: JsonPath = [], out: JsonPath[] = []): JsonPath[] {
  out.push(path);
  if (path.length >= 30) return out;
  if (Array.isArray(value)) value.slice(0, 50).forEach((v, i) => jsonPaths(v, [...path, i], out));
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) jsonPaths(v, [...path, k], out);
  return out;
}

/** Whether a parsed value nests deeper than `limit` (walked without recursion). */
function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (depth > limit) return true;
    if (typeof v === 'object' && v !== null) for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

const PLACEHOLDER = '\u0000fuzz-placeholder\u0000';

/**
 * Structure-aware: parses the seed, picks a random field (or list item) and replaces or removes
 * it, multiplies a list, or adds an unknown key; then, sometimes, a text mutation on the result.
 */
export function jsonMutator(): Mutator<string> {
  const text = textMutator({ nestOpen: '[', nestClose: ']' });
  return (seed, random) => {
    let value: unknown;
    try {
      value = JSON.parse(seed);
    } catch {
      return text(seed, random);
    }
    // A value a previous mutation nested 20,000 deep cannot be walked or written back: edit its text.
    if (random() < 0.25 || nestsDeeperThan(value, 100)) return text(seed, random);
    const paths = jsonPaths(value);
    const path = pick(random, paths);
    const where = path.length ? path.join('.') : '(root)';
    const parentOf = (root: unknown) => path.slice(0, -1).reduce<unknown>((o, k) => (o as Record<string, unknown>)[k as string], root);
    const op = int(random, 4);
    if (path.length === 0 || op === 0) {
      const replacement = pick(random, JSON_REPLACEMENTS);
      if (path.length === 0) return { input: replacement.text, how: `whole file -> ${replacement.what}` };
      (parentOf(value) as Record<string | number, unknown>)[path[path.length - 1] as string] = PLACEHOLDER;
      return {
        input: JSON.stringify(value).replace(JSON.stringify(PLACEHOLDER), replacement.text),
        how: `${where} -> ${replacement.what}`,
      };
    }
    const parent = parentOf(value) as Record<string | number, unknown>;
    const key = path[path.length - 1] as string | number;
    if (op === 1) {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key];
      return { input: JSON.stringify(value), how: `removed ${where}` };
    }
    if (op === 2 && Array.isArray(parent)) {
      const times = pick(random, [2, 100, 5_000]);
      parent.splice(key as number, 0, ...Array.from({ length: times }, () => parent[key as number]));
      return { input: JSON.stringify(value), how: `${where} repeated ${times} times` };
    }
    const isObject = (o: unknown): o is Record<string, unknown> => typeof o === 'object' && o !== null && !Array.isArray(o);
    const target = isObject(parent) ? parent : value;
    if (!isObject(target)) return text(seed, random);
    target[pick(random, ['extra', 'toString', 'valueOf', 'hasOwnProperty', 'length'])] = pick(random, [1, 'x', null, [], {}]);
    return { input: JSON.stringify(value), how: `unknown key added next to ${where}` };
  };
}
