// The bench controller against a fake worker client and a fake page: a sweep's requests in
// order, a sweep stopped by another model's load or by the user, failures that rebuild the
// session, the profiler and the backend comparison, and run files saved and read back.
import { describe, expect, it } from 'vitest';
import { AppError } from '../domain/errors';
import { toJson } from '../measure/metrics/runFormat';
import type { ModelDescription } from '../onnx/modelDescription';
import { createBenchController } from './benchController';
import { createController } from './controller';
import { createAppStore } from './store';
import { FakeClient } from './testing/fakeClient';
import { CAPABLE, fakeEnv } from './testing/fakeEnv';
import { loadedModel } from './testing/models';

/** One 3x224x224 float input and nothing else: every batch up to 32 fits WASM's memory. */
const DESCRIPTION: ModelDescription = {
  name: 'tiny',
  nodes: ['n'],
  inputs: ['data'],
  activations: [{ name: 'data', dims: ['N', 3, 224, 224], bytesPerElement: 4, from: -1, until: 0 }],
  weights: [],
};

function setup() {
  const store = createAppStore();
  const client = new FakeClient();
  const env = fakeEnv();
  const app = createController(store, client, env);
  const bench = createBenchController(store, client, app, env);
  store.setState({ loaded: loadedModel('googlenet'), status: 'ready', capabilities: CAPABLE, batchListText: '1, 2' });
  client.answer('describe', () => DESCRIPTION);
  // The worker's WASM memory, as if each batch grew it by 1 MiB per frame of the batch.
  let wasmHeapBytes = 16 << 20;
  client.answer('benchBare', ({ batch }) => {
    wasmHeapBytes = Math.max(wasmHeapBytes, (16 + batch) << 20);
    return { runMs: [0] };
  });
  client.answer('memory', () => ({ gpuBytes: 0, gpuBuffers: 0, gpuPeakBytes: 0, wasmHeapBytes }));
  return { store, client, env, app, bench };
}

/**
 * benchBare answered at once, calling `onRun` with the batch first. Its session.run time is 0:
 * the page times each request with the real clock, and a fake reply takes microseconds.
 */
function answerRuns(client: FakeClient, onRun: (batch: number) => void = () => {}) {
  client.answer('benchBare', ({ batch }) => {
    onRun(batch);
    return { runMs: [0] };
  });
}

