import { useLibraryController } from '../../ControllerContext';
import { useAppStore } from '../../../app/store';
import { formatBytes } from '../../../domain/memory';

/** Imported and downloaded models kept in this browser (Origin Private File System). */
export function LibraryList() {
  const library = useLibraryController();
  const entries = useAppStore((s) => s.library);
  return (
    <section className="panel library-panel" aria-labelledby="library-title">
      <h2 id="library-title">Your library</h2>
      {entries.length === 0 ? (
        <p className="empty">
          Nothing stored yet: models you import or download are kept in this browser, work offline, and are listed here.
        </p>
      ) : (
        <table className="data-table library" data-testid="library">
          <thead>
            <tr>
              <th scope="col">model</th>
              <th scope="col">kind</th>
              <th scope="col">size</th>
              <th scope="col">
                <span className="visually-hidden">actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id} data-testid="library-item" data-id={e.id}>
                <th scope="row">{e.name}</th>
                <td>{e.kind}</td>
                <td>{formatBytes(e.bytes)}</td>
                <td>
                  <button
                    type="button"
                    data-testid="library-delete"
                    aria-label={`Delete ${e.name}`}
                    onClick={() => void library.remove(e.id)}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
