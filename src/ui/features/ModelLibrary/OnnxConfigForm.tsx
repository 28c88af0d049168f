import { useState, type FormEvent } from 'react';
import { useLibraryController } from '../../ControllerContext';
import type { PendingOnnx } from '../../../app/store';
import type { ModelManifest, ModelTask } from '../../../domain/manifest';
import { proposeManifest } from '../../../models/proposeManifest';
import { parseYoloxFields, withYoloxParams, yoloxFieldTexts } from '../../../models/yoloxParams';
import { YoloxFields } from '../Detect/YoloxFields';

const numbers = (text: string) =>
  text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(Number);
const list = (v: readonly number[]) => v.map((x) => Number(x.toFixed(6))).join(', ');

/** The proposed configuration of a dropped .onnx file, for the user to correct before it is stored. */
export function OnnxConfigForm({ pending }: { pending: PendingOnnx }) {
  const library = useLibraryController();
  const p = pending.proposal;
  const [name, setName] = useState(p.name);
  const [task, setTask] = useState<ModelTask>(p.task);
  const [order, setOrder] = useState(p.input.channelOrder);
  const [scale, setScale] = useState(String(Number(p.input.pixelScale.toFixed(8))));
  const [mean, setMean] = useState(list(p.input.mean));
  const [std, setStd] = useState(list(p.input.std));
  const [size, setSize] = useState(`${p.input.shape[2]}, ${p.input.shape[3]}`);
  // YOLOX settings as proposed for this file (also when it was first read as another task).
  const [yoloxProposal] = useState(
    () => (p.task === 'yolox' ? p : proposeManifest(p.id, p.name, pending.signature, p.labels ?? '', 'yolox')).yolox,
  );
  const [yoloxTexts, setYoloxTexts] = useState(() => (yoloxProposal ? yoloxFieldTexts(yoloxProposal) : undefined));
  const yoloxParsed = task === 'yolox' && yoloxProposal && yoloxTexts ? parseYoloxFields(yoloxTexts, yoloxProposal.numClasses) : undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const [height = p.input.shape[2], width = p.input.shape[3]] = numbers(size);
    // Another task needs that task's outputs and settings, not the classifier's: start from its proposal.
    const base = task === p.task ? p : proposeManifest(p.id, p.name, pending.signature, p.labels ?? '', task);
    if (yoloxParsed && !yoloxParsed.params) return;
    const withYolox = yoloxParsed?.params && base.yolox ? withYoloxParams(base, yoloxParsed.params) : base;
    const manifest: ModelManifest = {
      ...withYolox,
      name: name.trim() || p.name,
      input: {
        ...withYolox.input,
        shape: [p.input.shape[0], 3, height, width],
        channelOrder: order,
        pixelScale: Number(scale),
        mean: numbers(mean) as ModelManifest['input']['mean'],
        std: numbers(std) as ModelManifest['input']['std'],
      },
    };
    void library.saveOnnx(manifest);
  };

  return (
    <form className="import-form" data-testid="onnx-form" onSubmit={submit}>
      <h3>Configure {pending.file.name}</h3>
      <p className="hint" data-testid="onnx-signature">
        inputs: {pending.signature.inputs.map((t) => `${t.name} [${t.dims.join(', ')}]`).join('; ')} · outputs:{' '}
        {pending.signature.outputs.map((t) => `${t.name} [${t.dims.join(', ')}]`).join('; ')}
      </p>
      <label>
        Name <input data-testid="import-name" value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        Task
        <select data-testid="onnx-task" value={task} onChange={(e) => setTask(e.target.value as ModelTask)}>
          <option value="classification">classification</option>
          <option value="detectnet">DetectNet-style detection</option>
          <option value="yolox">YOLOX-style detection</option>
        </select>
      </label>
      <label>
        Input size (H, W) <input data-testid="onnx-size" value={size} onChange={(e) => setSize(e.target.value)} />
      </label>
      <label>
        Channel order
        <select data-testid="onnx-order" value={order} onChange={(e) => setOrder(e.target.value as 'RGB' | 'BGR')}>
          <option value="RGB">RGB</option>
          <option value="BGR">BGR</option>
        </select>
      </label>
      <label>
        Pixel scale <input data-testid="onnx-scale" value={scale} onChange={(e) => setScale(e.target.value)} />
      </label>
      <label>
        Mean <input data-testid="onnx-mean" value={mean} onChange={(e) => setMean(e.target.value)} />
      </label>
      <label>
        Std <input data-testid="onnx-std" value={std} onChange={(e) => setStd(e.target.value)} />
      </label>
      {task === 'yolox' && yoloxProposal && yoloxTexts ? (
        <YoloxFields idPrefix="onnx-yolox" texts={yoloxTexts} numClasses={yoloxProposal.numClasses} onChange={setYoloxTexts} />
      ) : null}
      <p className="hint">
        value = (pixel × scale − mean) / std, per channel in the model's order
        {pending.labels ? ` · labels from ${pending.labels.name}` : p.labels ? ' · ImageNet labels' : ''}.
      </p>
      <div className="form-buttons">
        <button type="submit" data-testid="save-onnx" disabled={yoloxParsed !== undefined && !yoloxParsed.params}>
          Save and load
        </button>
        <button type="button" onClick={() => library.cancelPending()}>
          Cancel
        </button>
      </div>
    </form>
  );
}
