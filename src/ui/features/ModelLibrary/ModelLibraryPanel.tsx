import { useState } from 'react';
import { useLibraryController } from '../../ControllerContext';
import { useAppStore } from '../../../app/store';
import { CaffeJobForm } from './CaffeJobForm';
import { ConversionSummaryView } from './ConversionSummaryView';
import { OnnxConfigForm } from './OnnxConfigForm';
import { InlineError } from '../Status/InlineError';

const MODEL_FILES = '.onnx,.prototxt,.caffemodel,.binaryproto,.npy,.txt';

/** Bring your own model: a DIGITS/Caffe job or an ONNX file, converted and configured here, then kept in the browser. */
export function ModelLibraryPanel() {
  const library = useLibraryController();
  const pendingCaffe = useAppStore((s) => s.pendingCaffe);
  const pendingOnnx = useAppStore((s) => s.pendingOnnx);
  const summary = useAppStore((s) => s.lastSummary);
  const [dragging, setDragging] = useState(false);
  const take = (list: FileList | null) => {
    if (list && list.length > 0) void library.takeFiles(Array.from(list));
  };

  return (
    <section className="panel model-library" aria-labelledby="import-title">
      <h2 id="import-title">Import a model</h2>
      <div
        className={`drop-zone model-drop${dragging ? ' dragging' : ''}`}
        data-testid="model-drop"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          take(e.dataTransfer.files);
        }}
      >
        <p className="drop-title">Drop an .onnx file, or a DIGITS/Caffe job</p>
        <p className="hint">deploy.prototxt + snapshot_iter_N.caffemodel, optionally mean.binaryproto or mean.npy and labels.txt</p>
        <div className="form-buttons">
          <label className="file-button">
            Choose files
            <input
              type="file"
              className="visually-hidden"
              multiple
              accept={MODEL_FILES}
              data-testid="model-file"
              onChange={(e) => {
                take(e.target.files);
                e.target.value = '';
              }}
            />
          </label>
          <label className="file-button">
            Choose a job folder
            <input
              type="file"
              className="visually-hidden"
              data-testid="model-folder"
              {...{ webkitdirectory: '' }}
              onChange={(e) => take(e.target.files)}
            />
          </label>
        </div>
      </div>
      <InlineError origin="import" />
      {pendingCaffe ? <CaffeJobForm job={pendingCaffe} /> : null}
      {pendingOnnx ? <OnnxConfigForm pending={pendingOnnx} /> : null}
      {summary ? <ConversionSummaryView summary={summary} /> : null}
    </section>
  );
}
