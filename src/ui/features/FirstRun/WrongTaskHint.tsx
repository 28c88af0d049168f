import { useController } from '../../ControllerContext';
import { useAppStore } from '../../../app/store';
import { viewHref } from '../../routing/viewRoute';

/** The loaded model cannot be shown in this view (a detector on Classify, a classifier on Detect): say where it can, or switch model. */
export function WrongTaskHint({ needs }: { needs: 'classifier' | 'detector' }) {
  const controller = useController();
  const name = useAppStore((s) => s.loaded?.manifest.name ?? s.models.find((m) => m.id === s.modelId)?.title ?? 'The model');
  const busy = useAppStore((s) => s.status === 'loading' || s.status === 'running');
  const fallback = needs === 'classifier' ? { id: 'googlenet', title: 'GoogLeNet' } : { id: 'detectnet', title: 'DetectNet' };
  const other =
    needs === 'classifier'
      ? { view: 'detect' as const, words: 'its boxes are drawn over video in Detect' }
      : { view: 'classify' as const, words: 'its classes are shown in Classify' };
  return (
    <section className="panel wrong-task" data-testid="wrong-task">
      <p>
        {name} is a {needs === 'classifier' ? 'detector' : 'classifier'}: {other.words}. This view needs a {needs}.
      </p>
      <div className="callout-actions">
        <a className="button primary" href={viewHref(other.view)}>
          Go to {other.view === 'detect' ? 'Detect' : 'Classify'}
        </a>
        <button type="button" disabled={busy} onClick={() => void controller.selectModel(fallback.id)}>
          Use {fallback.title} here
        </button>
      </div>
    </section>
  );
}
