import { describe, expect, it } from 'vitest';
import { summarizePoint } from '../sweep/pointRule';
import { compareRuns, runLabel } from './runCompare';
import { parseRunJson, RunFormatError, toCsv, toJson } from './runFormat';
import type { BenchRun, RunPoint } from './runFormat';

const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';

// Points straight from the sweep, with medians like 1000/3 whose decimals must survive the trip.
const points: RunPoint[] = [
  summarizePoint(1, [66.1, 65.9, 1000 / 15]),
  summarizePoint(2, [120.25, 121.5, 119]),
  summarizePoint(4, [240.125, 236, 250.5, 238]),
];

const wasmRun: BenchRun = {
  schemaVersion: 1,
  name: 'wasm, 2 threads',
  model: 'googlenet',
  backend: 'wasm',
  device: { description: 'CPU (WASM SIMD)', wasmThreads: 2 },
  userAgent: UA,
  date: '2025-03-01T10:20:30.000Z',
  sessionCreateMs: 412.5,
  firstRunMs: 180.25,
  points,
};

const webgpuRun: BenchRun = {
  schemaVersion: 1,
  name: 'webgpu "fast", laptop',
  model: 'googlenet',
  backend: 'webgpu',
  device: { description: 'google swiftshader', software: true },
  userAgent: UA,
  date: '2025-03-01T10:25:00.000Z',
  graphCapture: true,
  float16: true,
  points: [
    {
      ...summarizePoint(1, [8000, 8100]),
      bareMsPerBatchP50: 7990,
      overheadMsP50: 3.5,
      memory: { holder: 'GPU buffers', estimatedBytes: 90_000_000, measuredBytes: 71_303_168 },
      maxAbsDiffVsPlain: 1.5e-7,
    },
    summarizePoint(2, [15000]),
  ],
  stopReason:
    "batch 4 needs 1.5 GiB in one buffer ('conv1/7x7_s2'); this device allows 1 GiB per buffer (maxBufferSize) (max batch 2); the sweep stops at batch 2",
};

const expectFormatError = (json: string, message: string) => {
  expect(() => parseRunJson(json)).toThrow(RunFormatError);
  expect(() => parseRunJson(json)).toThrow(message);
};

const withField = (patch: Record<string, unknown>) => JSON.stringify({ ...JSON.parse(toJson(wasmRun)), ...patch });

describe('run JSON', () => {
  it('imports back exactly what was exported', () => {
    for (const run of [wasmRun, webgpuRun]) expect(parseRunJson(toJson(run))).toStrictEqual(run);
  });

  it('gives an identical comparison after export and import', () => {
    const imported = [wasmRun, webgpuRun].map((r) => parseRunJson(toJson(r)));
    expect(compareRuns(imported)).toStrictEqual(compareRuns([wasmRun, webgpuRun]));
  });

  it('drops fields it does not know, so a newer writer does not break reading', () => {
    expect(parseRunJson(withField({ extra: 1 }))).toStrictEqual(wasmRun);
  });

  it('names the field that is wrong', () => {
    expectFormatError('{"schemaVersion": 1,', 'run file: file is not JSON');
    expectFormatError('[]', 'run file: run must be an object, got []');
    expectFormatError(withField({ schemaVersion: 2 }), 'run file: schemaVersion must be 1 (the version this app reads), got 2');
    expectFormatError(withField({ backend: 'cuda' }), 'run file: backend must be one of webgpu, wasm, got "cuda"');
    expectFormatError(withField({ name: '' }), 'run file: name must be a non-empty string, got ""');
    expectFormatError(withField({ date: 'yesterday' }), 'run file: date must be an ISO 8601 date-time, got "yesterday"');
    expectFormatError(
      withField({ device: { description: 'x', wasmThreads: 0 } }),
      'run file: device.wasmThreads must be a whole number >= 1, got 0',
    );
    const badPoint = JSON.parse(toJson(wasmRun));
    badPoint.points[2].msPerBatch.p50 = 'fast';
    expectFormatError(JSON.stringify(badPoint), 'run file: points[2].msPerBatch.p50 must be a number >= 0, got "fast"');
    const badMemory = JSON.parse(toJson(webgpuRun));
    badMemory.points[0].memory.holder = 'VRAM';
    expectFormatError(
      JSON.stringify(badMemory),
      'run file: points[0].memory.holder must be one of "GPU buffers", "WASM memory", got "VRAM"',
    );
    expectFormatError(withField({ graphCapture: 'yes' }), 'run file: graphCapture must be true or false, got "yes"');
    expectFormatError(withField({ float16: 1 }), 'run file: float16 must be true or false, got 1');
    const badDifference = JSON.parse(toJson(webgpuRun));
    badDifference.points[0].maxAbsDiffVsPlain = -1;
    expectFormatError(JSON.stringify(badDifference), 'run file: points[0].maxAbsDiffVsPlain must be a number >= 0, got -1');
    const unordered = JSON.parse(toJson(wasmRun));
    unordered.points[1].batch = 1;
    expectFormatError(JSON.stringify(unordered), "run file: points[1].batch must be larger than the previous point's (1), got 1");
  });

  it('refuses to export a NaN, which JSON would turn into null', () => {
    const broken = { ...wasmRun, points: [{ ...points[0]!, msPerFrame: NaN }] };
    expect(() => toJson(broken)).toThrow('run file: points[0].msPerFrame must be a number >= 0, got NaN');
  });
});

