import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useBenchController } from '../../ControllerContext';
import { useAppStore } from '../../../app/store';

const TOP = 10;

/** The lab's layer chart (Caffe against TensorRT per layer): the ten kernels that take the most time. */
export function KernelProfile() {
  const bench = useBenchController();
  const profile = useAppStore((s) => s.kernelProfile);
  const loaded = useAppStore((s) => s.loaded);
  const busy = useAppStore((s) => s.status !== 'ready');
  const top = profile?.kernels.slice(0, TOP) ?? [];
  const total = profile?.kernels.reduce((sum, k) => sum + k.msPerRun, 0) ?? 0;
  return (
    <div className="kernel-profile">
      <h3>Where the time goes</h3>
      <button type="button" data-testid="profile-run" disabled={!loaded || busy} onClick={() => void bench.profileKernels()}>
        Profile kernels
      </button>
      {profile?.running ? <progress /> : null}
      {profile && !profile.running ? (
        <div
          data-testid="kernel-profile"
          data-backend={profile.backend}
          data-clock={profile.clock}
          data-kernels={profile.kernels.length}
          data-total-ms={total}
        >
          <p className="hint">
            {profile.modelName} on {profile.backend === 'webgpu' ? 'WebGPU' : 'WASM'}, batch 1, {profile.runs} profiled run(s) after a
            warm-up: {profile.kernels.length} kernels, {total.toFixed(1)} ms of kernel time per run (profiled run{' '}
            {profile.runMsP50.toFixed(1)} ms; the profiler itself adds time).
            {profile.backend === 'webgpu' && profile.clock === 'gpu'
              ? " GPU time of each kernel, from WebGPU timestamp queries; the app's own preprocessing pass is one of the bars."
              : profile.backend === 'webgpu'
                ? ' This adapter has no timestamp-query: these are the times ONNX Runtime measures on the CPU side of each kernel (encoding and submitting it), not GPU time; kernels placed on the CPU provider show where the model leaves the GPU.'
                : ''}
          </p>
          <ResponsiveContainer width="100%" height={40 + top.length * 26}>
            <BarChart data={top} layout="vertical" margin={{ left: 8, right: 24 }}>
              <CartesianGrid horizontal={false} strokeDasharray="3 3" />
              <XAxis type="number" unit=" ms" tickFormatter={(v: number) => v.toFixed(1)} />
              <YAxis type="category" dataKey="node" width={230} tick={{ fontSize: 11 }} />
              <Tooltip
                formatter={(v) => `${Number(v).toFixed(2)} ms per run`}
                labelFormatter={(node) => `${node} (${top.find((k) => k.node === node)?.op ?? ''})`}
              />
              <Bar dataKey="msPerRun" name="ms per run" fill="#3367d6" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
          <table className="kernel-table">
            <tbody>
              {top.map((k) => (
                <tr key={k.node} data-testid="kernel-row" data-node={k.node} data-op={k.op} data-provider={k.provider} data-ms={k.msPerRun}>
                  <td>{k.node}</td>
                  <td>{k.op}</td>
                  <td>{k.provider.replace('ExecutionProvider', '')}</td>
                  <td>{k.msPerRun.toFixed(2)} ms</td>
                  <td>{((k.msPerRun / total) * 100).toFixed(1)}%</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
