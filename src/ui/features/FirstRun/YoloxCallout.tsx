import { useLibraryController } from '../../ControllerContext';
import { useAppStore } from '../../../app/store';
import { YOLOX_NANO_FILE } from '../../../models/yoloxNano';
import { viewHref } from '../../routing/viewRoute';
import { ImportProgress } from '../ModelLibrary/ImportProgress';
import { hostOf } from './hostOf';
import { InlineError } from '../Status/InlineError';

/**
 * Beside the built-in DetectNet's empty overlay: says why it draws no boxes and offers a trained
 * detector (YOLOX-Nano, COCO persons) in one click, with the source named and the progress shown here.
 */
export function YoloxCallout() {
  const library = useLibraryController();
  const url = useAppStore((s) => s.downloads.yoloxUrl);
  const busy = useAppStore((s) => s.importProgress !== undefined || s.status === 'loading' || s.status === 'running');
  const host = hostOf(url);
  return (
    <div className="callout" data-testid="yolox-callout">
      <p>
        <strong>Expect no boxes from this model.</strong> The built-in DetectNet has synthetic weights: it costs what the trained network
        costs, so its timings are real, but it finds nothing. For real pedestrian boxes, load a trained detector.
      </p>
      <div className="callout-actions">
        <button type="button" className="primary" data-testid="get-yolox" disabled={busy} onClick={() => void library.downloadYoloxNano()}>
          Get trained YOLOX-Nano ({YOLOX_NANO_FILE.megabytes} MB, from {host})
        </button>
        <span className="hint">
          {YOLOX_NANO_FILE.name} (COCO, people kept), checked against its sha256 and kept in this browser ·{' '}
          <a href={viewHref('models')}>source and checksum settings</a>
        </span>
      </div>
      <ImportProgress />
      <InlineError origin="downloads" />
    </div>
  );
}
