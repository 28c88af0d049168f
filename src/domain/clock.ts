/**
 * performance.now() starts at a different origin in each thread; adding timeOrigin puts page and
 * worker timestamps on one clock, so latency is a difference of two readings of the same clock.
 */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}
