import { AppError } from '../domain/errors';
import { parseRunJson, toCsv, toJson } from '../measure/metrics/runFormat';
import { median } from '../measure/metrics/stats';
import { parseBatchList } from '../measure/sweep/batchList';
import { capNote } from '../measure/sweep/pointRule';
import { runSweep } from '../measure/sweep/runSweep';
import { sweepProgress, type SweepState } from '../measure/sweep/sweepPlan';
import { batchFitFor, sweepRunFile, sweepVariant } from '../measure/sweep/sweepRun';
import type { SessionVariant } from '../domain/model';
import { estimateMemory } from '../measure/sweep/memoryModel';
import type { ClientHandle } from '../bridge/client';
import type { Controller } from './controller';
import { browserEnv, type PageEnv } from './pageEnv';
import { errorFrom, type AppState, type AppStore } from './store';

const PROGRESS_UPDATE_MS = 250;

function stepMessage(state: SweepState): string {
  const batch = state.batches[state.index];
  return batch === undefined
    ? ''
    : `batch ${batch}: ${state.runMs.length > 0 || state.warmups > 0 ? `${state.warmups} warm-up, ${state.runMs.length} timed runs` : 'starting'}`;
}

/** The batch-size sweep (the lab's pycaffe batch experiment) and the runs kept to compare. */
export function createBenchController(store: AppStore, worker: ClientHandle, app: Controller, env: PageEnv = browserEnv()) {
  let abort: AbortController | undefined;

  /** Back to 'ready' unless a model load took the status over meanwhile (its own 'loading' must stay). */
  const settled = (status: AppState['status']): AppState['status'] => (status === 'running' ? 'ready' : status);

  return {
    setBatchList(text: string): void {
      store.setState({ batchListText: text });
    },

    /** The session variant the next sweep times (graph capture, float16 weights). */
    setVariant(change: Partial<SessionVariant>): void {
      store.setState((s) => ({ sweepVariant: { ...s.sweepVariant, ...change } }));
    },

    async runSweep(): Promise<void> {
      const { loaded, capabilities, batchListText, models, modelId, sweepVariant: asked } = store.getState();
      if (!loaded) return;
      const list = parseBatchList(batchListText);
      if (!list.ok) {
        store.setState({ error: { code: 'BAD_REQUEST', message: list.error, origin: 'benchmark' } });
        return;
      }
      const variant = sweepVariant(asked, loaded, capabilities);
      const sweepAbort = (abort = new AbortController());
      // Runs after another model's load would time that model: stop at the next run and keep what was measured before.
      const stopOnModelChange = store.subscribe((s) => {
        if (s.loaded !== loaded) sweepAbort.abort();
      });
      store.setState({ error: undefined, status: 'running', sweep: { running: true, progress: 0, message: 'reading the model' } });
      try {
        const description = await worker.current.request('describe', {});
        const fits = batchFitFor(loaded, description, capabilities);
        let lastUpdate = 0;
        const outcome = await runSweep({
          client: worker.current,
          batches: list.batches,
          fits,
          signal: sweepAbort.signal,
          variant,
          memory: { backend: loaded.backend, estimatedBytes: (batch) => estimateMemory(description, batch).totalBytes },
          onProgress: (state) => {
            const now = env.now();
            if (now - lastUpdate < PROGRESS_UPDATE_MS && state.status === 'running') return;
            lastUpdate = now;
            store.setState({ sweep: { running: state.status === 'running', progress: sweepProgress(state), message: stepMessage(state) } });
          },
        });
        const { state, points } = outcome;
        // The run is named by its model; its date is in the file, and runs are told apart by what differs (see the charts' legend).
        const title = models.find((m) => m.id === modelId)?.title ?? loaded.manifest.name;
        const run = sweepRunFile(title, loaded, capabilities, points, state.stop?.reason, env.userAgent, variant);
        const modelChanged = store.getState().loaded !== loaded;
        const reason = modelChanged ? `another model was loaded: ${state.stop?.reason ?? 'stopped'}` : state.stop?.reason;
        const capped = points.flatMap((p) => {
          const note = capNote(state.policy, p);
          return note ? [`batch ${p.batch} ${note}`] : [];
        });
        store.setState((s) => ({
          status: settled(s.status),
          benchRuns: points.length > 0 ? [...s.benchRuns, run] : s.benchRuns,
          sweep: {
            running: false,
            progress: sweepProgress(state),
            message: [reason ?? `finished: ${points.length} batch sizes`, ...capped].join('; '),
            stopped: state.stop !== undefined,
          },
        }));
        // Out of memory or a lost device leaves the session unusable: build it again so the app keeps working.
        if (state.stop?.rebuildSession && !modelChanged) await app.reload();
      } catch (error) {
        store.setState((s) => ({
          status: settled(s.status),
          error: errorFrom(error, 'benchmark'),
          sweep: { running: false, progress: 0, message: 'the sweep failed', stopped: true },
        }));
      } finally {
        stopOnModelChange();
        if (abort === sweepAbort) abort = undefined;
      }
    },

    /** Where the time goes: ONNX Runtime's profiler on a separate session, kernels summed per run. */
    async profileKernels(): Promise<void> {
      const { loaded, capabilities } = store.getState();
      if (!loaded) return;
      // SwiftShader takes seconds per GoogLeNet run: profile fewer runs there.
      const runs = loaded.backend === 'webgpu' && capabilities?.webgpu.software ? 1 : 5;
      store.setState({
        error: undefined,
        status: 'running',
        kernelProfile: { modelName: loaded.manifest.name, backend: loaded.backend, runs, kernels: [], runMsP50: 0, running: true },
      });
      try {
        const result = await worker.current.request('profile', { batch: 1, runs });
        // The trace includes the warm-up run: divide by every run the profiler saw.
        const profiledRuns = runs + 1;
        store.setState((s) => ({
          status: settled(s.status),
          kernelProfile: {
            modelName: loaded.manifest.name,
            backend: result.backend,
            runs,
            clock: result.clock,
            kernels: result.kernels.map((k) => ({ node: k.node, op: k.op, provider: k.provider, msPerRun: k.totalMs / profiledRuns })),
            runMsP50: median(result.runMs),
          },
        }));
      } catch (error) {
        store.setState((s) => ({ status: settled(s.status), error: errorFrom(error, 'benchmark'), kernelProfile: undefined }));
      }
    },

    /** The same input through both backends: agreement of the outputs next to the speed-up. */
    async compareBackends(): Promise<void> {
      if (!store.getState().loaded) return;
      store.setState({ error: undefined, status: 'running', backendComparison: undefined });
      try {
        const backendComparison = await worker.current.request('compareBackends', {});
        store.setState((s) => ({ status: settled(s.status), backendComparison }));
      } catch (error) {
        store.setState((s) => ({ status: settled(s.status), error: errorFrom(error, 'benchmark') }));
      }
    },

    cancelSweep(): void {
      abort?.abort();
    },

    exportJson(index: number): void {
      const run = store.getState().benchRuns[index];
      if (run) env.saveText(`${run.model}-${run.backend}-${run.date.slice(0, 19).replace(/:/g, '')}.json`, 'application/json', toJson(run));
    },

    exportCsv(): void {
      const { benchRuns } = store.getState();
      if (benchRuns.length > 0) env.saveText('sweep-runs.csv', 'text/csv', toCsv(benchRuns));
    },

    async importRun(file: File): Promise<void> {
      try {
        const run = parseRunJson(await file.text());
        store.setState((s) => ({ benchRuns: [...s.benchRuns, run], error: undefined }));
      } catch (error) {
        store.setState({
          error: errorFrom(new AppError('BAD_REQUEST', `"${file.name}" is not a run file: ${(error as Error).message}`), 'benchmark'),
        });
      }
    },

    removeRun(index: number): void {
      store.setState((s) => ({ benchRuns: s.benchRuns.filter((_, i) => i !== index) }));
    },
  };
}

export type BenchController = ReturnType<typeof createBenchController>;
