import { useState } from 'react';
import { useDetectController } from '../../ControllerContext';
import { clusterParamsOf, useAppStore } from '../../../app/store';
import {
  CLUSTER_FIELD_SPECS,
  CLUSTER_FIELDS,
  clusterFormTexts,
  parseClusterField,
  parseClusterForm,
  sameCluster,
  type ClusterField,
} from '../../../pipeline/postprocess/clusterFields';

const TEST_IDS: Record<ClusterField, string> = {
  coverageThreshold: 'cluster-coverage',
  rectThreshold: 'cluster-rect-threshold',
  rectEps: 'cluster-eps',
  minHeight: 'cluster-min-height',
};

/**
 * DetectNet's clustering thresholds (DIGITS' ClusterDetections), checked as typed and applied to the
 * next frames without reloading the model; reset brings back the model's own values.
 */
export function ClusterControls() {
  const detect = useDetectController();
  const loaded = useAppStore((s) => s.loaded);
  const current = useAppStore(clusterParamsOf);
  const defaults = loaded?.manifest.cluster;
  const [texts, setTexts] = useState(() => (current ? clusterFormTexts(current) : undefined));
  // Another model (or the same one loaded again) starts from its own values: the fields follow.
  const [shownFor, setShownFor] = useState(loaded);
  if (shownFor !== loaded) {
    setShownFor(loaded);
    setTexts(current ? clusterFormTexts(current) : undefined);
  }
  if (loaded?.manifest.task !== 'detectnet' || !current || !defaults || !texts) return null;

  const edit = (field: ClusterField, text: string) => {
    const next = { ...texts, [field]: text };
    setTexts(next);
    const parsed = parseClusterForm(next);
    if (parsed.ok && !sameCluster(parsed.params, current)) void detect.setCluster(parsed.params);
  };
  const reset = () => {
    setTexts(clusterFormTexts(defaults));
    void detect.setCluster(undefined);
  };
  const atDefaults = sameCluster(current, defaults);

  return (
    <fieldset
      className="cluster-controls"
      data-testid="cluster-controls"
      data-coverage-threshold={current.coverageThreshold}
      data-rect-threshold={current.rectThreshold}
      data-eps={current.rectEps}
      data-min-height={current.minHeight}
    >
      <legend>DetectNet clustering (applies to the next frames)</legend>
      <div className="cluster-fields">
        {CLUSTER_FIELDS.map((field) => {
          const spec = CLUSTER_FIELD_SPECS[field];
          const checked = parseClusterField(field, texts[field]);
          const id = `cluster-${field}`;
          return (
            <div className="field" key={field}>
              <label htmlFor={id}>
                {spec.label} <span className="unit">({spec.unit})</span>
              </label>
              <input
                id={id}
                type="number"
                inputMode="decimal"
                data-testid={TEST_IDS[field]}
                min={spec.min}
                max={spec.max}
                step={spec.step}
                value={texts[field]}
                onChange={(e) => edit(field, e.target.value)}
                aria-invalid={!checked.ok}
                aria-describedby={`${id}-message`}
              />
              <p id={`${id}-message`} className={checked.ok ? 'field-help' : 'field-error'} aria-live="polite">
                {checked.ok ? spec.help : <span data-testid={`${TEST_IDS[field]}-error`}>{checked.error}</span>}
              </p>
            </div>
          );
        })}
      </div>
      <div className="form-buttons">
        <button type="button" data-testid="cluster-reset" disabled={atDefaults} onClick={reset}>
          Reset to the model&apos;s values
        </button>
        <span className="field-help">
          model: coverage {defaults.coverageThreshold}, rect {defaults.rectThreshold}, eps {defaults.rectEps}, min height{' '}
          {defaults.minHeight} px
        </span>
      </div>
    </fieldset>
  );
}
