// The tokens of protobuf text format: identifiers, numbers (decimal, hex, with an optional
// f suffix), quoted strings with C escapes, symbols; '#' comments and whitespace skipped.
// Every token keeps its line and column for the parser's messages.
import { PrototxtError, type SourcePosition } from './prototxtError';

export type TokenKind = 'identifier' | 'number' | 'string' | 'symbol' | 'end';

export interface Token extends SourcePosition {
  readonly kind: TokenKind;
  /** Identifier, symbol or number as written; a string's decoded value. */
  readonly text: string;
  /** As written, for error messages. */
  readonly raw: string;
}

const NUMBER = /^(?:0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[fF]?)/;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*/;
const SYMBOLS = '{}<>[]:,;-';

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  t: '\t',
  r: '\r',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '?': '?',
};

export class Lexer {
  private offset = 0;
  private line = 1;
  private lineStart = 0;

  constructor(
    private readonly text: string,
    private readonly source: string,
  ) {}

  fail(at: SourcePosition, reason: string): never {
    throw new PrototxtError(this.source, at.line, at.column, reason);
  }

  next(): Token {
    this.skipSpaceAndComments();
    const at = { line: this.line, column: this.offset - this.lineStart + 1 };
    if (this.offset >= this.text.length) return { ...at, kind: 'end', text: '', raw: 'end of input' };
    const rest = this.text.slice(this.offset, this.offset + 256);
    const ch = rest[0] as string;
    if (ch === '"' || ch === "'") return { ...at, ...this.readString(ch, at) };
    const number = NUMBER.exec(rest);
    if (number) {
      this.offset += number[0].length;
      if (IDENTIFIER.test(this.text.slice(this.offset, this.offset + 1))) {
        this.fail(at, `malformed number '${number[0]}${this.text[this.offset]}'`);
      }
      return { ...at, kind: 'number', text: number[0], raw: number[0] };
    }
    const identifier = IDENTIFIER.exec(rest);
    if (identifier) {
      this.offset += identifier[0].length;
      return { ...at, kind: 'identifier', text: identifier[0], raw: identifier[0] };
    }
    if (SYMBOLS.includes(ch)) {
      this.offset += 1;
      return { ...at, kind: 'symbol', text: ch, raw: ch };
    }
    return this.fail(at, `unexpected character '${ch}'`);
  }

  private skipSpaceAndComments(): void {
    while (this.offset < this.text.length) {
      const ch = this.text[this.offset];
      if (ch === '\n') {
        this.offset += 1;
        this.line += 1;
        this.lineStart = this.offset;
      } else if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\f' || ch === '\v') {
        this.offset += 1;
      } else if (ch === '#') {
        while (this.offset < this.text.length && this.text[this.offset] !== '\n') this.offset += 1;
      } else {
        return;
      }
    }
  }

  private readString(quote: string, at: SourcePosition): Pick<Token, 'kind' | 'text' | 'raw'> {
    const start = this.offset;
    let value = '';
    this.offset += 1;
    for (;;) {
      const ch = this.text[this.offset];
      if (ch === undefined || ch === '\n') this.fail(at, 'string is not closed on its line');
      this.offset += 1;
      if (ch === quote) break;
      if (ch !== '\\') {
        value += ch;
        continue;
      }
      value += this.readEscape(at);
    }
    return { kind: 'string', text: value, raw: this.text.slice(start, this.offset) };
  }

  private readEscape(at: SourcePosition): string {
    const ch = this.text[this.offset] ?? '';
    const simple = SIMPLE_ESCAPES[ch];
    if (simple !== undefined) {
      this.offset += 1;
      return simple;
    }
    const hex = /^[xX]([0-9a-fA-F]{1,2})/.exec(this.text.slice(this.offset, this.offset + 3));
    if (hex) {
      this.offset += hex[0].length;
      return String.fromCharCode(parseInt(hex[1] as string, 16));
    }
    const octal = /^[0-7]{1,3}/.exec(this.text.slice(this.offset, this.offset + 3));
    if (octal) {
      this.offset += octal[0].length;
      return String.fromCharCode(parseInt(octal[0], 8));
    }
    return this.fail(at, `unknown escape '\\${ch}' in string`);
  }
}
