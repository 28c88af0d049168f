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
  | 'WEBCAM_DENIED'
  | 'WEBCAM_UNAVAILABLE'
  | 'WORKER_CRASHED'
  | 'INTERNAL';

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