describe('createBenchController: the batch-size sweep', () => {
  it('describes the model, then runs warm-ups and timed runs per batch, and keeps the run', async () => {
    const { store, client, bench } = setup();
    answerRuns(client);
    await bench.runSweep();
    expect(client.types[0]).toBe('describe');
    const batches = client.sentOf('benchBare').map((s) => s.payload.batch);
    expect(batches.indexOf(2)).toBeGreaterThan(batches.lastIndexOf(1));
    expect(client.sentOf('benchBare').every((s) => s.payload.runs === 1 && s.payload.warmupRuns === 0)).toBe(true);
    const [run] = store.getState().benchRuns;
    expect(run?.points.map((p) => p.batch)).toEqual([1, 2]);
    expect(store.getState()).toMatchObject({ status: 'ready', sweep: { running: false, progress: 1, message: 'finished: 2 batch sizes' } });
  });

  it('sets the memory model of each batch beside what the worker held when the batch ended', async () => {
    const { store, client, bench } = setup();
    await bench.runSweep();
    // A reading before batch 1, between batch 1 and 2, and after batch 2; none between runs of one batch.
    expect(client.types.filter((t) => t === 'memory')).toHaveLength(3);
    const input = 3 * 224 * 224 * 4;
    expect(store.getState().benchRuns[0]?.points.map((p) => p.memory)).toEqual([
      { holder: 'WASM memory', estimatedBytes: input, measuredBytes: 17 << 20 },
      { holder: 'WASM memory', estimatedBytes: 2 * input, measuredBytes: 18 << 20 },
    ]);
  });

  it("times the session variant asked for where it can run, and keeps each point's difference from the plain session", async () => {
    const { store, client, bench } = setup();
    store.setState({ loaded: loadedModel('googlenet', 'webgpu') });
    client.answer('benchBare', ({ batch }) => ({ runMs: [0], maxAbsDiffVsPlain: batch * 1e-7 }));
    client.answer('releaseVariant', () => ({ released: true }));
    // setVariant changes one part and keeps the other.
    bench.setVariant({ graphCapture: true });
    bench.setVariant({ float16: true });
    await bench.runSweep();
    // CAPABLE's adapter has no shader-f16: graph capture alone is timed.
    const variants = client.sentOf('benchBare').map((s) => s.payload.variant);
    expect(variants.every((v) => v?.graphCapture === true && v.float16 === false)).toBe(true);
    const [run] = store.getState().benchRuns;
    expect([run?.graphCapture, run?.float16]).toEqual([true, undefined]);
    expect(run?.points.map((p) => p.maxAbsDiffVsPlain)).toEqual([1e-7, 2e-7]);
    // The variant's own session is freed once the sweep has its last memory reading.
    expect(client.types.slice(-2)).toEqual(['memory', 'releaseVariant']);
  });

  it('on WASM a variant asked for times the plain session, and the run says nothing of variants', async () => {
    const { store, client, bench } = setup();
    store.setState({ batchListText: '1' });
    bench.setVariant({ graphCapture: true, float16: true });
    await bench.runSweep();
    expect(client.sentOf('benchBare').every((s) => s.payload.variant === undefined)).toBe(true);
    expect(client.types).not.toContain('releaseVariant');
    expect(Object.keys(store.getState().benchRuns[0]!)).not.toContain('graphCapture');
  });

  it('a batch list it cannot read: the error says why and nothing is sent', async () => {
    const { store, client, bench } = setup();
    bench.setBatchList('1, two');
    await bench.runSweep();
    expect(client.types).toEqual([]);
    expect(store.getState().error?.code).toBe('BAD_REQUEST');
    expect(store.getState().error?.message).toMatch(/two/);
  });

  it('another model chosen mid-sweep: no run after its load request, the finished points kept, the load keeps its status', async () => {
    const { store, client, app, bench } = setup();
    let load: Promise<void> | undefined;
    answerRuns(client, (batch) => {
      if (batch === 2 && !load) load = app.selectModel('detectnet');
    });
    await bench.runSweep();
    const afterLoad = client.types.slice(client.types.indexOf('load'));
    expect(afterLoad.filter((t) => t === 'benchBare')).toEqual([]);
    const [run] = store.getState().benchRuns;
    expect(run?.model).toBe('googlenet');
    expect(run?.points.map((p) => p.batch)).toEqual([1]);
    expect(store.getState().sweep?.message).toBe('another model was loaded: cancelled during batch 2 after 1 of 2 points');
    expect(store.getState().status).toBe('loading');
    client.oldest('load').resolve(loadedModel('detectnet'));
    await load;
    expect(store.getState().status).toBe('ready');
  });

  it('cancel stops at the next run', async () => {
    const { store, client, bench } = setup();
    answerRuns(client, (batch) => {
      if (batch === 2) bench.cancelSweep();
    });
    await bench.runSweep();
    expect(store.getState().sweep).toMatchObject({
      running: false,
      stopped: true,
      message: 'cancelled during batch 2 after 1 of 2 points',
    });
    expect(store.getState().status).toBe('ready');
  });

  it('out of memory stops the sweep with the reason and builds the session again', async () => {
    const { store, client, bench } = setup();
    client.answer('benchBare', ({ batch }) => {
      if (batch === 2) throw new AppError('INFERENCE_FAILED', 'failed to allocate a buffer of 1.2 GiB');
      return { runMs: [0] };
    });
    client.answer('load', () => loadedModel('googlenet'));
    await bench.runSweep();
    expect(store.getState().sweep?.message).toBe(
      'batch 2 ran out of memory (failed to allocate a buffer of 1.2 GiB); the sweep stopped at batch 1, the largest that ran',
    );
    expect(client.types.at(-1)).toBe('load');
    expect(store.getState().status).toBe('ready');
  });

  it('a session rebuilt after a device loss between two runs stops the sweep at that batch; a rebuild before the sweep does not', async () => {
    const { store, client, bench } = setup();
    let lostDuringBatch2 = false;
    client.answer('benchBare', ({ batch }) => {
      // The sweep starts on a session already rebuilt once; the second rebuild lands during batch 2.
      if (batch === 2) lostDuringBatch2 = true;
      return { runMs: [0], rebuiltAfter: { count: lostDuringBatch2 ? 2 : 1, loss: 'destroyed: device was destroyed' } };
    });
    client.answer('load', () => loadedModel('googlenet'));
    await bench.runSweep();
    expect(store.getState().benchRuns[0]?.points.map((p) => p.batch)).toEqual([1]);
    expect(store.getState().sweep?.message).toMatch(
      /^the GPU device was lost at batch 2 \(the GPU device was lost between two runs \(destroyed: device was destroyed\) and the session was rebuilt\)/,
    );
    expect(store.getState().status).toBe('ready');
  });

  it('a model the sweep cannot read: the error reaches the store and the sweep says it failed', async () => {
    const { store, client, bench } = setup();
    client.answer('describe', () => {
      throw new AppError('MODEL_INVALID', "cannot size 'y': node 'n' (Foo) is not an op the memory model knows");
    });
    await bench.runSweep();
    expect(store.getState()).toMatchObject({
      status: 'ready',
      error: { code: 'MODEL_INVALID', message: "cannot size 'y': node 'n' (Foo) is not an op the memory model knows" },
      sweep: { running: false, stopped: true, message: 'the sweep failed' },
    });
  });
});

