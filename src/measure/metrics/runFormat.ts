// The file a sweep run is kept in: exported from the app or written by `npm run bench`, and
// imported back to compare against. Everything needed to read the numbers travels with them
// (model, backend, device, browser, date), because a run compared months later on another
// machine is only meaningful with that context.
import { BACKENDS } from '../../domain/backend';
import { AppError, shownValue } from '../../domain/errors';
import type { Backend } from '../../domain/backend';

export const RUN_SCHEMA_VERSION = 1;

/** One batch size of a sweep; sweep/pointRule's PointSummary is one of these. */
export interface RunPoint {
  batch: number;
  runs: number;
  /** A safety cap (time or runs) ended this point before the point rule was met. */
  capped?: 'max-time' | 'max-runs';
  msPerBatch: { p10: number; p50: number; p90: number };
  msPerFrame: number;
  throughputFps: number;
  /** The bare session.run loop at this batch, p50, where the bench measured it (the app-overhead baseline). */
  bareMsPerBatchP50?: number;
  /** Median over the point's runs of (the app's time - session.run's time) in the same run: the app's own overhead. */
  overheadMsP50?: number;
  /** The sweep's memory model for this batch next to what the worker really allocated while it ran. */
  memory?: PointMemory;
  /** Session variant runs (graph capture, float16): the largest |difference| of their outputs from the plain session's, same input. */
  maxAbsDiffVsPlain?: number;
}

export const MEMORY_HOLDERS = ['GPU buffers', 'WASM memory'] as const;

export interface PointMemory {
  /** Where the measurement comes from: the peak of GPU buffer bytes during the point (WebGPU), or the size the WASM memory had grown to by its end (WASM: it only grows, so it includes earlier points and ORT's own arena). */
  holder: (typeof MEMORY_HOLDERS)[number];
  /** Weights + peak activations, as the memory model works them out before the batch runs. */
  estimatedBytes: number;
  measuredBytes: number;
}

export interface RunDevice {
  /** Adapter (vendor, architecture, description) for WebGPU; the CPU path for WASM. */
  description: string;
  /** A software adapter (SwiftShader): its times are not GPU times. */
  software?: boolean;
  wasmThreads?: number;
}

export interface BenchRun {
  schemaVersion: typeof RUN_SCHEMA_VERSION;
  name: string;
  /** Model id, e.g. 'googlenet'. */
  model: string;
  backend: Backend;
  device: RunDevice;
  userAgent: string;
  /** ISO 8601, when the run was measured. */
  date: string;
  sessionCreateMs?: number;
  firstRunMs?: number;
  /** Timed with ORT's graph capture (WebGPU: a session per batch size replaying its recorded GPU commands). */
  graphCapture?: boolean;
  /** Timed with the model converted to float16 (WebGPU with shader-f16; inputs and outputs float32). */
  float16?: boolean;
  /** Ascending batch sizes. */
  points: RunPoint[];
  /** Why the sweep ended before the list did (memory limit, out of memory, cancel). */
  stopReason?: string;
}

export class RunFormatError extends AppError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super('RUN_FILE_INVALID', `run file: ${field} ${message}`);
    this.name = 'RunFormatError';
  }
}

function shown(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value); // JSON would say null
  return shownValue(value);
}

type Json = Record<string, unknown>;

function object(value: unknown, field: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new RunFormatError(field, `must be an object, got ${shown(value)}`);
  return value as Json;
}

function text(o: Json, key: string, field: string): string {
  const v = o[key];
  if (typeof v !== 'string' || v.trim() === '') throw new RunFormatError(field, `must be a non-empty string, got ${shown(v)}`);
  return v;
}

function number(o: Json, key: string, field: string, min: number, integer = false): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || (integer && !Number.isInteger(v))) {
    throw new RunFormatError(field, `must be ${integer ? 'a whole number' : 'a number'} >= ${min}, got ${shown(v)}`);
  }
  return v;
}

function flag(o: Json, key: string, field: string): boolean {
  const v = o[key];
  if (typeof v !== 'boolean') throw new RunFormatError(field, `must be true or false, got ${shown(v)}`);
  return v;
}

/** Optional fields are left out, not set to undefined, so a parsed run equals the run it came from. */
function optional<T>(o: Json, key: string, read: () => T): { [k: string]: T } {
  return o[key] === undefined ? {} : { [key]: read() };
}

function point(value: unknown, field: string): RunPoint {
  const o = object(value, field);
  const spread = object(o.msPerBatch, `${field}.msPerBatch`);
  const p10 = number(spread, 'p10', `${field}.msPerBatch.p10`, 0);
  const p50 = number(spread, 'p50', `${field}.msPerBatch.p50`, 0);
  const p90 = number(spread, 'p90', `${field}.msPerBatch.p90`, 0);
  if (!(p10 <= p50 && p50 <= p90))
    throw new RunFormatError(`${field}.msPerBatch`, `must have p10 <= p50 <= p90, got ${p10}, ${p50}, ${p90}`);
  return {
    batch: number(o, 'batch', `${field}.batch`, 1, true),
    runs: number(o, 'runs', `${field}.runs`, 1, true),
    ...optional(o, 'capped', () => {
      if (o.capped !== 'max-time' && o.capped !== 'max-runs')
        throw new RunFormatError(`${field}.capped`, `must be "max-time" or "max-runs", got ${shown(o.capped)}`);
      return o.capped;
    }),
    msPerBatch: { p10, p50, p90 },
    msPerFrame: number(o, 'msPerFrame', `${field}.msPerFrame`, 0),
    throughputFps: number(o, 'throughputFps', `${field}.throughputFps`, 0),
    ...optional(o, 'bareMsPerBatchP50', () => number(o, 'bareMsPerBatchP50', `${field}.bareMsPerBatchP50`, 0)),
    ...optional(o, 'overheadMsP50', () => number(o, 'overheadMsP50', `${field}.overheadMsP50`, 0)),
    ...optional(o, 'memory', () => pointMemory(o.memory, `${field}.memory`)),
    ...optional(o, 'maxAbsDiffVsPlain', () => number(o, 'maxAbsDiffVsPlain', `${field}.maxAbsDiffVsPlain`, 0)),
  };
}

