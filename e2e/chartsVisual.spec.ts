import type { Page } from '@playwright/test';
import { expect, test } from './test';
import { AppPage } from './appPage';
import { summarizePoint } from '../src/measure/sweep/pointRule';
import { toJson, type BenchRun } from '../src/measure/metrics/runFormat';

// Visual regression of the Benchmark charts on fixed data: two run files written here (so the
// figures never change) are imported, and what the charts draw is compared with the stored
// snapshot: every axis tick (text and position), every point, every p10-p90 bar, the legend.
// Positions come from the charts' scales, not from font metrics, so the snapshot holds on any
// machine with the same Chromium; a change that breaks an axis, a scale or the legend fails it.
// Update after an intended change: npx playwright test e2e/chartsVisual.spec.ts --update-snapshots

/** Ten timed runs spread +-2% around `ms`: enough for the p10-p90 bars. */
const timedRuns = (ms: number) => Array.from({ length: 10 }, (_, i) => ms * (0.98 + (0.04 * i) / 9));

function run(backend: BenchRun['backend'], msAtBatch: Record<number, number>): BenchRun {
  return {
    schemaVersion: 1,
    name: 'GoogLeNet',
    model: 'googlenet',
    backend,
    device: backend === 'webgpu' ? { description: 'nvidia ada' } : { description: 'WASM, 2 threads, SIMD', wasmThreads: 2 },
    userAgent: 'fixture',
    date: '2026-01-01T00:00:00.000Z',
    points: Object.entries(msAtBatch).map(([batch, ms]) => summarizePoint(Number(batch), timedRuns(ms))),
  };
}

// The lab's batch sizes; GPU times a hundred times shorter than the CPU's, so the log scale matters.
const WASM_RUN = run('wasm', { 1: 180, 2: 350, 5: 860, 8: 1400 });
const WEBGPU_RUN = run('webgpu', { 1: 2.1, 2: 3.2, 5: 6.4, 8: 9.5 });

interface ChartGeometry {
  caption: string;
  xTicks: string[];
  yTicks: string[];
  /** Each series' points, in the chart's pixels, rounded to whole pixels. */
  points: string[];
  errorBars: number;
}

/** What each chart drew, in the chart's own coordinates (independent of where the page put it). */
async function chartGeometry(page: Page): Promise<ChartGeometry[]> {
  return page.getByTestId('sweep-chart').evaluateAll((charts) =>
    charts.map((chart) => {
      const centre = (el: SVGGraphicsElement) => {
        const box = el.getBBox();
        return `${Math.round(box.x + box.width / 2)},${Math.round(box.y + box.height / 2)}`;
      };
      // Recharts draws an axis's tick lines and tick labels in two groups, in the same order.
      const ticks = (axis: 'xAxis' | 'yAxis') => {
        const lines = [...chart.querySelectorAll<SVGGraphicsElement>(`.recharts-${axis}-tick-lines line`)];
        const labels = [...chart.querySelectorAll(`.recharts-${axis}-tick-labels .recharts-cartesian-axis-tick-value`)];
        return labels.map((label, i) => `${label.textContent ?? ''} @${lines[i] ? centre(lines[i]) : '?'}`);
      };
      const symbols = chart.querySelectorAll<SVGGraphicsElement>('.recharts-line-dots circle, .recharts-scatter-symbol path');
      return {
        caption: chart.querySelector('figcaption')?.textContent ?? '',
        xTicks: ticks('xAxis'),
        yTicks: ticks('yAxis'),
        points: [...symbols].map(centre),
        errorBars: chart.querySelectorAll('.recharts-errorBar').length,
      };
    }),
  );
}

/** Tick labels that leave their chart or run into each other: a broken axis even when the snapshot was updated. */
async function labelProblems(page: Page): Promise<string[]> {
  return page.getByTestId('sweep-chart').evaluateAll((charts) =>
    charts.flatMap((chart) => {
      const svg = chart.querySelector('svg.recharts-surface')!.getBoundingClientRect();
      const labels = [...chart.querySelectorAll('.recharts-cartesian-axis-tick-value')].map((t) => ({
        text: t.textContent ?? '',
        box: t.getBoundingClientRect(),
      }));
      const problems: string[] = [];
      for (const { text, box } of labels) {
        if (box.left < svg.left - 0.5 || box.right > svg.right + 0.5 || box.top < svg.top - 0.5 || box.bottom > svg.bottom + 0.5)
          problems.push(`'${text}' is clipped`);
      }
      labels.forEach((a, i) =>
        labels.slice(i + 1).forEach((b) => {
          const overlap =
            a.box.left < b.box.right - 1 && b.box.left < a.box.right - 1 && a.box.top < b.box.bottom - 1 && b.box.top < a.box.bottom - 1;
          if (overlap) problems.push(`'${a.text}' overlaps '${b.text}'`);
        }),
      );
      return problems.map((p) => `${chart.querySelector('figcaption')?.textContent}: ${p}`);
    }),
  );
}

test('the Benchmark charts of two fixed runs draw the stored axes, points, bars and legend, on linear and log scales', async ({
  page,
}, testInfo) => {
  await page.setViewportSize({ width: 1400, height: 1000 });
  const app = new AppPage(page);
  await app.open({ backend: 'wasm' });
  await app.goto('benchmark');
  for (const [name, fixture] of [
    ['wasm.json', WASM_RUN],
    ['webgpu.json', WEBGPU_RUN],
  ] as const) {
    await page.getByTestId('run-import').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(toJson(fixture)) });
  }
  await expect(page.getByTestId('run-item')).toHaveCount(2);
  const charts = page.getByTestId('sweep-charts');
  await expect(charts.getByTestId('run-legend').locator('li')).toHaveText(['WASM · WASM, 2 threads, SIMD', 'WebGPU · nvidia ada']);
  await expect(charts.locator('.recharts-line-curve')).toHaveCount(6);

  const linear = await chartGeometry(page);
  expect(await labelProblems(page)).toEqual([]);
  await charts.scrollIntoViewIfNeeded();
  await charts.screenshot({ path: testInfo.outputPath('charts-linear.png') });

  await page.getByTestId('chart-log-scale').check();
  // The GPU run, flat against zero on the linear axis, gets its own decades on the log one.
  await expect(charts.locator('.recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value').first()).toHaveText('1 ms');
  const log = await chartGeometry(page);
  expect(await labelProblems(page)).toEqual([]);
  await charts.screenshot({ path: testInfo.outputPath('charts-log.png') });
  for (const name of ['charts-linear.png', 'charts-log.png']) await testInfo.attach(name, { path: testInfo.outputPath(name) });

  expect(`${JSON.stringify({ linear, log }, null, 1)}\n`).toMatchSnapshot('sweep-charts-geometry.json');
  app.expectNoConsoleErrors();
});
