import { useLibraryController } from '../../ControllerContext';
import { useAppStore } from '../../../app/store';

export function LibraryList() {
  const library = useLibraryController();
  const entries = useAppStore((s) => s.library);
  if (entries.length === 0)
    return <p className="hint">Nothing stored yet: imported and downloaded models are kept in this browser and listed here.</p>;
  return (
    <table className="library" data-testid="library">
      <tbody>
        {entries.map((e) => (
          <tr key={e.id} data-testid="library-item" data-id={e.id}>
            <td>{e.name}</td>
            <td>{e.kind}</td>
            <td>{(e.bytes / 2 ** 20).toFixed(1)} MiB</td>
            <td>
              <button type="button" data-testid="library-delete" aria-label={`Delete ${e.name}`} onClick={() => void library.remove(e.id)}>
                Delete
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
