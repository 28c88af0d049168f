import { useDetectController } from '../../ControllerContext';
import { useAppStore } from '../../../app/store';
import { COVERAGE_MAX_ALPHA, COVERAGE_STOPS, COVERAGE_TICKS, hasCoverageOutput } from '../../../pipeline/postprocess/coverageMap';

const GRADIENT = `linear-gradient(to right, ${COVERAGE_STOPS.map((s) => `rgb(${s.rgb.join(', ')}) ${(s.value * 100).toFixed(1)}%`).join(', ')})`;

/**
 * The heat map of DetectNet's coverage over the frame, on or off, and its colour scale. Shown only
 * for models with a coverage output: it shows the model at work even where no box passes the threshold.
 */
export function CoverageToggle() {
  const detect = useDetectController();
  const show = useAppStore((s) => s.showCoverage);
  const available = useAppStore((s) => (s.loaded ? hasCoverageOutput(s.loaded.manifest) : false));
  if (!available) return null;
  return (
    <div className="coverage-toggle">
      <label className="check">
        <input
          type="checkbox"
          data-testid="coverage-toggle"
          checked={show}
          onChange={(e) => void detect.setShowCoverage(e.target.checked)}
        />
        Coverage heat map
      </label>
      {show ? (
        <figure className="coverage-scale" data-testid="coverage-scale" aria-label="Coverage colour scale from 0 to 1">
          <div className="coverage-bar" style={{ background: GRADIENT }} />
          <div className="coverage-ticks" aria-hidden="true">
            {COVERAGE_TICKS.map((t) => (
              <span key={t} style={{ left: `${t * 100}%` }}>
                {t}
              </span>
            ))}
          </div>
          <figcaption>
            Coverage per grid cell: how sure the model is that an object covers it (0 to 1). Opacity grows with it, up to{' '}
            {Math.round(COVERAGE_MAX_ALPHA * 100)}% at 1, so the frame shows where the model sees nothing.
          </figcaption>
        </figure>
      ) : null}
    </div>
  );
}
