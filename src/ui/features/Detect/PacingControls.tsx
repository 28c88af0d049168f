import { useState } from 'react';
import { useDetectController } from '../../ControllerContext';
import { useAppStore } from '../../../app/store';
import type { Pacing } from '../../../pipeline/pacing';

const PACING_LABELS: Record<Pacing, string> = {
  live: 'Live (real time, drops frames when inference cannot keep up)',
  'every-frame': 'Every frame (the video waits for inference, none dropped)',
};

const optionalNumber = (text: string): number | undefined => (text.trim() === '' ? undefined : Number(text));

/** Live or every-frame pacing of a video file; for every frame: the range, start/cancel and the progress. */
export function PacingControls() {
  const detect = useDetectController();
  const pacing = useAppStore((s) => s.pacing);
  const source = useAppStore((s) => s.source);
  const run = useAppStore((s) => s.everyFrame);
  const analysed = run?.rows.length ?? 0;
  const [first, setFirst] = useState('0');
  const [last, setLast] = useState('');
  const running = run?.state === 'running';

  return (
    <div className="pacing">
      <label>
        Pacing
        <select data-testid="pacing" value={pacing} onChange={(e) => detect.setPacing(e.target.value as Pacing)}>
          {(Object.keys(PACING_LABELS) as Pacing[]).map((p) => (
            <option key={p} value={p} disabled={p === 'every-frame' && source?.kind === 'webcam'}>
              {PACING_LABELS[p]}
            </option>
          ))}
        </select>
      </label>
      {pacing === 'every-frame' ? (
        <div className="every-frame">
          <label>
            From frame
            <input
              type="number"
              data-testid="pacing-first"
              min={0}
              value={first}
              disabled={running}
              onChange={(e) => setFirst(e.target.value)}
            />
          </label>
          <label>
            to frame
            <input
              type="number"
              data-testid="pacing-last"
              min={0}
              placeholder="last"
              value={last}
              disabled={running}
              onChange={(e) => setLast(e.target.value)}
            />
          </label>
          {running ? (
            <button type="button" data-testid="pacing-cancel" onClick={() => detect.cancelEveryFrame()}>
              Cancel
            </button>
          ) : (
            <button
              type="button"
              data-testid="pacing-run"
              disabled={source?.kind !== 'file'}
              title={source?.kind === 'file' ? undefined : 'Open a video file first'}
              onClick={() => void detect.analyseEveryFrame({ first: optionalNumber(first), last: optionalNumber(last) })}
            >
              Analyse every frame
            </button>
          )}
          {run ? (
            <span className="pacing-progress" data-testid="pacing-state" data-state={run.state}>
              <progress
                data-testid="pacing-progress"
                value={analysed}
                max={run.total}
                aria-valuenow={analysed}
                aria-valuemin={0}
                aria-valuemax={run.total}
                aria-label="Frames analysed"
              />
              {analysed} / {run.total} frames{run.state === 'running' ? '' : ` · ${run.state}`}
            </span>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
