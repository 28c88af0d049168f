import { useState } from 'react';
import {
  CartesianGrid,
  ErrorBar,
  LabelList,
  Line,
  LineChart,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { compareRuns, type ComparedValue } from '../../../measure/metrics/runCompare';
import type { BenchRun } from '../../../measure/metrics/runFormat';
import { hasSpread } from '../../../measure/sweep/pointRule';
import { logTicks, niceTicksFromZero } from '../../format/niceTicks';
import { formatDuration, formatDurationTick, formatRate, significant } from '../../format/quantity';
import { nameRuns } from '../../format/runNames';
import { AXIS_TICK, runColor, Y_AXIS_WIDTH } from './chartStyle';

type Unit = 'time' | 'rate';

const formatValue = (unit: Unit, v: unknown) => (unit === 'time' ? formatDuration(Number(v)) : formatRate(Number(v)));
const formatTick = (unit: Unit) => (unit === 'time' ? formatDurationTick : (v: number) => significant(v));

interface ChartRun {
  key: string;
  name: string;
  color: string;
}

interface MetricChartProps {
  title: string;
  rows: { batch: number; values: Record<string, ComparedValue & { runs: number }> }[];
  runs: ChartRun[];
  value: (v: ComparedValue) => number;
  /** p10 and p90 around the value, drawn only for points with enough runs to have a spread. */
  spread?: (v: ComparedValue) => [number, number];
  unit: Unit;
  axisLabel: string;
  logScale: boolean;
}

/**
 * Batch sizes on a log axis, each one a tick, with a margin either side so the points, p10-p90
 * bars and labels at the first and last batch are drawn whole; one batch alone still gets an axis.
 */
export function batchAxisDomain(batches: readonly number[]): [number, number] {
  const min = Math.min(...batches);
  const max = Math.max(...batches);
  return min === max ? [min / 2, max * 2] : [min / 1.25, max * 1.25];
}

/**
 * The props of a value axis: from zero on a linear scale, 1-2-5 per decade on a log one; every
 * tick labelled (recharts would hide some and keep their grid lines).
 */
function valueAxis(values: readonly number[], logScale: boolean) {
  const ticks = logScale ? logTicks(values) : niceTicksFromZero(values);
  return {
    type: 'number' as const,
    scale: logScale ? ('log' as const) : ('linear' as const),
    ticks,
    domain: [ticks[0]!, ticks.at(-1)!] as [number, number],
    interval: 0,
    allowDataOverflow: true,
    tick: AXIS_TICK,
  };
}

/** One metric against batch size, one line per run; p10-p90 bars where a point has 10 runs or more. */
function MetricChart({ title, rows, runs, value, spread, unit, axisLabel, logScale }: MetricChartProps) {
  const shown: number[] = [];
  const data = rows.map((row) => {
    const point: Record<string, number | [number, number]> = { batch: row.batch };
    for (const run of runs) {
      const v = row.values[run.key];
      if (!v) continue;
      point[run.key] = value(v);
      shown.push(value(v));
      if (spread && hasSpread(v.runs)) {
        point[`${run.key}_spread`] = spread(v);
        shown.push(v.msPerBatchP90, v.msPerBatchP10);
      }
    }
    return point;
  });
  const batches = rows.map((r) => r.batch);
  return (
    <figure className="chart" data-testid="sweep-chart">
      <figcaption>{title}</figcaption>
      {/* The chart is a picture of the results table; keyboard and screen-reader users get the table. */}
      <div className="chart-body" aria-hidden="true">
        <ResponsiveContainer width="100%" height={220}>
          <LineChart data={data} margin={{ left: 4, right: 16, top: 8, bottom: 4 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis
              dataKey="batch"
              type="number"
              scale="log"
              domain={batchAxisDomain(batches)}
              ticks={batches}
              interval={0}
              tick={AXIS_TICK}
              label={{ value: 'batch size', position: 'insideBottom', offset: -2, fontSize: 12 }}
              height={38}
              allowDataOverflow
            />
            <YAxis
              {...valueAxis(shown, logScale)}
              tickFormatter={formatTick(unit)}
              width={Y_AXIS_WIDTH}
              label={
                unit === 'rate' ? { value: axisLabel, angle: -90, position: 'insideLeft', offset: 10, fontSize: 12, dy: 30 } : undefined
              }
            />
            <Tooltip formatter={(v) => formatValue(unit, v)} labelFormatter={(b) => `batch ${b}`} />
            {runs.map((run) => (
              <Line
                key={run.key}
                dataKey={run.key}
                name={run.name}
                stroke={run.color}
                strokeWidth={2}
                isAnimationActive={false}
                connectNulls
                dot={{ r: 3, fill: run.color }}
              >
                {spread ? <ErrorBar dataKey={`${run.key}_spread`} width={5} stroke={run.color} /> : null}
              </Line>
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

/** The lab's trade-off: more throughput costs latency. x = frames/s, y = time per batch; each point carries its batch size. */
function TradeOffChart({ runs, chartRuns, logScale }: { runs: readonly BenchRun[]; chartRuns: ChartRun[]; logScale: boolean }) {
  const x = valueAxis(
    runs.flatMap((r) => r.points.map((p) => p.throughputFps)),
    logScale,
  );
  const y = valueAxis(
    runs.flatMap((r) => r.points.map((p) => p.msPerBatch.p50)),
    logScale,
  );
  return (
    <figure className="chart" data-testid="sweep-chart">
      <figcaption>Latency against throughput: the number on each point is its batch size</figcaption>
      <div className="chart-body" aria-hidden="true">
        <ResponsiveContainer width="100%" height={220}>
          <ScatterChart margin={{ left: 4, right: 20, top: 18, bottom: 4 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis
              {...x}
              dataKey="throughputFps"
              name="throughput"
              tickFormatter={(v: number) => significant(v)}
              label={{ value: 'throughput (frames/s)', position: 'insideBottom', offset: -2, fontSize: 12 }}
              height={38}
            />
            <YAxis {...y} dataKey="latencyMs" name="time per batch" tickFormatter={formatDurationTick} width={Y_AXIS_WIDTH} />
            <Tooltip
              formatter={(v, name) => (name === 'throughput' ? formatRate(Number(v)) : formatDuration(Number(v)))}
              labelFormatter={() => ''}
            />
            {runs.map((run, i) => (
              <Scatter
                key={chartRuns[i]!.key}
                name={chartRuns[i]!.name}
                data={run.points.map((p) => ({ throughputFps: p.throughputFps, latencyMs: p.msPerBatch.p50, batch: p.batch }))}
                fill={chartRuns[i]!.color}
                line={{ stroke: chartRuns[i]!.color, strokeWidth: 2 }}
                isAnimationActive={false}
              >
                <LabelList dataKey="batch" position="right" offset={6} fontSize={11} fill="#1d2330" />
              </Scatter>
            ))}
          </ScatterChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

/** The one legend of the chart group: each run's colour and what sets it apart; what all runs share is said once. */
export function RunLegend({ runs }: { runs: ChartRun[] }) {
  return (
    <ul className="run-legend" data-testid="run-legend">
      {runs.map((run) => (
        <li key={run.key}>
          <span className="swatch" style={{ background: run.color }} aria-hidden="true" />
          {run.name}
        </li>
      ))}
    </ul>
  );
}

export function chartRunsFor(runs: readonly BenchRun[]): { chartRuns: ChartRun[]; common: string } {
  const { names, common } = nameRuns(runs);
  return { chartRuns: runs.map((_, i) => ({ key: `run${i}`, name: names[i]!, color: runColor(i) })), common };
}

/** Where the largest value is this many times the smallest, a linear axis squashes the small ones against zero. */
const SPAN_FOR_LOG = 20;

function valueSpan(runs: readonly BenchRun[]): number {
  const values = runs.flatMap((r) => r.points.flatMap((p) => [p.msPerBatch.p50, p.msPerFrame, p.throughputFps])).filter((v) => v > 0);
  return values.length ? Math.max(...values) / Math.min(...values) : 1;
}

export function SweepCharts({ runs }: { runs: readonly BenchRun[] }) {
  const [logScale, setLogScale] = useState(false);
  if (runs.length === 0)
    return <p className="empty">Run a sweep (or import a run) to see time per batch, time per frame and throughput against batch size.</p>;
  const comparison = compareRuns(runs);
  const { chartRuns, common } = chartRunsFor(runs);
  // Run keys of compareRuns are the runs' positions, as chartRunsFor's are.
  const rows = comparison.rows.map((row) => ({
    batch: row.batch,
    values: Object.fromEntries(
      Object.entries(row.values).map(([key, v]) => {
        const run = runs[Number(key.slice(3))]!;
        return [key, { ...v, runs: run.points.find((p) => p.batch === row.batch)?.runs ?? 0 }];
      }),
    ),
  }));
  return (
    <div className="chart-group" data-testid="sweep-charts">
      <div className="chart-group-head">
        {runs.length > 1 ? <p className="hint">All runs: {common}</p> : null}
        <RunLegend runs={chartRuns} />
        <label className="check">
          <input type="checkbox" data-testid="chart-log-scale" checked={logScale} onChange={(e) => setLogScale(e.target.checked)} />
          Log scale
          {valueSpan(runs) >= SPAN_FOR_LOG && !logScale ? <span className="hint"> (values span more than {SPAN_FOR_LOG}×)</span> : null}
        </label>
      </div>
      <div className="sweep-charts">
        <MetricChart
          title="Time per batch (p50; bars: p10-p90, from 10 runs)"
          rows={rows}
          runs={chartRuns}
          value={(v) => v.msPerBatchP50}
          spread={(v) => [v.msPerBatchP50 - v.msPerBatchP10, v.msPerBatchP90 - v.msPerBatchP50]}
          unit="time"
          axisLabel="time per batch"
          logScale={logScale}
        />
        <MetricChart
          title="Time per frame (time per batch / batch size)"
          rows={rows}
          runs={chartRuns}
          value={(v) => v.msPerFrame}
          unit="time"
          axisLabel="time per frame"
          logScale={logScale}
        />
        <MetricChart
          title="Throughput (frames/s)"
          rows={rows}
          runs={chartRuns}
          value={(v) => v.throughputFps}
          unit="rate"
          axisLabel="frames/s"
          logScale={logScale}
        />
        <TradeOffChart runs={runs} chartRuns={chartRuns} logScale={logScale} />
      </div>
    </div>
  );
}
