import { useAppStore, type ErrorOrigin } from '../../../app/store';

/**
 * The current error, next to the controls whose action caused it. The status bar (which stays in
 * view) announces it; this copy is not a second alert, it shows where the problem came from.
 */
export function InlineError({ origin }: { origin: ErrorOrigin }) {
  const error = useAppStore((s) => s.error);
  if (error?.origin !== origin) return null;
  return (
    <p className="error-inline" data-testid="error-inline" data-origin={origin} data-code={error.code}>
      {error.message}
    </p>
  );
}
