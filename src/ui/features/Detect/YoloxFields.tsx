import { describeClassFilter, parseYoloxFields, type YoloxFieldTexts } from '../../../models/yoloxParams';

interface FieldProps {
  id: string;
  testId: string;
  label: string;
  value: string;
  error?: string;
  help: string;
  onChange(text: string): void;
}

/** One input checked as it is typed: the error sits under it and names the value and the rule. */
function CheckedField({ id, testId, label, value, error, help, onChange }: FieldProps) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        data-testid={testId}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error !== undefined}
        aria-describedby={`${id}-message`}
        spellCheck={false}
        autoComplete="off"
      />
      <p id={`${id}-message`} className={error ? 'field-error' : 'field-help'} aria-live="polite">
        {error ? <span data-testid={`${testId}-error`}>{error}</span> : help}
      </p>
    </div>
  );
}

/**
 * YOLOX postprocessing as three fields (score threshold, NMS IoU threshold, class filter): the Detect
 * view's live controls and the ONNX import form both use them. `idPrefix` keeps element ids unique.
 */
export function YoloxFields({
  idPrefix,
  texts,
  numClasses,
  onChange,
}: {
  idPrefix: string;
  texts: YoloxFieldTexts;
  numClasses: number;
  onChange(texts: YoloxFieldTexts): void;
}) {
  const { params, errors } = parseYoloxFields(texts, numClasses);
  return (
    <>
      <CheckedField
        id={`${idPrefix}-score`}
        testId="yolox-score"
        label="Score threshold"
        value={texts.score}
        error={errors.score}
        help="0 to 1: a box is kept when objectness × class score is above it"
        onChange={(score) => onChange({ ...texts, score })}
      />
      <CheckedField
        id={`${idPrefix}-nms`}
        testId="yolox-nms"
        label="NMS IoU threshold"
        value={texts.nms}
        error={errors.nms}
        help="0 to 1: a box overlapping a higher-scored box of its class by more than this IoU is dropped"
        onChange={(nms) => onChange({ ...texts, nms })}
      />
      <CheckedField
        id={`${idPrefix}-classes`}
        testId="yolox-classes"
        label="Classes kept"
        value={texts.classes}
        error={errors.classes}
        help={`${params ? `keeps ${describeClassFilter(params.classFilter, numClasses)}` : ''} · 'all', or class numbers${numClasses === 80 ? ' or COCO names' : ''}, separated by commas`}
        onChange={(classes) => onChange({ ...texts, classes })}
      />
    </>
  );
}
