// Runs on one chart are told apart by what differs between them (the backend, the model, the
// device), not by a timestamp; what they share is said once, above the legend.
import { isVariant, variantName } from '../../domain/model';
import type { BenchRun } from '../../measure/metrics/runFormat';

const BACKEND_NAMES = { webgpu: 'WebGPU', wasm: 'WASM' } as const;

/** The model as the run names it, without the time of day older run files appended ("GoogLeNet, 10:42:01"). */
export function runModelName(run: BenchRun): string {
  return run.name.replace(/,\s*(\d{1,2}:\d{2}(:\d{2})?|npm run bench)$/, '').trim() || run.model;
}

interface Facet {
  /** Same key: same value; the label is what a reader sees. */
  key(run: BenchRun): string;
  label(run: BenchRun): string;
  /** Said above the legend when every run shares it ('' = not worth saying); the label by default. */
  commonLabel?(run: BenchRun): string;
}

const FACETS: Facet[] = [
  { key: (r) => r.model, label: runModelName },
  { key: (r) => r.backend, label: (r) => BACKEND_NAMES[r.backend] },
  {
    key: (r) => variantName(r),
    label: (r) => variantName(r),
    commonLabel: (r) => (isVariant(r) ? variantName(r) : ''),
  },
  {
    key: (r) => `${r.device.description}|${r.device.software ?? false}`,
    label: (r) => `${r.device.description}${r.device.software ? ' (software adapter)' : ''}`,
  },
];

export interface RunNames {
  /** What every run has in common, e.g. "GoogLeNet · WASM · 2 threads, SIMD" (the WASM device line names its threads). */
  common: string;
  /** One short name per run, in the runs' order, unique within the list. */
  names: string[];
}

export function nameRuns(runs: readonly BenchRun[]): RunNames {
  if (runs.length === 0) return { common: '', names: [] };
  const varies = FACETS.map((f) => new Set(runs.map(f.key)).size > 1);
  const first = runs[0]!;
  const common = FACETS.filter((_, i) => !varies[i])
    .map((f) => (f.commonLabel ?? f.label)(first))
    .filter((label) => label !== '')
    .join(' · ');
  let names = runs.map((run) =>
    FACETS.filter((_, i) => varies[i])
      .map((f) => f.label(run))
      .join(' · '),
  );
  // Nothing differs, or two runs differ in nothing: they are repeats, numbered in the order they were measured.
  const counts = new Map<string, number>();
  names.forEach((n) => counts.set(n, (counts.get(n) ?? 0) + 1));
  const seen = new Map<string, number>();
  names = names.map((n) => {
    if ((counts.get(n) ?? 0) < 2) return n;
    const k = (seen.get(n) ?? 0) + 1;
    seen.set(n, k);
    return n ? `${n} · run ${k}` : `run ${k}`;
  });
  if (runs.length === 1) names = [common];
  return { common, names };
}
