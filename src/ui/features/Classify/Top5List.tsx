import { shortLabel } from '../../../models/manifest';
import type { ClassifyRun } from '../../../app/store';

export function Top5List({ run, synthetic }: { run: ClassifyRun; synthetic: boolean }) {
  return (
    <div className="top5">
      <h3>
        Top {run.image.top.length} on {run.backend === 'webgpu' ? 'WebGPU' : 'WASM'}
        {synthetic ? <span className="synthetic">synthetic weights: timing only</span> : null}
      </h3>
      <ol data-testid="top5" data-backend={run.backend}>
        {run.image.top.map((t) => (
          <li key={t.index} data-testid="top5-item" data-label={shortLabel(t.label)} data-prob={t.prob} title={t.label}>
            <span className="label">{shortLabel(t.label)}</span>
            <span className="bar" style={{ width: `${Math.max(1, t.prob * 100)}%` }} />
            <span className="prob">{(t.prob * 100).toFixed(2)}%</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
