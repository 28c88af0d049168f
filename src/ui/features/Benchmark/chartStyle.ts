// One look for every chart: run colours, axis text size and widths, so charts side by side line up.

/** Colour-blind-safe (Okabe-Ito) colours for runs, in the order runs were added. */
export const RUN_COLORS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9'] as const;

export const runColor = (index: number): string => RUN_COLORS[index % RUN_COLORS.length]!;

export const AXIS_TICK = { fontSize: 12, fill: '#3a4358' } as const;

/** Wide enough for "1.5 s", "450 ms", "999 µs" at 12 px on one line (recharts wraps a tick that does not fit). */
export const Y_AXIS_WIDTH = 70;