function pointMemory(value: unknown, field: string): PointMemory {
  const o = object(value, field);
  if (!MEMORY_HOLDERS.includes(o.holder as PointMemory['holder']))
    throw new RunFormatError(`${field}.holder`, `must be one of ${MEMORY_HOLDERS.map((h) => `"${h}"`).join(', ')}, got ${shown(o.holder)}`);
  return {
    holder: o.holder as PointMemory['holder'],
    estimatedBytes: number(o, 'estimatedBytes', `${field}.estimatedBytes`, 0, true),
    measuredBytes: number(o, 'measuredBytes', `${field}.measuredBytes`, 0, true),
  };
}

function device(value: unknown): RunDevice {
  const o = object(value, 'device');
  return {
    description: text(o, 'description', 'device.description'),
    ...optional(o, 'software', () => flag(o, 'software', 'device.software')),
    ...optional(o, 'wasmThreads', () => number(o, 'wasmThreads', 'device.wasmThreads', 1, true)),
  };
}

/** Checks a run field by field and returns a copy with only the known fields, in schema order. */
export function validateRun(value: unknown): BenchRun {
  const o = object(value, 'run');
  if (o.schemaVersion !== RUN_SCHEMA_VERSION) {
    throw new RunFormatError('schemaVersion', `must be ${RUN_SCHEMA_VERSION} (the version this app reads), got ${shown(o.schemaVersion)}`);
  }
  const backend = o.backend;
  if (!BACKENDS.includes(backend as Backend))
    throw new RunFormatError('backend', `must be one of ${BACKENDS.join(', ')}, got ${shown(backend)}`);
  const date = text(o, 'date', 'date');
  if (!/^\d{4}-\d{2}-\d{2}T/.test(date) || Number.isNaN(Date.parse(date)))
    throw new RunFormatError('date', `must be an ISO 8601 date-time, got ${shown(date)}`);
  if (!Array.isArray(o.points)) throw new RunFormatError('points', `must be an array, got ${shown(o.points)}`);
  const points = o.points.map((p, i) => point(p, `points[${i}]`));
  points.forEach((p, i) => {
    const previous = points[i - 1];
    if (previous && p.batch <= previous.batch)
      throw new RunFormatError(`points[${i}].batch`, `must be larger than the previous point's (${previous.batch}), got ${p.batch}`);
  });
  return {
    schemaVersion: RUN_SCHEMA_VERSION,
    name: text(o, 'name', 'name'),
    model: text(o, 'model', 'model'),
    backend: backend as Backend,
    device: device(o.device),
    userAgent: text(o, 'userAgent', 'userAgent'),
    date,
    ...optional(o, 'sessionCreateMs', () => number(o, 'sessionCreateMs', 'sessionCreateMs', 0)),
    ...optional(o, 'firstRunMs', () => number(o, 'firstRunMs', 'firstRunMs', 0)),
    ...optional(o, 'graphCapture', () => flag(o, 'graphCapture', 'graphCapture')),
    ...optional(o, 'float16', () => flag(o, 'float16', 'float16')),
    points,
    ...optional(o, 'stopReason', () => text(o, 'stopReason', 'stopReason')),
  };
}

/** Validates before writing, so a NaN never leaves as JSON null and fails only on import. */
export function toJson(run: BenchRun): string {
  return `${JSON.stringify(validateRun(run), null, 2)}\n`;
}

export function parseRunJson(json: string): BenchRun {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new RunFormatError('file', `is not JSON (${(error as Error).message})`);
  }
  return validateRun(value);
}

const CSV_COLUMNS = [
  'run',
  'model',
  'backend',
  'device',
  'user_agent',
  'date',
  'batch',
  'runs',
  'ms_per_batch_p10',
  'ms_per_batch_p50',
  'ms_per_batch_p90',
  'ms_per_frame',
  'throughput_fps',
  'graph_capture',
  'float16',
  'max_abs_diff_vs_plain',
] as const;

/** RFC 4180 quoting: only where a comma, quote or line break would split the cell. */
const cell = (value: string): string => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** One header line and one row per point of each run. Milliseconds to 3 decimals (microseconds), frames/s to 2. */
export function toCsv(runs: BenchRun | readonly BenchRun[]): string {
  const list: readonly BenchRun[] = Array.isArray(runs) ? runs : [runs as BenchRun];
  const ms = (v: number) => v.toFixed(3);
  const rows = list.flatMap((run) =>
    run.points.map((p) =>
      [
        run.name,
        run.model,
        run.backend,
        run.device.description,
        run.userAgent,
        run.date,
        String(p.batch),
        String(p.runs),
        ms(p.msPerBatch.p10),
        ms(p.msPerBatch.p50),
        ms(p.msPerBatch.p90),
        ms(p.msPerFrame),
        p.throughputFps.toFixed(2),
        run.graphCapture ? 'yes' : 'no',
        run.float16 ? 'yes' : 'no',
        p.maxAbsDiffVsPlain === undefined ? '' : String(p.maxAbsDiffVsPlain),
      ]
        .map(cell)
        .join(','),
    ),
  );
  return `${[CSV_COLUMNS.join(','), ...rows].join('\n')}\n`;
}
