import { useCallback } from 'react';
import { useController } from '../../ControllerContext';
import { useAppStore } from '../../../app/store';
import { BACKENDS } from '../../../domain/backend';
import { StageBars } from '../Charts/StageBars';
import { BackendCompare } from './BackendCompare';
import { ClassifyManyTable } from './ClassifyManyTable';
import { DropZone } from './DropZone';
import { Top5List } from './Top5List';
import { UrlForm } from './UrlForm';

export function ClassifyPanel() {
  const controller = useController();
  const image = useAppStore((s) => s.image);
  const runs = useAppStore((s) => s.runs);
  const loaded = useAppStore((s) => s.loaded);
  const onFile = useCallback((file: File) => void controller.setImage(file, file.name), [controller]);
  const onFiles = useCallback((files: File[]) => void controller.classifyMany(files), [controller]);
  const batchSize = useAppStore((s) => s.batchSize);

  if (loaded && loaded.manifest.task !== 'classification') {
    return <section className="panel">{loaded.manifest.name} is a detector; pick a classification model to classify images.</section>;
  }
  const latest = runs[loaded?.backend ?? 'wasm'] ?? Object.values(runs)[0];
  const rows = BACKENDS.flatMap((b) =>
    runs[b] ? [{ name: b === 'webgpu' ? 'WebGPU' : 'WASM', timings: runs[b].timings, preprocess: runs[b].preprocess }] : [],
  );

  return (
    <section className="panel classify">
      <h2>Classify an image</h2>
      <DropZone
        accept="image/*"
        testId="image-input"
        label="Image to classify (or several, to classify many at once)"
        acceptPaste
        onFile={onFile}
        onFiles={onFiles}
      />
      <label className="inline-setting">
        Batch size for many images{' '}
        <select data-testid="batch-size" value={batchSize} onChange={(e) => useAppStore.setState({ batchSize: Number(e.target.value) })}>
          {[1, 2, 4, 5, 8, 16].map((b) => (
            <option key={b} value={b}>
              {b}
            </option>
          ))}
        </select>
      </label>
      <UrlForm onUrl={(url) => void controller.setImageFromUrl(url)} />
      <div className="classify-result">
        {image ? <img className="preview" src={image.previewUrl} alt={image.name} data-testid="image-preview" /> : null}
        {latest ? <Top5List run={latest} synthetic={loaded?.manifest.weights === 'synthetic'} /> : null}
      </div>
      {rows.length > 0 ? (
        <>
          <h3>Time per stage (one image)</h3>
          <StageBars rows={rows} latest={latest?.preprocess} />
        </>
      ) : (
        <p className="empty">Drop an image to see its top-5 classes and where the time goes.</p>
      )}
      {runs.webgpu && runs.wasm ? <BackendCompare webgpu={runs.webgpu} wasm={runs.wasm} /> : null}
      <ClassifyManyTable />
      {rows.length === 1 ? <p className="hint">Switch the backend to run the same image on the other one and compare.</p> : null}
    </section>
  );
}
