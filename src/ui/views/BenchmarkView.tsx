import { BackendAgreement } from '../features/Benchmark/BackendAgreement';
import { BenchmarkPanel } from '../features/Benchmark/BenchmarkPanel';
import { KernelProfile } from '../features/Benchmark/KernelProfile';
import { RunList } from '../features/Benchmark/RunList';
import { ViewIntro } from '../layout/ViewIntro';

export function BenchmarkView() {
  return (
    <>
      <ViewIntro>
        Benchmark: measure the loaded model on the chosen backend. The sweep shows what the batch size does to the time per batch, the time
        per frame and the throughput; compare runs side by side, check that WebGPU and WASM give the same output, and see which layers take
        the time.
      </ViewIntro>
      <BenchmarkPanel />
      <BackendAgreement />
      <KernelProfile />
      <RunList />
    </>
  );
}
