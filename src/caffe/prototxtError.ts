// Where a prototxt problem is, and the error that says so: "<file> line L, column C: reason".
import { AppError } from '../domain/errors';

export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** A syntax error, or a value the net cannot have, at one spot of the file. */
export class PrototxtError extends AppError {
  constructor(
    readonly source: string,
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super('PROTOTXT_INVALID', `${source} line ${line}, column ${column}: ${reason}`);
    this.name = 'PrototxtError';
  }
}
