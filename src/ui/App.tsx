import { useEffect, useRef } from 'react';
import { useAppStore, type AppState } from '../app/store';
import type { ModelTask } from '../domain/manifest';
import { NavTabs } from './layout/NavTabs';
import { ModelPicker } from './features/ModelPicker/ModelPicker';
import { StatusBar } from './features/Status/StatusBar';
import { goToView, useUrlView } from './routing/useView';
import { viewAfterTaskChange, viewForTask, type View } from './routing/viewRoute';
import { BenchmarkView } from './views/BenchmarkView';
import { ClassifyView } from './views/ClassifyView';
import { DetectView } from './views/DetectView';
import { ModelsView } from './views/ModelsView';

/** The chosen model's task: known up front for built-in and library models, from the manifest once a URL model has loaded. */
const selectTask = (s: AppState): ModelTask | undefined => s.models.find((m) => m.id === s.modelId)?.task ?? s.loaded?.manifest.task;

const VIEW_COMPONENTS: Record<View, () => React.JSX.Element> = {
  classify: ClassifyView,
  detect: DetectView,
  benchmark: BenchmarkView,
  models: ModelsView,
};

export function App() {
  const task = useAppStore(selectTask);
  // A model from a URL says its task once loaded; until then (or if it fails) the task is unknown.
  const settled = useAppStore((s) => s.status !== 'idle' && s.status !== 'loading');
  const urlView = useUrlView();
  // A URL without a view opens where the model's output is shown, and then says so.
  const view = urlView ?? viewForTask(task ?? 'classification');
  useEffect(() => {
    if (!urlView && (task || settled)) goToView(view, { replace: true });
  }, [urlView, task, settled, view]);

  // A detector picked while on Classify (or a classifier on Detect) moves to the view that shows its output.
  const previousTask = useRef(task);
  useEffect(() => {
    const next = viewAfterTaskChange(view, previousTask.current, task);
    previousTask.current = task ?? previousTask.current;
    if (next) goToView(next, { replace: true });
  }, [task, view]);

  const ViewComponent = VIEW_COMPONENTS[view];
  return (
    <div className="app">
      <header className="topbar">
        <div className="topbar-row">
          <div className="brand">
            <h1>CNN Deploy Lab</h1>
            <p className="tagline">CNNs on your own GPU, in the browser (ONNX Runtime Web: WebGPU, WASM)</p>
          </div>
          <NavTabs current={view} />
        </div>
        <ModelPicker />
        <StatusBar />
      </header>
      {/* Only the current view is mounted: leaving Detect stops its video or webcam, as closing a player would. */}
      <main className="view" data-testid="view" data-view={view} key={view}>
        <ViewComponent />
      </main>
    </div>
  );
}
