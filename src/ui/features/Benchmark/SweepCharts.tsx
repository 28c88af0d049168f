import {
  CartesianGrid,
  ErrorBar,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { compareRuns, type ComparisonRow } from '../../../measure/metrics/runCompare';
import type { BenchRun } from '../../../measure/metrics/runFormat';

const COLORS = ['#3367d6', '#e8710a', '#1e8e3e', '#d93025', '#9334e6', '#12a4af'];
const ms = (v: unknown) => `${Number(v).toFixed(1)} ms`;

interface MetricChartProps {
  title: string;
  rows: ComparisonRow[];
  runs: { key: string; label: string }[];
  value: (v: ComparisonRow['values'][string]) => number;
  spread?: (v: ComparisonRow['values'][string]) => [number, number];
  unit: string;
}

/** One metric against batch size, one line per run, p10-p90 as error bars where given. */
function MetricChart({ title, rows, runs, value, spread, unit }: MetricChartProps) {
  const data = rows.map((row) => {
    const point: Record<string, number | [number, number]> = { batch: row.batch };
    for (const run of runs) {
      const v = row.values[run.key];
      if (!v) continue;
      point[run.key] = value(v);
      if (spread) point[`${run.key}_spread`] = spread(v);
    }
    return point;
  });
  return (
    <figure className="chart" data-testid="sweep-chart">
      <figcaption>{title}</figcaption>
      <ResponsiveContainer width="100%" height={240}>
        <LineChart data={data} margin={{ left: 8, right: 16, top: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="batch"
            type="number"
            scale="log"
            domain={['dataMin', 'dataMax']}
            ticks={rows.map((r) => r.batch)}
            label={{ value: 'batch size', position: 'insideBottom', offset: -2 }}
            height={36}
          />
          <YAxis
            unit={` ${unit}`}
            width={80}
            tickFormatter={(v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : String(Number(v.toPrecision(2))))}
          />
          <Tooltip formatter={(v) => `${Number(v).toFixed(2)} ${unit}`} labelFormatter={(b) => `batch ${b}`} />
          <Legend />
          {runs.map((run, i) => (
            <Line
              key={run.key}
              dataKey={run.key}
              name={run.label}
              stroke={COLORS[i % COLORS.length]}
              isAnimationActive={false}
              connectNulls
              dot
            >
              {spread ? <ErrorBar dataKey={`${run.key}_spread`} width={4} stroke={COLORS[i % COLORS.length]} /> : null}
            </Line>
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

/** The lab's trade-off: more throughput costs latency. x = frames/s, y = ms per batch, one curve per run. */
function TradeOffChart({ runs }: { runs: BenchRun[] }) {
  return (
    <figure className="chart" data-testid="sweep-chart">
      <figcaption>Latency against throughput (each point a batch size)</figcaption>
      <ResponsiveContainer width="100%" height={240}>
        <ScatterChart margin={{ left: 8, right: 16, top: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="throughputFps"
            type="number"
            name="throughput"
            unit=" fps"
            label={{ value: 'throughput (frames/s)', position: 'insideBottom', offset: -2 }}
            height={36}
          />
          <YAxis dataKey="latencyMs" type="number" name="latency" unit=" ms" width={80} />
          <Tooltip formatter={(v, name) => (name === 'latency' ? ms(v) : `${Number(v).toFixed(2)} fps`)} />
          <Legend />
          {runs.map((run, i) => (
            <Scatter
              key={i}
              name={`${run.name} · ${run.backend}`}
              data={run.points.map((p) => ({ throughputFps: p.throughputFps, latencyMs: p.msPerBatch.p50, batch: p.batch }))}
              fill={COLORS[i % COLORS.length]}
              line
              isAnimationActive={false}
            />
          ))}
        </ScatterChart>
      </ResponsiveContainer>
    </figure>
  );
}

export function SweepCharts({ runs }: { runs: BenchRun[] }) {
  if (runs.length === 0)
    return <p className="empty">Run a sweep (or import a run) to see time per batch, time per frame and throughput against batch size.</p>;
  const comparison = compareRuns(runs);
  return (
    <div className="sweep-charts">
      <MetricChart
        title="Time per batch (p50, bars p10-p90)"
        rows={comparison.rows}
        runs={comparison.runs}
        value={(v) => v.msPerBatchP50}
        spread={(v) => [v.msPerBatchP50 - v.msPerBatchP10, v.msPerBatchP90 - v.msPerBatchP50]}
        unit="ms"
      />
      <MetricChart
        title="Time per frame (p50 / batch)"
        rows={comparison.rows}
        runs={comparison.runs}
        value={(v) => v.msPerFrame}
        unit="ms"
      />
      <MetricChart title="Throughput" rows={comparison.rows} runs={comparison.runs} value={(v) => v.throughputFps} unit="fps" />
      <TradeOffChart runs={runs} />
    </div>
  );
}
