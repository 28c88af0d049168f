import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { PreprocessPath } from '../../../domain/backend';
import { STAGES, type StageTimings } from '../../../domain/units';
import { niceTicksFromZero } from '../../format/niceTicks';
import { formatDuration, formatDurationTick } from '../../format/quantity';

const STAGE_COLORS: Record<(typeof STAGES)[number], string> = {
  decode: '#8da0cb',
  preprocess: '#66c2a5',
  inference: '#fc8d62',
  postprocess: '#e78ac3',
};

export interface StageRow {
  name: string;
  timings: StageTimings;
  /** Where this run's pixels became the input tensor. */
  preprocess: PreprocessPath;
}

const PATH_LABEL: Record<PreprocessPath, string> = { gpu: 'GPU', cpu: 'CPU' };

const PATH_HINT: Record<PreprocessPath, string> = {
  gpu: 'a WGSL compute pass wrote the input tensor on the GPU, where the model reads it; its GPU time falls in "inference" (the preprocess bar is the time to submit it)',
  cpu: 'the pixels were read back and normalized in JavaScript, then uploaded with the tensor',
};

/**
 * One stacked bar per run: where the time of one request went, like GPU REST Engine's profile bars.
 * `latest` is the path the last image took (the data-preprocess the tests read).
 */
export function StageBars({ rows, latest }: { rows: StageRow[]; latest?: PreprocessPath }) {
  const data = rows.map((r) => ({ name: r.name, ...r.timings }));
  const ticks = niceTicksFromZero(rows.map((r) => STAGES.reduce((sum, s) => sum + r.timings[s], 0)));
  return (
    <div className="stage-bars" data-testid="stage-bars" data-preprocess={latest}>
      <p className="preprocess-paths">
        {rows.map((r) => (
          <span
            key={r.name}
            className={`preprocess-path ${r.preprocess}`}
            data-testid="preprocess-path"
            data-run={r.name}
            title={PATH_HINT[r.preprocess]}
          >
            {r.name}: preprocess {PATH_LABEL[r.preprocess]}
          </span>
        ))}
      </p>
      <ResponsiveContainer width="100%" height={60 + rows.length * 36}>
        <BarChart data={data} layout="vertical" margin={{ left: 8, right: 16 }} accessibilityLayer={false}>
          <CartesianGrid horizontal={false} strokeDasharray="3 3" />
          <XAxis type="number" domain={[0, ticks.at(-1)!]} ticks={ticks} tickFormatter={formatDurationTick} />
          <YAxis type="category" dataKey="name" width={70} />
          <Tooltip formatter={(value) => formatDuration(Number(value))} />
          <Legend itemSorter={null} />
          {STAGES.map((stage) => (
            <Bar key={stage} dataKey={stage} stackId="t" fill={STAGE_COLORS[stage]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
      <table className="stage-table">
        <thead>
          <tr>
            <th scope="col">backend</th>
            {STAGES.map((s) => (
              <th key={s}>{s}</th>
            ))}
            <th>total</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.name} data-testid="stage-row" data-run={r.name} data-preprocess={r.preprocess}>
              <th>
                {r.name} <small>(preprocess {PATH_LABEL[r.preprocess]})</small>
              </th>
              {STAGES.map((s) => (
                <td key={s} data-stage={s} data-ms={r.timings[s]}>
                  {r.timings[s].toFixed(1)} ms
                </td>
              ))}
              <td>{STAGES.reduce((sum, s) => sum + r.timings[s], 0).toFixed(1)} ms</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
