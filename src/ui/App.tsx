import { BenchmarkPanel } from './features/Benchmark/BenchmarkPanel';
import { ClassifyPanel } from './features/Classify/ClassifyPanel';
import { DetectPanel } from './features/Detect/DetectPanel';
import { ModelLibraryPanel } from './features/ModelLibrary/ModelLibraryPanel';
import { ModelPicker } from './features/ModelPicker/ModelPicker';
import { StatusBar } from './features/Status/StatusBar';
import { useAppStore } from '../app/store';

export function App() {
  // The panel follows the model: classifiers take images, detectors take video (the view stays mounted while a model loads).
  const isDetector = useAppStore(
    (s) => (s.models.find((m) => m.id === s.modelId)?.task ?? s.loaded?.manifest.task ?? 'classification') !== 'classification',
  );
  return (
    <main className="app">
      <header>
        <h1>CNN Deploy Lab</h1>
        <p className="tagline">GoogLeNet and DetectNet on your own GPU, in the browser (ONNX Runtime Web: WebGPU, WASM).</p>
        <ModelPicker />
        <StatusBar />
      </header>
      {isDetector ? <DetectPanel /> : <ClassifyPanel />}
      <BenchmarkPanel />
      <ModelLibraryPanel />
    </main>
  );
}
