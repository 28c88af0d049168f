import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useBenchController } from '../../ControllerContext';
import { useAppStore } from '../../../app/store';
import { cleanKernelName } from '../../format/kernelName';
import { niceTicksFromZero } from '../../format/niceTicks';
import { formatDuration, formatDurationTick, formatPercent } from '../../format/quantity';
import { AXIS_TICK } from './chartStyle';

const TOP = 10;

/** The lab's layer chart (Caffe against TensorRT per layer): the ten kernels that take the most time. */
export function KernelProfile() {
  const bench = useBenchController();
  const profile = useAppStore((s) => s.kernelProfile);
  const loaded = useAppStore((s) => s.loaded);
  const busy = useAppStore((s) => s.status !== 'ready');
  const top = (profile?.kernels.slice(0, TOP) ?? []).map((k) => ({ ...k, layer: cleanKernelName(k.node) }));
  const total = profile?.kernels.reduce((sum, k) => sum + k.msPerRun, 0) ?? 0;
  const ticks = niceTicksFromZero(top.map((k) => k.msPerRun));
  const backendName = profile?.backend === 'webgpu' ? 'WebGPU' : 'WASM';
  return (
    <section className="panel kernel-profile" aria-labelledby="profile-title">
      <h2 id="profile-title">Where the time goes</h2>
      <p className="hint">
        ONNX Runtime&apos;s own profiler on a separate session of the loaded model, batch 1: the time of each kernel (layer), largest first.
      </p>
      <button
        type="button"
        className="primary"
        data-testid="profile-run"
        disabled={!loaded || busy}
        onClick={() => void bench.profileKernels()}
      >
        Profile kernels
      </button>
      {profile?.running ? <progress aria-label="Profiling" /> : null}
      {profile && !profile.running ? (
        <div
          data-testid="kernel-profile"
          data-backend={profile.backend}
          data-clock={profile.clock}
          data-kernels={profile.kernels.length}
          data-total-ms={total}
        >
          <dl className="figures">
            <dt>kernel time per run</dt>
            <dd>
              {formatDuration(total)}{' '}
              <span className="hint">
                the sum of all {profile.kernels.length} kernels&apos; own times, averaged over the {profile.runs + 1} runs the profiler saw
                (a warm-up and {profile.runs} more)
              </span>
            </dd>
            <dt>a profiled run, end to end</dt>
            <dd>
              {formatDuration(profile.runMsP50)}{' '}
              <span className="hint">
                median wall time of {profile.modelName} on {backendName}; the profiler itself adds time
                {profile.backend === 'webgpu' && profile.clock === 'gpu'
                  ? ". The kernel times are each kernel's GPU time, from WebGPU timestamp queries; the app's own preprocessing pass is one of the bars"
                  : profile.backend === 'webgpu'
                    ? '; this adapter has no timestamp-query, so the kernel times are only the CPU side of each kernel (encoding and submitting it), not the GPU work, and the two differ widely'
                    : ''}
                . Compare kernels with each other, not with the sweep.
              </span>
            </dd>
          </dl>
          <div className="chart-body" aria-hidden="true">
            <ResponsiveContainer width="100%" height={48 + top.length * 26}>
              <BarChart data={top} layout="vertical" margin={{ left: 4, right: 24, bottom: 8 }} accessibilityLayer={false}>
                <CartesianGrid horizontal={false} strokeDasharray="3 3" />
                <XAxis
                  type="number"
                  domain={[0, ticks.at(-1)!]}
                  ticks={ticks}
                  tick={AXIS_TICK}
                  tickFormatter={formatDurationTick}
                  height={34}
                  label={{ value: 'time per run', position: 'insideBottom', offset: -2, fontSize: 12 }}
                />
                <YAxis type="category" dataKey="layer" width={190} tick={{ ...AXIS_TICK, fontSize: 11 }} />
                <Tooltip formatter={(v) => `${formatDuration(Number(v))} per run`} labelFormatter={(layer) => String(layer)} />
                <Bar dataKey="msPerRun" name="time per run" fill="#0072b2" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </div>
          <table className="data-table kernel-table">
            <caption>The {top.length} kernels that take the most time (the chart&apos;s data)</caption>
            <thead>
              <tr>
                <th scope="col">layer</th>
                <th scope="col">operator</th>
                <th scope="col">execution provider</th>
                <th scope="col">time per run</th>
                <th scope="col">share of kernel time</th>
              </tr>
            </thead>
            <tbody>
              {top.map((k) => (
                <tr key={k.node} data-testid="kernel-row" data-node={k.node} data-op={k.op} data-provider={k.provider} data-ms={k.msPerRun}>
                  <th scope="row" title={k.node === k.layer ? undefined : `ONNX Runtime's name: ${k.node}`}>
                    {k.layer}
                  </th>
                  <td>{k.op}</td>
                  <td>{k.provider.replace('ExecutionProvider', '')}</td>
                  <td>{formatDuration(k.msPerRun)}</td>
                  <td>{formatPercent(k.msPerRun / total)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
