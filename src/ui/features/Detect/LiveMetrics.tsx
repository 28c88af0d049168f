import { memo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useAppStore } from '../../../app/store';
import type { TimelinePoint } from '../../../measure/metrics/frameMetrics';
import { niceTicks, niceTicksFromZero } from '../../format/niceTicks';
import { formatDuration, formatDurationTick, formatRate, significant } from '../../format/quantity';
import { AXIS_TICK, Y_AXIS_WIDTH } from '../Benchmark/chartStyle';

/** Rolling-window numbers and the latency timeline of the live source (updated about 4 times a second). */
export function LiveMetrics() {
  const live = useAppStore((s) => s.liveMetrics);
  const dropped = useAppStore((s) => s.droppedAtSource + s.droppedInWorker);
  if (!live)
    return (
      <div data-testid="metrics" data-frames="0" className="live-metrics empty">
        Play a video or start the webcam to see per-frame latency and throughput.
      </div>
    );
  const { summary: s, timeline } = live;
  return (
    <div
      className="live-metrics"
      data-testid="metrics"
      data-p50-ms={s.latencyMs.p50}
      data-p90-ms={s.latencyMs.p90}
      data-p99-ms={s.latencyMs.p99}
      data-fps={s.fps}
      data-frames={s.frames}
      data-queue-p50-ms={s.queueWaitMs.p50}
      data-inference-p50-ms={s.inferenceMsPerBatch.p50}
    >
      <dl>
        <dt>latency (capture → drawn)</dt>
        <dd>
          p50 {formatDuration(s.latencyMs.p50)} · p90 {formatDuration(s.latencyMs.p90)} · p99 {formatDuration(s.latencyMs.p99)}
        </dd>
        <dt>inference per batch</dt>
        <dd>
          p50 {formatDuration(s.inferenceMsPerBatch.p50)} · p90 {formatDuration(s.inferenceMsPerBatch.p90)}
        </dd>
        <dt>queue wait</dt>
        <dd>p50 {formatDuration(s.queueWaitMs.p50)}</dd>
        <dt>throughput</dt>
        <dd>{formatRate(s.fps)}</dd>
        <dt>dropped</dt>
        <dd>{dropped} frames</dd>
        <dt>window</dt>
        <dd>
          {s.frames} frames in {s.batches} batches
        </dd>
      </dl>
      <p className="chart-title">Latency and queue wait of each frame over the last seconds</p>
      {timeline.length < 2 ? <p className="empty">The timeline starts with the second frame: press Play.</p> : null}
      {timeline.length < 2 ? null : <LatencyTimeline timeline={timeline} />}
    </div>
  );
}

/**
 * The timeline chart, memoized on its points: the drop counter above it changes with every captured
 * frame, the points only when a result arrives, and recharts' render is the expensive part.
 */
const LatencyTimeline = memo(function LatencyTimeline({ timeline }: { timeline: TimelinePoint[] }) {
  const yTicks = niceTicksFromZero(timeline.flatMap((p) => [p.latencyMs, p.queueWaitMs]));
  const times = timeline.map((p) => p.t);
  const xTicks = times.length ? niceTicks(Math.min(...times), Math.max(...times), 6) : [0, 1];
  return (
    <div className="chart-body" aria-hidden="true">
      <ResponsiveContainer width="100%" height={180}>
        <LineChart data={timeline} margin={{ left: 4, right: 16, top: 8, bottom: 4 }} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="t"
            type="number"
            domain={[xTicks[0]!, xTicks.at(-1)!]}
            ticks={xTicks}
            tick={AXIS_TICK}
            tickFormatter={(v: number) => `${significant(v)} s`}
            allowDataOverflow
          />
          <YAxis
            type="number"
            domain={[0, yTicks.at(-1)!]}
            ticks={yTicks}
            tick={AXIS_TICK}
            tickFormatter={formatDurationTick}
            width={Y_AXIS_WIDTH}
          />
          <Tooltip formatter={(v) => formatDuration(Number(v))} labelFormatter={(t) => `at ${significant(Number(t))} s`} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Line
            dataKey="latencyMs"
            name="latency (capture → drawn)"
            stroke="#0072b2"
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
          <Line dataKey="queueWaitMs" name="queue wait" stroke="#d55e00" strokeWidth={2} dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
});
