import { useLibraryController } from '../../ControllerContext';
import { useAppStore } from '../../../app/store';
import { viewHref } from '../../routing/viewRoute';
import { ImportProgress } from '../ModelLibrary/ImportProgress';
import { hostOf } from './hostOf';
import { YoloxCallout } from './YoloxCallout';
import { InlineError } from '../Status/InlineError';

/**
 * Shown where a model with synthetic weights gives its (meaningless) output: says so plainly and
 * offers the way to real predictions in one click, with the source named and the progress shown here.
 */
export function TrainedWeightsCallout() {
  const library = useLibraryController();
  const manifest = useAppStore((s) => s.loaded?.manifest);
  const caffeUrl = useAppStore((s) => s.downloads.caffeUrl);
  const busy = useAppStore((s) => s.importProgress !== undefined || s.status === 'loading' || s.status === 'running');
  if (manifest?.weights !== 'synthetic') return null;

  if (manifest.id === 'googlenet') {
    return (
      <div className="callout" data-testid="synthetic-callout" data-model={manifest.id}>
        <p>
          <strong>These classes mean nothing yet.</strong> The built-in GoogLeNet has synthetic weights: the same layers and the same timing
          as the real network, but random numbers, so it says much the same class for every picture.
        </p>
        <div className="callout-actions">
          <button
            type="button"
            className="primary"
            data-testid="get-trained-weights"
            disabled={busy}
            onClick={() => void library.downloadTrainedGoogLeNet()}
          >
            Get trained GoogLeNet
          </button>
          <span className="hint">
            BVLC GoogLeNet from {hostOf(caffeUrl)}, 53 MB, checked against its sha1 and kept in this browser ·{' '}
            <a href={`${viewHref('models')}`}>other sources and settings</a>
          </span>
        </div>
        <ImportProgress />
        <InlineError origin="downloads" />
      </div>
    );
  }
  // The built-in DetectNet: a trained detector is one download away.
  if (manifest.id === 'detectnet') return <YoloxCallout />;
  return (
    <div className="callout" data-testid="synthetic-callout" data-model={manifest.id}>
      <p>
        <strong>{manifest.task === 'classification' ? 'These classes mean nothing yet.' : 'Expect no boxes from this model.'}</strong>{' '}
        {manifest.name} has synthetic weights: it costs what the trained network costs, so its timings are real, but its output is not.
        {manifest.task === 'classification'
          ? ''
          : ' For real detections, import a trained DetectNet (a DIGITS job) or a YOLOX-style ONNX model.'}
      </p>
      <div className="callout-actions">
        <a className="button primary" href={viewHref('models')} data-testid="get-trained-weights">
          Get a trained model in Models
        </a>
      </div>
    </div>
  );
}
