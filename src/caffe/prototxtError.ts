// Where a prototxt problem is, and the error that says so: "<file> line L, column C: reason".

export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

export class PrototxtError extends Error {
  constructor(
    readonly source: string,
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`${source} line ${line}, column ${column}: ${reason}`);
    this.name = 'PrototxtError';
  }
}
