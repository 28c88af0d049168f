/** Every failure the user can see carries one of these codes, so tests and the UI can tell causes apart. */
export type ErrorCode =
  | 'BAD_REQUEST'
  | 'NO_SESSION'
  | 'MODEL_FETCH_FAILED'
  | 'MODEL_INVALID'
  | 'MANIFEST_INVALID'
  | 'PROTOTXT_INVALID'
  | 'CAFFEMODEL_INVALID'
  | 'MEAN_INVALID'
  | 'RUN_FILE_INVALID'
  | 'BACKEND_UNAVAILABLE'
  | 'SESSION_CREATE_FAILED'
  | 'INFERENCE_FAILED'
  | 'IMAGE_EMPTY'
  | 'IMAGE_DECODE_FAILED'
  | 'IMAGE_TOO_LARGE'
  | 'NOT_AN_IMAGE'
  | 'SUPERSEDED'
  | 'FRAME_DROPPED'
  | 'VIDEO_DECODE_FAILED'
  | 'VIDEO_SEEK_MISMATCH'
  | 'WEBCAM_DENIED'
  | 'WEBCAM_UNAVAILABLE'
  | 'WORKER_CRASHED'
  | 'STORAGE_FAILED'
  | 'DEVICE_LOST'
  | 'INTERNAL';

/**
 * A value read from an untrusted file, as an error message quotes it: short, and safe for any
 * JSON value (JSON.stringify overflows the stack on a list nested 20,000 deep and copies a
 * 100 MB string whole).
 */
export function shownValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}...` : value);
  if (typeof value !== 'object' || value === null) return String(value);
  // Small flat lists and objects are quoted as written ([], {"a": 1}); anything else is described.
  const small = (v: unknown) => v === null || typeof v === 'number' || typeof v === 'boolean' || (typeof v === 'string' && v.length <= 60);
  const items = Object.values(value);
  if (items.length <= 8 && items.every(small)) return JSON.stringify(value);
  return Array.isArray(value) ? `a list of ${value.length}` : 'an object';
}

export class AppError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
  }
}

/** The shape errors take when they cross a thread boundary (structured clone drops class identity). */
export interface ErrorPayload {
  code: ErrorCode;
  message: string;
}

export function toErrorPayload(error: unknown, fallbackCode: ErrorCode = 'INTERNAL'): ErrorPayload {
  if (error instanceof AppError) return { code: error.code, message: error.message };
  if (error instanceof Error) return { code: fallbackCode, message: error.message || error.name };
  return { code: fallbackCode, message: String(error) };
}

export function fromErrorPayload(payload: ErrorPayload): AppError {
  return new AppError(payload.code, payload.message);
}
