import { useLibraryController } from '../../ControllerContext';
import { useAppStore } from '../../../app/store';

const mib = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`;

export function ImportProgress() {
  const library = useLibraryController();
  const progress = useAppStore((s) => s.importProgress);
  if (!progress) return null;
  const bytes = progress.label.startsWith('Downloading');
  return (
    <div className="import-progress" data-testid="import-progress" role="status">
      <span>{progress.label}</span>
      {progress.total > 0 ? <progress max={progress.total} value={progress.loaded} /> : <progress />}
      {progress.total > 0 ? (
        <span>{bytes ? `${mib(progress.loaded)} / ${mib(progress.total)}` : `${progress.loaded} / ${progress.total}`}</span>
      ) : null}
      {progress.cancellable ? (
        <button type="button" data-testid="download-cancel" onClick={() => library.cancelDownload()}>
          Cancel
        </button>
      ) : null}
    </div>
  );
}
