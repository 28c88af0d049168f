import { useBenchController } from '../../ControllerContext';
import { useAppStore } from '../../../app/store';

const NAME = { webgpu: 'WebGPU', wasm: 'WASM' } as const;

/** The lab's "we got the same output using both", measured: max |difference| per output and the speed-up. */
export function BackendAgreement() {
  const bench = useBenchController();
  const comparison = useAppStore((s) => s.backendComparison);
  const loaded = useAppStore((s) => s.loaded);
  const busy = useAppStore((s) => s.status !== 'ready');
  const software = useAppStore((s) => s.capabilities?.webgpu.software);
  return (
    <div className="backend-agreement">
      <h3>Same input, both backends</h3>
      <button type="button" data-testid="compare-backends" disabled={!loaded || busy} onClick={() => void bench.compareBackends()}>
        Compare WebGPU and WASM
      </button>
      {comparison ? (
        <p
          data-testid="backend-agreement"
          data-agree={comparison.agree}
          data-max-abs-diff={Math.max(...comparison.outputs.map((o) => o.maxAbsDiff))}
          data-speedup={comparison.ms[1] / comparison.ms[0]}
        >
          {comparison.detail}; max |difference| {comparison.outputs.map((o) => `${o.name} ${o.maxAbsDiff.toExponential(2)}`).join(', ')} ·{' '}
          {NAME[comparison.backends[0]]} {comparison.ms[0].toFixed(1)} ms, {NAME[comparison.backends[1]]} {comparison.ms[1].toFixed(1)} ms
          per image ({(comparison.ms[1] / comparison.ms[0]).toFixed(2)}x)
          {software ? ' · WebGPU here is a software adapter: not GPU timing' : ''}
        </p>
      ) : null}
    </div>
  );
}
