import { useLibraryController } from '../../ControllerContext';
import { useAppStore } from '../../../app/store';
import { CaffeJobForm } from './CaffeJobForm';
import { ConversionSummaryView } from './ConversionSummaryView';
import { ImportProgress } from './ImportProgress';
import { LibraryList } from './LibraryList';
import { OnnxConfigForm } from './OnnxConfigForm';
import { TrainedWeights } from './TrainedWeights';

const MODEL_FILES = '.onnx,.prototxt,.caffemodel,.binaryproto,.npy,.txt';

/** Bring your own model: DIGITS/Caffe jobs, ONNX files, trained weights; everything kept in the browser. */
export function ModelLibraryPanel() {
  const library = useLibraryController();
  const pendingCaffe = useAppStore((s) => s.pendingCaffe);
  const pendingOnnx = useAppStore((s) => s.pendingOnnx);
  const summary = useAppStore((s) => s.lastSummary);
  const take = (list: FileList | null) => {
    if (list && list.length > 0) void library.takeFiles(Array.from(list));
  };

  return (
    <section className="panel model-library">
      <h2>Your models</h2>
      <div
        className="drop-zone"
        data-testid="model-drop"
        onDragOver={(e) => e.preventDefault()}
        onDrop={(e) => {
          e.preventDefault();
          take(e.dataTransfer.files);
        }}
      >
        <p>
          Drop an .onnx file, or a DIGITS/Caffe job: deploy.prototxt + snapshot_iter_N.caffemodel (+ mean.binaryproto or .npy, labels.txt)
        </p>
        <label className="file-button">
          Choose files
          <input type="file" multiple accept={MODEL_FILES} data-testid="model-file" onChange={(e) => take(e.target.files)} />
        </label>
        <label className="file-button">
          Choose a job folder
          <input type="file" data-testid="model-folder" {...{ webkitdirectory: '' }} onChange={(e) => take(e.target.files)} />
        </label>
      </div>
      <ImportProgress />
      {pendingCaffe ? <CaffeJobForm job={pendingCaffe} /> : null}
      {pendingOnnx ? <OnnxConfigForm pending={pendingOnnx} /> : null}
      {summary ? <ConversionSummaryView summary={summary} /> : null}
      <LibraryList />
      <TrainedWeights />
    </section>
  );
}
