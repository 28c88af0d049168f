// Fuzzing imported run files (a sweep exported from the app or written by `npm run bench`).
import { describe, expect, it } from 'vitest';
import { AppError } from '../../domain/errors';
import { fuzzTest, jsonMutator } from '../../onnx/testing/fuzz';
import { parseRunJson, toJson, type BenchRun } from './runFormat';

const run: BenchRun = {
  schemaVersion: 1,
  name: 'wasm, 2 threads',
  model: 'googlenet',
  backend: 'wasm',
  device: { description: 'CPU (WASM SIMD)', wasmThreads: 2, software: false },
  userAgent: 'Mozilla/5.0 Chrome/156',
  date: '2025-03-01T10:20:30.000Z',
  sessionCreateMs: 412.5,
  firstRunMs: 180.25,
  points: [
    { batch: 1, runs: 20, msPerBatch: { p10: 60, p50: 61.4, p90: 82.5 }, msPerFrame: 61.4, throughputFps: 16.3 },
    {
      batch: 2,
      runs: 20,
      msPerBatch: { p10: 100, p50: 107.6, p90: 110.3 },
      msPerFrame: 53.8,
      throughputFps: 18.6,
      bareMsPerBatchP50: 107.2,
    },
  ],
  stopReason: 'cancelled',
};

describe('run file fuzzing', () => {
  fuzzTest(
    '2,000 mutated run files import, or fail with RUN_FILE_INVALID naming the field',
    {
      name: 'run-file',
      seed: 71,
      cases: 2000,
      seeds: [toJson(run), JSON.stringify({ ...run, backend: 'webgpu', points: [] })],
      mutate: jsonMutator(),
      parse: (text) => parseRunJson(text),
      codes: ['RUN_FILE_INVALID'],
      check: (result) => {
        const r = result as BenchRun;
        const numbers = r.points.flatMap((p) => [p.batch, p.runs, p.msPerFrame, p.throughputFps, p.msPerBatch.p50]);
        return numbers.every(Number.isFinite) ? undefined : 'a number that is not finite';
      },
      sizeOf: (text) => text.length,
    },
    { results: 300, errors: { RUN_FILE_INVALID: 300 } },
  );

  it('a point nested 20,000 lists deep is described, not serialized (was a RangeError from JSON.stringify)', () => {
    const text = toJson(run).replace('"stopReason": "cancelled"', `"stopReason": ${'['.repeat(20_000)}${']'.repeat(20_000)}`);
    let caught: unknown;
    try {
      parseRunJson(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe('RUN_FILE_INVALID');
    expect((caught as AppError).message).toBe('run file: stopReason must be a non-empty string, got a list of 1');
  });
});
