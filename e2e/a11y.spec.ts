// Needs the dev dependency @axe-core/playwright (axe-core's Playwright runner).
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './test';
import { AppPage } from './appPage';
import { visitViewsWithContent } from './viewContent';

test('axe finds no serious or critical accessibility violation on any view with content', async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  const app = new AppPage(page);
  await app.open({ backend: 'wasm' });
  await visitViewsWithContent(app, testInfo, async (view) => {
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
    const blocking = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    await testInfo.attach(`axe-${view}.json`, { body: JSON.stringify(results.violations, null, 2), contentType: 'application/json' });
    expect(
      blocking.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      `serious or critical violations on the ${view} view`,
    ).toEqual([]);
  });
});
