import { expect, test as base } from '@playwright/test';
import { guardCsp } from './cspGuard';

/**
 * Playwright's `test` with one addition every spec gets: a test fails when its page broke the
 * Content-Security-Policy (a refused script, worker, fetch, image or style), even where nothing
 * visible went wrong. Specs import `test` and `expect` from here, never from '@playwright/test'.
 */
export const test = base.extend<{ cspGuard: void }>({
  cspGuard: [
    async ({ page }, use) => {
      const violations = guardCsp(page);
      await use();
      expect(violations, 'Content-Security-Policy violations during the test').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
