// Parser for protobuf text format as Caffe writes it (deploy.prototxt, solver.prototxt).
// It is schema-free: it returns a generic tree and leaves meaning (which fields are repeated,
// which are enums) to the reader, so it also reads DIGITS/NVCaffe extensions that no
// caffe.proto we ship knows about. Every field keeps its line and column so that later
// stages (the Caffe importer) can point at the exact spot of a problem.
import { Lexer, type Token } from './prototxtLexer';
import { PrototxtError, type SourcePosition } from './prototxtError';
export { PrototxtError, type SourcePosition };

export type PrototxtScalar =
  | { readonly kind: 'number'; readonly value: number; readonly text: string }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'identifier'; readonly value: string };

export type PrototxtValue = PrototxtScalar | PrototxtMessage;

export interface PrototxtField extends SourcePosition {
  readonly name: string;
  readonly value: PrototxtValue;
}

/**
 * Messages nested deeper than this are refused. Caffe's own text parser (protobuf's) stops at
 * 100 too; real nets nest 3 or 4 deep, and without a limit a file of 100,000 '{' would
 * overflow the parser's stack.
 */
export const MAX_PROTOTXT_DEPTH = 100;

/** Tokens as messages quote them: a 100,000-character one is cut, so the message stays readable. */
const clip = (text: string): string => (text.length > 60 ? `${text.slice(0, 60)}...` : text);

function describe(value: PrototxtValue): string {
  if (value instanceof PrototxtMessage) return 'a message';
  if (value.kind === 'string') return `string ${JSON.stringify(value.value)}`;
  return `${value.kind} ${value.kind === 'number' ? value.text : value.value}`;
}

/** Text-format floats may be written `inf`, `-inf`, `nan` (any case), or `infinity`. */
const SPECIAL_FLOATS: Readonly<Record<string, number>> = { inf: Infinity, infinity: Infinity, nan: NaN };

export class PrototxtMessage implements SourcePosition {
  readonly kind = 'message';

  constructor(
    readonly fields: readonly PrototxtField[],
    readonly source: string,
    readonly line = 1,
    readonly column = 1,
  ) {}

  has(name: string): boolean {
    return this.fields.some((f) => f.name === name);
  }

  /** The first value of a field. (Caffe's parser refuses a singular field written twice, so for valid files first == only.) */
  get(name: string): PrototxtValue | undefined {
    return this.fields.find((f) => f.name === name)?.value;
  }

  getAll(name: string): PrototxtValue[] {
    return this.fields.filter((f) => f.name === name).map((f) => f.value);
  }

  message(name: string): PrototxtMessage | undefined {
    return this.messages(name)[0];
  }

  messages(name: string): PrototxtMessage[] {
    return this.typed(name, 'a message', (v) => (v instanceof PrototxtMessage ? v : undefined));
  }

  number(name: string): number | undefined;
  number(name: string, fallback: number): number;
  number(name: string, fallback?: number): number | undefined {
    return this.numbers(name)[0] ?? fallback;
  }

  numbers(name: string): number[] {
    return this.typed(name, 'a number', (v) => {
      if (v instanceof PrototxtMessage) return undefined;
      if (v.kind === 'number') return v.value;
      if (v.kind === 'identifier') return SPECIAL_FLOATS[v.value.toLowerCase()];
      return undefined;
    });
  }

  /** caffe.proto's uint32 fields (sizes, counts): Caffe's parser refuses anything but a whole number from 0 to 2^32 - 1. */
  uint32(name: string): number | undefined;
  uint32(name: string, fallback: number): number;
  uint32(name: string, fallback?: number): number | undefined {
    return this.uint32s(name)[0] ?? fallback;
  }

  uint32s(name: string): number[] {
    return this.wholeNumbers(name, 0, 0xffffffff, 'a whole number from 0 to 4294967295');
  }

  int32(name: string): number | undefined;
  int32(name: string, fallback: number): number;
  int32(name: string, fallback?: number): number | undefined {
    return this.wholeNumbers(name, -0x80000000, 0x7fffffff, 'a whole number from -2147483648 to 2147483647')[0] ?? fallback;
  }

  private wholeNumbers(name: string, min: number, max: number, expected: string): number[] {
    return this.typed(name, expected, (v) =>
      !(v instanceof PrototxtMessage) && v.kind === 'number' && Number.isInteger(v.value) && v.value >= min && v.value <= max
        ? v.value
        : undefined,
    );
  }

  string(name: string): string | undefined;
  string(name: string, fallback: string): string;
  string(name: string, fallback?: string): string | undefined {
    return this.strings(name)[0] ?? fallback;
  }

  strings(name: string): string[] {
    return this.typed(name, 'a string', (v) => (!(v instanceof PrototxtMessage) && v.kind === 'string' ? v.value : undefined));
  }

  /** An enum value as written: an identifier (`MAX`) or its number (`0`). */
  enumValue(name: string): string | number | undefined {
    return this.typed(name, 'an enum value', (v) => {
      if (v instanceof PrototxtMessage || v.kind === 'string') return undefined;
      return v.value;
    })[0];
  }

  bool(name: string): boolean | undefined;
  bool(name: string, fallback: boolean): boolean;
  bool(name: string, fallback?: boolean): boolean | undefined {
    const values = this.typed(name, 'true or false', (v) => {
      if (v instanceof PrototxtMessage || v.kind === 'string') return undefined;
      if (v.kind === 'number') return v.value === 1 ? true : v.value === 0 ? false : undefined;
      return ({ true: true, True: true, t: true, false: false, False: false, f: false } as Record<string, boolean>)[v.value];
    });
    return values[0] ?? fallback;
  }

