import { useState, type FormEvent } from 'react';
import { useLibraryController } from '../../ControllerContext';
import type { PendingCaffeJob } from '../../../app/store';

const parseNumbers = (text: string) =>
  text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(Number);

/** DIGITS' "Select Model" step: which snapshot, which input size, which mean, then convert. */
export function CaffeJobForm({ job }: { job: PendingCaffeJob }) {
  const library = useLibraryController();
  const [name, setName] = useState(job.name);
  const [snapshot, setSnapshot] = useState(0);
  const [size, setSize] = useState('');
  const [mean, setMean] = useState('104, 117, 123');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const [height, width] = parseNumbers(size);
    void library.convertCaffe({
      name: name.trim() || job.name,
      snapshot: job.caffemodels[snapshot]!,
      inputSize: height && width ? { height, width } : undefined,
      channelMean: parseNumbers(mean),
    });
  };

  return (
    <form className="import-form" data-testid="caffe-form" onSubmit={submit}>
      <h3>Convert a DIGITS/Caffe job</h3>
      <p className="hint">
        {job.prototxt.name}
        {job.mean ? ` · mean ${job.mean.name} (subtracted inside the model)` : ''}
        {job.labels ? ` · labels ${job.labels.name}` : ''}
      </p>
      <label>
        Name <input data-testid="import-name" value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        Snapshot
        <select data-testid="snapshot-select" value={snapshot} onChange={(e) => setSnapshot(Number(e.target.value))}>
          {job.caffemodels.map((f, i) => (
            <option key={f.name} value={i}>
              {f.name} ({(f.size / 2 ** 20).toFixed(1)} MiB)
            </option>
          ))}
        </select>
      </label>
      <label>
        Input size (H, W; empty = as in the prototxt)
        <input data-testid="input-size" placeholder="e.g. 512, 1024" value={size} onChange={(e) => setSize(e.target.value)} />
      </label>
      {job.mean ? null : (
        <label>
          Per-channel mean (B, G, R)
          <input data-testid="channel-mean" value={mean} onChange={(e) => setMean(e.target.value)} />
        </label>
      )}
      <div className="form-buttons">
        <button type="submit" data-testid="convert">
          Convert
        </button>
        <button type="button" onClick={() => library.cancelPending()}>
          Cancel
        </button>
      </div>
    </form>
  );
}
