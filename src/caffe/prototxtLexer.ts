// Tokens of protobuf text format, each with its line and column.
import { PrototxtError, type SourcePosition } from './prototxtError';

export type TokenKind = 'identifier' | 'number' | 'string' | 'symbol' | 'end';

export interface Token extends SourcePosition {
  readonly kind: TokenKind;
  /** Identifier, symbol or number as written; a string's decoded value. */
  readonly text: string;
  /** As written, for error messages. */
  readonly raw: string;
}

// Sticky (y): matched in place at the lexer's offset, so no token costs a copy of the text after it.
const NUMBER = /(?:0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[fF]?)/y;
const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/y;
const IDENTIFIER_START = /^[A-Za-z_]/;
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
    const line = this.line;
    const column = this.offset - this.lineStart + 1;
    if (this.offset >= this.text.length) return { line, column, kind: 'end', text: '', raw: 'end of input' };
    const ch = this.text[this.offset] as string;
    if (ch === '"' || ch === "'") return { line, column, ...this.readString(ch, { line, column }) };
    const number = this.match(NUMBER);
    if (number !== undefined) {
      if (IDENTIFIER_START.test(this.text[this.offset] ?? '')) {
        this.fail({ line, column }, `malformed number '${number.slice(0, 40)}${this.text[this.offset]}'`);
      }
      return { line, column, kind: 'number', text: number, raw: number };
    }
    const identifier = this.match(IDENTIFIER);
    if (identifier !== undefined) return { line, column, kind: 'identifier', text: identifier, raw: identifier };
    if (SYMBOLS.includes(ch)) {
      this.offset += 1;
      return { line, column, kind: 'symbol', text: ch, raw: ch };
    }
    const shown = /^[\x21-\x7e]$/.test(ch) ? `'${ch}'` : `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    return this.fail({ line, column }, `unexpected character ${shown}`);
  }

  /** The text `pattern` (sticky) matches at the current offset, consumed; undefined when it does not match. */
  private match(pattern: RegExp): string | undefined {
    pattern.lastIndex = this.offset;
    const found = pattern.exec(this.text);
    if (!found) return undefined;
    this.offset += found[0].length;
    return found[0];
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
