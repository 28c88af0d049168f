import type { Page } from '@playwright/test';

/** Content-Security-Policy violations seen on each guarded page, in the order they happened. */
const violationsByPage = new WeakMap<Page, string[]>();

const CSP_LINE = /Content.Security.Policy/i;

/**
 * Starts recording a page's CSP violations (idempotent): the page's `securitypolicyviolation`
 * events through an init script, and console lines about the policy, which is also how the
 * inference worker reports its own (the events of a worker do not reach the page). Returns the
 * live list.
 */
export function guardCsp(page: Page): string[] {
  const known = violationsByPage.get(page);
  if (known) return known;
  const violations: string[] = [];
  violationsByPage.set(page, violations);
  page.on('console', (message) => {
    if (CSP_LINE.test(message.text())) violations.push(`console: ${message.text()}`);
  });
  void page.exposeBinding('__reportCspViolation', (_source, text: string) => void violations.push(`event: ${text}`)).catch(() => undefined);
  void page
    .addInitScript(() => {
      document.addEventListener(
        'securitypolicyviolation',
        (e) => {
          const report = (window as unknown as { __reportCspViolation?: (text: string) => void }).__reportCspViolation;
          report?.(`${e.effectiveDirective} refused ${e.blockedURI || 'inline code'} at ${e.sourceFile}:${e.lineNumber}`);
        },
        true,
      );
    })
    .catch(() => undefined);
  return violations;
}

export function cspViolations(page: Page): readonly string[] {
  return violationsByPage.get(page) ?? [];
}
