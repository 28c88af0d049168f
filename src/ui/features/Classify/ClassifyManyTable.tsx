import { downloadText } from '../../../app/download';
import { useAppStore, type ClassifyMany } from '../../../app/store';
import { shortLabel } from '../../../models/manifest';
import { formatDuration, formatRate } from '../../format/quantity';

function csv(many: ClassifyMany): string {
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const rows = many.items.map((it) => [quote(it.name), quote(it.label ?? ''), it.prob?.toFixed(6) ?? '', quote(it.error ?? '')].join(','));
  return ['file,top1,probability,error', ...rows].join('\n') + '\n';
}

/** DIGITS' "Classify Many": every image's top-1, with the set's total time and images per second. */
export function ClassifyManyTable() {
  const many = useAppStore((s) => (s.many && s.many.modelId === s.loaded?.manifest.id ? s.many : undefined));
  const detector = useAppStore((s) => (s.loaded?.manifest.task ?? 'classification') !== 'classification');
  if (!many) return null;
  const done = many.items.filter((it) => it.label !== undefined || it.error !== undefined).length;
  const perSecond = many.totalMs ? (many.items.length * 1000) / many.totalMs : undefined;
  return (
    <div
      className="classify-many"
      data-testid="classify-many"
      data-images={many.items.length}
      data-total-ms={many.totalMs}
      data-images-per-second={perSecond}
    >
      <h3>
        {many.items.length} images at batch {many.batchSize}
        {many.running ? ` · ${done} done` : ''}
        {many.totalMs !== undefined ? ` · ${formatDuration(many.totalMs)} in all · ${formatRate(perSecond!, 'images/s')}` : ''}
      </h3>
      {many.running ? <progress max={many.items.length} value={done} aria-label="Images done" /> : null}
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">image</th>
            <th scope="col">file</th>
            <th scope="col">{detector ? 'detections' : 'top-1 class'}</th>
            <th scope="col">{detector ? <span className="visually-hidden">score</span> : 'probability'}</th>
          </tr>
        </thead>
        <tbody>
          {many.items.map((it, i) => (
            <tr
              key={`${it.name}-${i}`}
              data-testid="many-row"
              data-file={it.name}
              data-label={it.label ? shortLabel(it.label) : ''}
              data-prob={it.prob}
              data-error={it.error}
            >
              <td>
                <img src={it.thumbUrl} alt="" width={48} height={48} />
              </td>
              <th scope="row">{it.name}</th>
              <td>{it.error ? <span className="error-text">{it.error}</span> : it.label ? shortLabel(it.label) : '…'}</td>
              <td>{it.prob !== undefined ? `${(it.prob * 100).toFixed(1)}%` : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {!many.running ? (
        <button type="button" data-testid="many-export" onClick={() => downloadText('classify-many.csv', 'text/csv', csv(many))}>
          Export CSV
        </button>
      ) : null}
    </div>
  );
}
