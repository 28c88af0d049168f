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
    <section className="panel backend-agreement" aria-labelledby="agreement-title">
      <h2 id="agreement-title">Same input, both backends</h2>
      <p className="hint">
        One input through WebGPU and WASM: the largest difference of every output (a few 1e-6 is rounding; more means a backend computes
        something else) and the time per image on each.
      </p>
      <button
        type="button"
        className="primary"
        data-testid="compare-backends"
        disabled={!loaded || busy}
        onClick={() => void bench.compareBackends()}
      >
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
          per image ({NAME[comparison.backends[1]]} takes {(comparison.ms[1] / comparison.ms[0]).toFixed(2)}x the time of{' '}
          {NAME[comparison.backends[0]]}){software ? ' · WebGPU here is a software adapter: not GPU timing' : ''}
        </p>
      ) : null}
    </section>
  );
}
