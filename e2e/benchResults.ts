import type { Page } from '@playwright/test';

export interface ResultRow {
  run: number;
  batch: number;
  backend: string;
  latency: number;
  perFrame: number;
  throughput: number;
  runs: number;
  memoryEstimated: number;
  memoryMeasured: number;
  /** A session variant's name ("graph capture", ...), null for the plain session. */
  variant: string | null;
  /** The variant's largest output difference from the plain session, null for the plain session. */
  maxAbsDiff: number | null;
}

/** Every row of the sweep results table (`bench-results`), as its data attributes give it. */
export async function resultRows(page: Page): Promise<ResultRow[]> {
  return page
    .getByTestId('bench-results')
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((r) => ({
        run: Number(r.getAttribute('data-run')),
        batch: Number(r.getAttribute('data-batch')),
        backend: r.getAttribute('data-backend') ?? '',
        latency: Number(r.getAttribute('data-latency-p50-ms')),
        perFrame: Number(r.getAttribute('data-per-frame-ms')),
        throughput: Number(r.getAttribute('data-throughput-fps')),
        runs: Number(r.getAttribute('data-runs')),
        memoryEstimated: Number(r.getAttribute('data-memory-estimated-bytes')),
        memoryMeasured: Number(r.getAttribute('data-memory-measured-bytes')),
        variant: r.getAttribute('data-variant'),
        maxAbsDiff: r.hasAttribute('data-max-abs-diff') ? Number(r.getAttribute('data-max-abs-diff')) : null,
      })),
    );
}
