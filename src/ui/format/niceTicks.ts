// Axis ticks a reader can add up in their head: a step of 1, 2 or 5 times a power of ten
// (0, 1000, 2000, 3000; never 0, 900, 1800, 3600), from a multiple of the step at or below the
// smallest value to one at or above the largest, so every point lies inside the axis.

/** The 1-2-5 step closest above (max - min) / target. */
export function niceStep(span: number, target: number): number {
  const raw = span / Math.max(1, target);
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

/**
 * About `target` ticks covering [min, max]. An empty or flat range (one point, or all zeros)
 * still gets an axis around its value, so the chart is never drawn without one.
 */
export function niceTicks(min: number, max: number, target = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  let low = Math.min(min, max);
  let high = Math.max(min, max);
  if (high === low) {
    const pad = low === 0 ? 1 : Math.abs(low) / 2;
    low = low >= 0 && low - pad < 0 ? 0 : low - pad;
    high += pad;
  }
  const step = niceStep(high - low, target);
  // Printing steps like 0.1 * 3 exactly needs rounding to the step's own decimals.
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  const round = (v: number) => Number(v.toFixed(decimals));
  const first = Math.floor(low / step + 1e-9) * step;
  const last = Math.ceil(high / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let v = first, i = 0; v <= last + step / 2 && i < 1000; v = first + ++i * step) ticks.push(round(v));
  return ticks;
}

/** Ticks from zero (times, rates: a bar or a line measured from nothing) to the largest value. */
export function niceTicksFromZero(values: readonly number[], target = 5): number[] {
  const finite = values.filter(Number.isFinite);
  const max = finite.length ? Math.max(0, ...finite) : 0;
  return niceTicks(0, max, target);
}

/**
 * Ticks for a log axis over the positive values: 1, 2 and 5 times each power of ten, from the
 * one at or below the smallest value to the one at or above the largest; only the powers of ten
 * once that would give more than `maxTicks`. Values that are not positive are left out (a log
 * axis cannot show them).
 */
export function logTicks(values: readonly number[], maxTicks = 6): number[] {
  const positive = values.filter((v) => Number.isFinite(v) && v > 0);
  if (positive.length === 0) return [1, 10];
  const min = Math.min(...positive);
  const max = Math.max(...positive);
  const round = (v: number) => Number(v.toPrecision(12));
  const series = (steps: readonly number[]) => {
    const ticks: number[] = [];
    for (let power = Math.floor(Math.log10(min)); power <= Math.ceil(Math.log10(max)); power++)
      for (const step of steps) ticks.push(round(step * 10 ** power));
    const first = ticks.findLastIndex((t) => t <= min);
    const last = ticks.findIndex((t) => t >= max);
    const covering = ticks.slice(Math.max(0, first), last + 1);
    // One value alone still gets an axis: the ticks on either side of it.
    return covering.length >= 2 ? covering : ticks.slice(Math.max(0, first - 1), first + 2);
  };
  const fine = series([1, 2, 5]);
  return fine.length <= maxTicks ? fine : series([1]);
}
