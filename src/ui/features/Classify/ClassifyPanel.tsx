import { useCallback, useState } from 'react';
import { useController } from '../../ControllerContext';
import { useAppStore } from '../../../app/store';
import { BACKENDS } from '../../../domain/backend';
import { StageBars } from '../Charts/StageBars';
import { TrainedWeightsCallout } from '../FirstRun/TrainedWeightsCallout';
import { BackendCompare } from './BackendCompare';
import { DropZone } from './DropZone';
import { Top5List } from './Top5List';
import { UrlForm } from './UrlForm';
import { InlineError } from '../Status/InlineError';

/** DIGITS' "Classify One": an image in, its top-5 classes and the time of each stage out. */
export function ClassifyPanel() {
  const controller = useController();
  const image = useAppStore((s) => s.image);
  const runs = useAppStore((s) => s.runs);
  const loaded = useAppStore((s) => s.loaded);
  // A file the browser cannot show (a rejected non-image) leaves no broken-image placeholder behind.
  const [unshowable, setUnshowable] = useState<string>();
  const onFile = useCallback((file: File) => void controller.setImage(file, file.name), [controller]);
  const onFiles = useCallback((files: File[]) => void controller.classifyMany(files), [controller]);

  const latest = runs[loaded?.backend ?? 'wasm'] ?? Object.values(runs)[0];
  const rows = BACKENDS.flatMap((b) =>
    runs[b] ? [{ name: b === 'webgpu' ? 'WebGPU' : 'WASM', timings: runs[b].timings, preprocess: runs[b].preprocess }] : [],
  );
  const busy = useAppStore((s) => s.status === 'running' || s.status === 'loading');
  // An image the model refused (not an image, truncated) is not shown: the error says why, and a half-drawn picture would not.
  const showPreview = image && image.previewUrl !== unshowable && (latest !== undefined || busy);

  return (
    <section className="panel classify" aria-labelledby="classify-one-title">
      <h2 id="classify-one-title">One image</h2>
      <div className="classify-one">
        <div className="classify-inputs">
          <DropZone
            accept="image/*"
            testId="image-input"
            label="Image to classify"
            acceptPaste
            onFile={onFile}
            onFiles={onFiles}
            folder={false}
          />
          <UrlForm onUrl={(url) => void controller.setImageFromUrl(url)} />
          <InlineError origin="classify" />
        </div>
        <div className="classify-result">
          {showPreview ? (
            <img
              className="preview"
              src={image.previewUrl}
              alt={image.name}
              data-testid="image-preview"
              onError={() => setUnshowable(image.previewUrl)}
            />
          ) : null}
          {latest ? <Top5List run={latest} synthetic={loaded?.manifest.weights === 'synthetic'} /> : null}
          {!latest && !showPreview ? <p className="empty">Its top-5 classes and where the time went appear here.</p> : null}
        </div>
      </div>
      <TrainedWeightsCallout />
      {rows.length > 0 ? (
        <>
          <h3>Time per stage (one image)</h3>
          <StageBars rows={rows} latest={latest?.preprocess} />
          {rows.length === 1 ? <p className="hint">Switch the backend to run the same image on the other one and compare.</p> : null}
        </>
      ) : null}
      {runs.webgpu && runs.wasm ? <BackendCompare webgpu={runs.webgpu} wasm={runs.wasm} /> : null}
    </section>
  );
}
