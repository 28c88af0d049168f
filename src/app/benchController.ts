import { AppError, toErrorPayload } from '../domain/errors';
import { parseRunJson, toCsv, toJson } from '../measure/metrics/runFormat';
import { median } from '../measure/metrics/stats';
import { parseBatchList } from '../measure/sweep/batchList';
import { capNote } from '../measure/sweep/pointRule';
import { runSweep } from '../measure/sweep/runSweep';
import { sweepProgress, type SweepState } from '../measure/sweep/sweepPlan';
import { batchFitFor, sweepRunFile } from '../measure/sweep/sweepRun';
import type { WorkerHandle } from '../bridge/workerHandle';
import type { Controller } from './controller';
import { downloadText } from './download';
import type { AppStore } from './store';

const PROGRESS_UPDATE_MS = 250;

function stepMessage(state: SweepState): string {
  const batch = state.batches[state.index];
  return batch === undefined
    ? ''
    : `batch ${batch}: ${state.runMs.length > 0 || state.warmups > 0 ? `${state.warmups} warm-up, ${state.runMs.length} timed runs` : 'starting'}`;
}

/** The batch-size sweep (the lab's pycaffe batch experiment) and the runs kept to compare. */
export function createBenchController(store: AppStore, worker: WorkerHandle, app: Controller) {
  let abort: AbortController | undefined;

  return {
    setBatchList(text: string): void {
      store.setState({ batchListText: text });
    },

    async runSweep(): Promise<void> {
      const { loaded, capabilities, batchListText, models, modelId } = store.getState();
      if (!loaded) return;
      const list = parseBatchList(batchListText);
      if (!list.ok) {
        store.setState({ error: { code: 'BAD_REQUEST', message: list.error } });
        return;
      }
      abort = new AbortController();
      store.setState({ error: undefined, status: 'running', sweep: { running: true, progress: 0, message: 'reading the model' } });
      try {
        const description = await worker.current.request('describe', {});
        const fits = batchFitFor(loaded, description, capabilities);
        let lastUpdate = 0;
        const outcome = await runSweep({
          client: worker.current,
          batches: list.batches,
          fits,
          signal: abort.signal,
          onProgress: (state) => {
            const now = performance.now();
            if (now - lastUpdate < PROGRESS_UPDATE_MS && state.status === 'running') return;
            lastUpdate = now;
            store.setState({ sweep: { running: state.status === 'running', progress: sweepProgress(state), message: stepMessage(state) } });
          },
        });
        const { state, points } = outcome;
        // The run is named by its model; its date is in the file, and runs are told apart by what differs (see the charts' legend).
        const title = models.find((m) => m.id === modelId)?.title ?? loaded.manifest.name;
        const run = sweepRunFile(title, loaded, capabilities, points, state.stop?.reason);
        const capped = points.flatMap((p) => {
          const note = capNote(state.policy, p);
          return note ? [`batch ${p.batch} ${note}`] : [];
        });
        store.setState((s) => ({
          status: 'ready',
          benchRuns: points.length > 0 ? [...s.benchRuns, run] : s.benchRuns,
          sweep: {
            running: false,
            progress: sweepProgress(state),
            message: [state.stop?.reason ?? `finished: ${points.length} batch sizes`, ...capped].join('; '),
            stopped: state.stop !== undefined,
          },
        }));
        // Out of memory or a lost device leaves the session unusable: build it again so the app keeps working.
        if (state.stop?.rebuildSession) await app.reload();
      } catch (error) {
        store.setState({
          status: 'ready',
          error: toErrorPayload(error),
          sweep: { running: false, progress: 0, message: 'the sweep failed', stopped: true },
        });
      } finally {
        abort = undefined;
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
        store.setState({
          status: 'ready',
          kernelProfile: {
            modelName: loaded.manifest.name,
            backend: result.backend,
            runs,
            kernels: result.kernels.map((k) => ({ node: k.node, op: k.op, provider: k.provider, msPerRun: k.totalMs / profiledRuns })),
            runMsP50: median(result.runMs),
          },
        });
      } catch (error) {
        store.setState({ status: 'ready', error: toErrorPayload(error), kernelProfile: undefined });
      }
    },

    /** The same input through both backends: agreement of the outputs next to the speed-up. */
    async compareBackends(): Promise<void> {
      if (!store.getState().loaded) return;
      store.setState({ error: undefined, status: 'running', backendComparison: undefined });
      try {
        store.setState({ status: 'ready', backendComparison: await worker.current.request('compareBackends', {}) });
      } catch (error) {
        store.setState({ status: 'ready', error: toErrorPayload(error) });
      }
    },

    cancelSweep(): void {
      abort?.abort();
    },

    exportJson(index: number): void {
      const run = store.getState().benchRuns[index];
      if (run) downloadText(`${run.model}-${run.backend}-${run.date.slice(0, 19).replace(/:/g, '')}.json`, 'application/json', toJson(run));
    },

    exportCsv(): void {
      const { benchRuns } = store.getState();
      if (benchRuns.length > 0) downloadText('sweep-runs.csv', 'text/csv', toCsv(benchRuns));
    },

    async importRun(file: File): Promise<void> {
      try {
        const run = parseRunJson(await file.text());
        store.setState((s) => ({ benchRuns: [...s.benchRuns, run], error: undefined }));
      } catch (error) {
        store.setState({
          error: toErrorPayload(new AppError('BAD_REQUEST', `"${file.name}" is not a run file: ${(error as Error).message}`)),
        });
      }
    },

    removeRun(index: number): void {
      store.setState((s) => ({ benchRuns: s.benchRuns.filter((_, i) => i !== index) }));
    },
  };
}

export type BenchController = ReturnType<typeof createBenchController>;