describe('createBenchController: profiler and backend comparison', () => {
  it('profiles 5 runs and divides the kernel times by every profiled run, the warm-up included', async () => {
    const { store, client, bench } = setup();
    const profiling = bench.profileKernels();
    expect(store.getState().kernelProfile?.running).toBe(true);
    expect(client.oldest('profile').payload).toEqual({ batch: 1, runs: 5 });
    client.oldest('profile').resolve({
      kernels: [{ node: 'conv1', op: 'Conv', provider: 'CPU', totalMs: 60, calls: 6 }],
      runMs: [10, 30, 20],
      backend: 'wasm',
      clock: 'cpu',
    });
    await profiling;
    expect(store.getState().kernelProfile).toEqual({
      modelName: 'googlenet model',
      backend: 'wasm',
      clock: 'cpu',
      runs: 5,
      kernels: [{ node: 'conv1', op: 'Conv', provider: 'CPU', msPerRun: 10 }],
      runMsP50: 20,
    });
  });

  it('a failed profile clears the table and shows the error', async () => {
    const { store, client, bench } = setup();
    const profiling = bench.profileKernels();
    client.oldest('profile').reject(new AppError('INFERENCE_FAILED', 'profiling session could not be created'));
    await profiling;
    expect(store.getState()).toMatchObject({
      status: 'ready',
      kernelProfile: undefined,
      error: { code: 'INFERENCE_FAILED', message: 'profiling session could not be created' },
    });
  });

  it('a comparison that ends while another model loads does not end that load', async () => {
    const { store, client, app, bench } = setup();
    const comparing = bench.compareBackends();
    void app.selectModel('detectnet');
    client.oldest('compareBackends').resolve({
      backends: ['wasm', 'webgpu'],
      ms: [10, 5],
      outputs: [{ name: 'prob', maxAbsDiff: 1e-6 }],
      agree: true,
      detail: 'top-5 equal',
    });
    await comparing;
    expect(store.getState().backendComparison?.agree).toBe(true);
    expect(store.getState().status).toBe('loading');
  });
});

describe('createBenchController: run files', () => {
  it('saves a run as JSON and all runs as CSV, reads a run file back, and names a file that is not one', async () => {
    const { store, env, client, bench } = setup();
    answerRuns(client);
    await bench.runSweep();
    const run = store.getState().benchRuns[0]!;
    bench.exportJson(0);
    bench.exportCsv();
    expect(env.savedFiles.map((f) => [f.name.replace(/\d{4}-\d\d-\d\dT\d{6}/, 'DATE'), f.type])).toEqual([
      ['googlenet-wasm-DATE.json', 'application/json'],
      ['sweep-runs.csv', 'text/csv'],
    ]);
    await bench.importRun(new File([toJson(run)], 'run.json'));
    expect(store.getState().benchRuns).toHaveLength(2);
    await bench.importRun(new File(['{"schemaVersion": 99}'], 'other.json'));
    expect(store.getState().error?.message).toMatch(/^"other\.json" is not a run file: /);
    bench.removeRun(0);
    expect(store.getState().benchRuns).toHaveLength(1);
  });
});