  private typed<T>(name: string, expected: string, convert: (value: PrototxtValue) => T | undefined): T[] {
    return this.fields
      .filter((f) => f.name === name)
      .map((f) => {
        const converted = convert(f.value);
        if (converted === undefined) {
          throw new PrototxtError(
            this.source,
            f.line,
            f.column,
            `field '${clip(name)}' should be ${expected}, found ${clip(describe(f.value))}`,
          );
        }
        return converted;
      });
  }
}

const quoted = (token: Token): string => (token.kind === 'end' || token.kind === 'string' ? clip(token.raw) : `'${clip(token.raw)}'`);

class Parser {
  private token: Token;
  private depth = 0;

  constructor(
    private readonly lexer: Lexer,
    private readonly source: string,
  ) {
    this.token = lexer.next();
  }

  parseDocument(): PrototxtMessage {
    return new PrototxtMessage(this.parseFields(undefined), this.source);
  }

  private parseFields(close: '}' | '>' | undefined, openedAt?: SourcePosition): PrototxtField[] {
    const fields: PrototxtField[] = [];
    for (;;) {
      const token = this.token;
      if (close === undefined ? token.kind === 'end' : this.isSymbol(close)) return fields;
      if (token.kind === 'end' && close !== undefined && openedAt) {
        return this.lexer.fail(
          token,
          `expected '${close}' but found end of input (to close the '${close === '}' ? '{' : '<'}' at line ${openedAt.line}, column ${openedAt.column})`,
        );
      }
      if (token.kind !== 'identifier') {
        const wanted = close === undefined ? 'a field name' : `a field name or '${close}'`;
        return this.lexer.fail(token, `expected ${wanted} but found ${quoted(token)}`);
      }
      this.advance();
      if (this.isSymbol(':')) {
        this.advance();
        if (this.isSymbol('[')) fields.push(...this.parseList(token));
        else fields.push({ name: token.text, line: token.line, column: token.column, value: this.parseValue(token) });
      } else if (this.isSymbol('{') || this.isSymbol('<')) {
        fields.push({ name: token.text, line: token.line, column: token.column, value: this.parseMessage(token) });
      } else {
        this.lexer.fail(this.token, `expected ':' or '{' after '${clip(token.text)}' but found ${quoted(this.token)}`);
      }
      if (this.isSymbol(',') || this.isSymbol(';')) this.advance();
    }
  }

  /** `at` is the field name, so errors about the message point where a reader looks for it. */
  private parseMessage(at: SourcePosition): PrototxtMessage {
    const open = this.token;
    const close = open.text === '{' ? '}' : '>';
    if (this.depth >= MAX_PROTOTXT_DEPTH) {
      this.lexer.fail(open, `messages are nested more than ${MAX_PROTOTXT_DEPTH} deep (a Caffe net nests a few levels)`);
    }
    this.depth += 1;
    this.advance();
    const fields = this.parseFields(close, open);
    this.advance();
    this.depth -= 1;
    return new PrototxtMessage(fields, this.source, at.line, at.column);
  }

  /** `dim: [1, 3, 224, 224]` is the same as four `dim:` fields. */
  private parseList(name: Token): PrototxtField[] {
    this.advance();
    const fields: PrototxtField[] = [];
    while (!this.isSymbol(']')) {
      if (fields.length > 0) {
        if (!this.isSymbol(',')) this.lexer.fail(this.token, `expected ',' or ']' but found ${quoted(this.token)}`);
        this.advance();
      }
      const at = this.token;
      const value = this.parseValue(name);
      fields.push({ name: name.text, line: at.line, column: at.column, value });
    }
    this.advance();
    return fields;
  }

  private parseValue(field: Token): PrototxtValue {
    const token = this.token;
    if (this.isSymbol('{') || this.isSymbol('<')) return this.parseMessage(field);
    if (this.isSymbol('-')) {
      this.advance();
      const magnitude = this.token;
      if (magnitude.kind === 'number') {
        this.advance();
        return { kind: 'number', value: -parseNumber(magnitude.text), text: `-${magnitude.text}` };
      }
      const special = magnitude.kind === 'identifier' ? SPECIAL_FLOATS[magnitude.text.toLowerCase()] : undefined;
      if (special !== undefined) {
        this.advance();
        return { kind: 'number', value: -special, text: `-${magnitude.text}` };
      }
      return this.lexer.fail(magnitude, `expected a number after '-' but found ${quoted(magnitude)}`);
    }
    if (token.kind === 'number') {
      this.advance();
      return { kind: 'number', value: parseNumber(token.text), text: token.text };
    }
    if (token.kind === 'identifier') {
      this.advance();
      return { kind: 'identifier', value: token.text };
    }
    if (token.kind === 'string') {
      // Adjacent strings concatenate, as in C.
      let value = '';
      while (this.token.kind === 'string') {
        value += this.token.text;
        this.advance();
      }
      return { kind: 'string', value };
    }
    return this.lexer.fail(token, `expected a value for '${clip(field.text)}' but found ${quoted(token)}`);
  }

  private isSymbol(symbol: string): boolean {
    return this.token.kind === 'symbol' && this.token.text === symbol;
  }

  private advance(): void {
    this.token = this.lexer.next();
  }
}

function parseNumber(text: string): number {
  if (/^0[xX]/.test(text)) return parseInt(text.slice(2), 16);
  return Number(text.replace(/[fF]$/, ''));
}

/** Parses protobuf text format. `source` names the file in error messages. */
export function parsePrototxt(text: string, source = 'prototxt'): PrototxtMessage {
  return new Parser(new Lexer(text, source), source).parseDocument();
}
