import { useAppStore } from '../../../app/store';

/**
 * The source's one-line account: its last result and the frame counters. Its own component because
 * the counters change with every captured frame (a few store writes a second): only this line
 * re-renders then, not the panel with its chart.
 */
export function SourceMetrics() {
  const source = useAppStore((s) => s.source);
  const last = useAppStore((s) => s.frameLog[s.frameLog.length - 1]);
  const droppedAtSource = useAppStore((s) => s.droppedAtSource);
  const droppedInWorker = useAppStore((s) => s.droppedInWorker);
  const framesCaptured = useAppStore((s) => s.framesCaptured);
  const framesCompleted = useAppStore((s) => s.framesCompleted);
  return (
    <p
      className="detect-metrics"
      data-testid="detect-metrics"
      data-dropped={droppedAtSource + droppedInWorker}
      data-captured={framesCaptured}
      data-completed={framesCompleted}
    >
      {source ? `${source.name}${source.fps ? ` · ${source.fps} fps` : ''}` : 'No source'}
      {last
        ? ` · frame ${last.frameNumber}: ${last.boxes} box(es), inference ${last.inferenceMsPerFrame.toFixed(1)} ms per frame at batch ${last.batchSize}, latency ${last.latencyMs.toFixed(0)} ms`
        : ''}
      {` · dropped ${droppedAtSource + droppedInWorker} (UI ${droppedAtSource}, worker ${droppedInWorker})`}
    </p>
  );
}