describe('run CSV', () => {
  it('has a header and one row per point, numbers at fixed precision, quoted where needed', () => {
    const lines = toCsv([wasmRun, webgpuRun]).trimEnd().split('\n');
    expect(lines[0]).toBe(
      'run,model,backend,device,user_agent,date,batch,runs,ms_per_batch_p10,ms_per_batch_p50,ms_per_batch_p90,ms_per_frame,throughput_fps,graph_capture,float16,max_abs_diff_vs_plain',
    );
    expect(lines).toHaveLength(1 + 3 + 2);
    // batch 1 runs 65.9, 66.1, 66.667: p10 = rank 0.2 -> 65.94, p50 66.1, p90 = rank 1.8 -> 66.1 + 0.8 * 0.5667
    // = 66.553; 1000 / 66.1 = 15.13 fps.
    expect(lines[1]).toBe(
      `"wasm, 2 threads",googlenet,wasm,CPU (WASM SIMD),"${UA}",2025-03-01T10:20:30.000Z,1,3,65.940,66.100,66.553,66.100,15.13,no,no,`,
    );
    expect(lines[4]).toMatch(/^"webgpu ""fast"", laptop",googlenet,webgpu,google swiftshader,/);
    expect(lines[4]!.endsWith(',yes,yes,1.5e-7')).toBe(true);
    expect(lines[5]!.endsWith(',2,1,15000.000,15000.000,15000.000,7500.000,0.13,yes,yes,')).toBe(true);
  });
});

describe('compareRuns', () => {
  it('lines runs up by batch and gives the speed-up over the first run', () => {
    const c = compareRuns([wasmRun, webgpuRun]);
    expect(c.runs).toEqual([
      { key: 'run0', label: 'wasm, 2 threads · googlenet · wasm · CPU (WASM SIMD)' },
      { key: 'run1', label: runLabel(webgpuRun) },
    ]);
    expect(c.runs[1]!.label).toBe('webgpu "fast", laptop · googlenet · webgpu · google swiftshader (software)');
    expect(c.rows.map((r) => r.batch)).toEqual([1, 2, 4]);
    expect(c.rows[0]!.values.run0!.speedup).toBe(1);
    expect(c.rows[1]!.values.run1!.speedup).toBeCloseTo(60.125 / 7500, 12); // wasm p50 120.25 / 2 per frame against 15000 / 2
    expect(c.rows[2]!.values.run1).toBeUndefined(); // the WebGPU run stopped at batch 2
  });
});
