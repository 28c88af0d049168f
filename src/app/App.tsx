import { ClassifyPanel } from '../features/Classify/ClassifyPanel';
import { ModelPicker } from '../features/ModelPicker/ModelPicker';
import { StatusBar } from '../features/Status/StatusBar';

export function App() {
  return (
    <main className="app">
      <header>
        <h1>CNN Deploy Lab</h1>
        <p className="tagline">GoogLeNet and DetectNet on your own GPU, in the browser (ONNX Runtime Web: WebGPU, WASM).</p>
        <ModelPicker />
        <StatusBar />
      </header>
      <ClassifyPanel />
    </main>
  );
}
