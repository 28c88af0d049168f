import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import { ControllerContext } from './ui/ControllerContext';
import { createBenchController } from './app/benchController';
import { createController } from './app/controller';
import { installDebugBridge } from './app/debugBridge';
import { createDetectController } from './app/detectController';
import { createLibraryController } from './app/libraryController';
import { startMemoryMonitor } from './app/memoryMonitor';
import { useAppStore } from './app/store';
import { createWorkerHandle } from './bridge/workerHandle';
import './ui/app.css';

const worker = createWorkerHandle();
const app = createController(useAppStore, worker);
installDebugBridge(worker, location.search);
const controllers = {
  app,
  detect: createDetectController(useAppStore, worker),
  library: createLibraryController(useAppStore, worker, app),
  bench: createBenchController(useAppStore, worker, app),
};
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ControllerContext.Provider value={controllers}>
      <App />
    </ControllerContext.Provider>
  </StrictMode>,
);
worker.onRestart((cause) => void app.recoverFromCrash(cause));
void controllers.app.init();
startMemoryMonitor(useAppStore, worker);
