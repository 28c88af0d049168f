// Numbers as people read them on a chart or in a table: three significant figures at most, the
// unit scaled to the value (1.2 s, not "1200 ms"; 450 µs, not "0.45 ms"), trailing zeros dropped.

/** At most `digits` significant figures, without trailing zeros or exponent notation ("1.2", "28", "0.05"). */
export function significant(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return '—';
  const rounded = Number(value.toPrecision(digits));
  if (rounded === 0) return '0';
  const magnitude = Math.floor(Math.log10(Math.abs(rounded)));
  const text = rounded.toFixed(Math.min(20, Math.max(0, digits - 1 - magnitude)));
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

/** A duration given in milliseconds, in s, ms or µs, whichever keeps the number between 1 and 1000. */
export function formatDuration(ms: number, digits = 3): string {
  if (!Number.isFinite(ms)) return '—';
  // Rounded first, so 999.7 ms reads "1 s", not "1000 ms".
  const size = Math.abs(Number(ms.toPrecision(digits)));
  if (size === 0) return '0 ms';
  if (size >= 1000) return `${significant(ms / 1000, digits)} s`;
  if (size >= 1) return `${significant(ms, digits)} ms`;
  return `${significant(ms * 1000, digits)} µs`;
}

/** An axis tick: like formatDuration, but zero is just "0" (the unit is on the other ticks). */
export function formatDurationTick(ms: number): string {
  return ms === 0 ? '0' : formatDuration(ms);
}

/** Frames (or images) per second. */
export function formatRate(perSecond: number, unit = 'frames/s', digits = 3): string {
  return `${significant(perSecond, digits)} ${unit}`;
}

/** A share of a whole, e.g. 0.123 -> "12.3%". */
export function formatPercent(fraction: number): string {
  return `${significant(fraction * 100)}%`;
}
