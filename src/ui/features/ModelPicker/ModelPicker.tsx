import { useController } from '../../ControllerContext';
import { useAppStore } from '../../../app/store';
import { BACKENDS, type Backend } from '../../../domain/backend';

const BACKEND_NAMES: Record<Backend, string> = { webgpu: 'WebGPU', wasm: 'WASM (CPU)' };

export function ModelPicker() {
  const controller = useController();
  const models = useAppStore((s) => s.models);
  const modelId = useAppStore((s) => s.modelId);
  const backend = useAppStore((s) => s.backend);
  const capabilities = useAppStore((s) => s.capabilities);
  // A switch while a sweep or a batch of images runs would mix two models' results.
  const busy = useAppStore((s) => s.status === 'loading' || s.status === 'running');

  return (
    <div className="picker">
      <label>
        Model
        <select data-testid="model-select" value={modelId} disabled={busy} onChange={(e) => void controller.selectModel(e.target.value)}>
          {models.map((m) => (
            <option key={m.id} value={m.id}>
              {m.title}
            </option>
          ))}
        </select>
      </label>
      <label>
        Backend
        <select
          data-testid="backend-select"
          value={backend}
          disabled={busy}
          onChange={(e) => void controller.selectBackend(e.target.value as Backend)}
        >
          {BACKENDS.map((b) => {
            const support = capabilities?.[b];
            const unavailable = support !== undefined && !support.available;
            return (
              <option key={b} value={b} disabled={unavailable} title={support?.reason ?? support?.detail}>
                {BACKEND_NAMES[b]}
                {unavailable ? ' (unavailable)' : ''}
              </option>
            );
          })}
        </select>
      </label>
      <ul className="capabilities" data-testid="capabilities">
        {BACKENDS.map((b) => {
          const support = capabilities?.[b];
          if (!support) return null;
          return (
            <li key={b} data-backend={b} data-available={support.available}>
              <strong>{BACKEND_NAMES[b]}:</strong> {support.available ? 'available' : 'unavailable'}
              {support.detail ? ` (${support.detail})` : ''}
              {support.reason ? <span className="reason"> — {support.reason}</span> : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
