import { useAppStore } from '../../../app/store';
import { formatDuration } from '../../format/quantity';

const STAGE_WORDS = { download: 'Downloading model', create: 'Creating session', warmup: 'Warming up (first run)' } as const;

function formatMiB(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

export function StatusBar() {
  const status = useAppStore((s) => s.status);
  const progress = useAppStore((s) => s.progress);
  const loaded = useAppStore((s) => s.loaded);
  const notice = useAppStore((s) => s.notice);
  const error = useAppStore((s) => s.error);
  const imagesDone = useAppStore((s) => s.imagesDone);
  const memory = useAppStore((s) => s.memory);

  return (
    <section className="status-bar" aria-live="polite">
      <span className={`status status-${status}`} data-testid="status" data-state={status} data-images-done={imagesDone}>
        {status}
      </span>
      {status === 'loading' && progress ? (
        <span className="progress" data-testid="load-progress">
          {STAGE_WORDS[progress.stage]}
          {progress.stage === 'download' && progress.total > 0 ? (
            <>
              <progress max={progress.total} value={progress.loaded} /> {formatMiB(progress.loaded)} / {formatMiB(progress.total)}
            </>
          ) : (
            <progress />
          )}
        </span>
      ) : null}
      {loaded && status !== 'loading' ? (
        <span className="model-info" data-testid="model-info" data-backend={loaded.backend} data-preprocess={loaded.preprocess}>
          {loaded.manifest.name} on{' '}
          {loaded.backend === 'webgpu' ? 'WebGPU' : `WASM (${loaded.wasmThreads} thread${loaded.wasmThreads === 1 ? '' : 's'})`}
          {' · '}
          {formatMiB(loaded.modelBytes)} · download {formatDuration(loaded.fetchMs)} · session {formatDuration(loaded.createMs)} · first run{' '}
          {formatDuration(loaded.warmupMs)} · preprocess on the {loaded.preprocess.toUpperCase()}
          {loaded.preprocessNote ? ` (${loaded.preprocessNote})` : ''}
          {loaded.manifest.weights === 'synthetic' ? (
            <span className="synthetic" data-testid="synthetic-weights">
              synthetic weights: timing only
            </span>
          ) : null}
        </span>
      ) : null}
      {memory ? (
        <span
          className="memory-use"
          data-testid="memory-use"
          data-gpu-bytes={memory.gpuBytes}
          data-wasm-bytes={memory.wasmHeapBytes}
          data-sampled-at={memory.sampledAt}
        >
          GPU memory in use {formatMiB(memory.gpuBytes)} · WASM heap {formatMiB(memory.wasmHeapBytes)}
        </span>
      ) : null}
      {notice ? (
        <p className="notice" data-testid="notice">
          {notice}
        </p>
      ) : null}
      {error ? (
        <p className="error" role="alert" data-testid="error" data-code={error.code}>
          {error.message}
        </p>
      ) : null}
    </section>
  );
}
