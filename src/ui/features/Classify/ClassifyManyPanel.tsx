import { useCallback } from 'react';
import { useController } from '../../ControllerContext';
import { useAppStore } from '../../../app/store';
import { ClassifyManyTable } from './ClassifyManyTable';
import { DropZone } from './DropZone';
import { DEFAULT_BATCH_SIZES } from '../../../measure/sweep/batchList';

/** DIGITS' "Classify Many": a set of images through the worker at one batch size, a row per image. */
export function ClassifyManyPanel() {
  const controller = useController();
  const batchSize = useAppStore((s) => s.batchSize);
  const onFiles = useCallback((files: File[]) => void controller.classifyMany(files), [controller]);
  return (
    <section className="panel classify-many-panel" aria-labelledby="classify-many-title">
      <h2 id="classify-many-title">Many images</h2>
      <div className="many-inputs">
        <DropZone
          accept="image/*"
          testId="many-input"
          label="Images to classify, a top-1 per image"
          onFile={(f) => onFiles([f])}
          onFiles={onFiles}
        />
        <label className="field">
          Batch size
          <select data-testid="batch-size" value={batchSize} onChange={(e) => useAppStore.setState({ batchSize: Number(e.target.value) })}>
            {DEFAULT_BATCH_SIZES.map((b) => (
              <option key={b} value={b}>
                {b}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ClassifyManyTable />
    </section>
  );
}
