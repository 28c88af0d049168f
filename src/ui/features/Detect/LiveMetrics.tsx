import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useAppStore } from '../../../app/store';

const f = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '—');

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
          p50 {f(s.latencyMs.p50)} · p90 {f(s.latencyMs.p90)} · p99 {f(s.latencyMs.p99)} ms
        </dd>
        <dt>inference per batch</dt>
        <dd>
          p50 {f(s.inferenceMsPerBatch.p50)} · p90 {f(s.inferenceMsPerBatch.p90)} ms
        </dd>
        <dt>queue wait</dt>
        <dd>p50 {f(s.queueWaitMs.p50)} ms</dd>
        <dt>throughput</dt>
        <dd>{s.fps.toFixed(1)} frames/s</dd>
        <dt>dropped</dt>
        <dd>{dropped}</dd>
        <dt>window</dt>
        <dd>
          {s.frames} frames, {s.batches} batches
        </dd>
      </dl>
      <ResponsiveContainer width="100%" height={180}>
        <LineChart data={timeline} margin={{ left: 8, right: 16, top: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="t" type="number" unit=" s" domain={['dataMin', 'dataMax']} tickFormatter={(v: number) => v.toFixed(0)} />
          <YAxis unit=" ms" width={70} />
          <Tooltip formatter={(v) => `${Number(v).toFixed(1)} ms`} labelFormatter={(t) => `${Number(t).toFixed(2)} s`} />
          <Legend />
          <Line dataKey="latencyMs" name="latency" stroke="#3367d6" dot={false} isAnimationActive={false} />
          <Line dataKey="queueWaitMs" name="queue wait" stroke="#e8710a" dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
