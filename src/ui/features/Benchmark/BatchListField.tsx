import { parseBatchList } from '../../../measure/sweep/batchList';

/** The batch list, checked as it is typed: the error sits under the field and names the value and the rule. */
export function BatchListField({ value, onChange }: { value: string; onChange(text: string): void }) {
  const parsed = parseBatchList(value);
  const error = parsed.ok ? undefined : parsed.error;
  return (
    <div className="field">
      <label htmlFor="batch-list">Batch sizes</label>
      <input
        id="batch-list"
        data-testid="batch-list"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error !== undefined}
        aria-describedby="batch-list-message"
        spellCheck={false}
        autoComplete="off"
      />
      <p id="batch-list-message" className={error ? 'field-error' : 'field-help'} aria-live="polite">
        {error ? (
          <span data-testid="batch-list-error">{error}</span>
        ) : (
          `whole numbers from 1 to 4096, e.g. 1, 2, 4, 8 (runs ${parsed.ok ? parsed.batches.length : 0} point${parsed.ok && parsed.batches.length === 1 ? '' : 's'})`
        )}
      </p>
    </div>
  );
}
