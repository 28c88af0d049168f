import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { ControllerContext } from './app/ControllerContext';
import { createController } from './app/controller';
import { createDetectController } from './app/detectController';
import { useAppStore } from './app/store';
import { createWorkerHandle } from './worker/startWorker';
import './app/app.css';

const worker = createWorkerHandle();
const controllers = { app: createController(useAppStore, worker), detect: createDetectController(useAppStore, worker) };
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ControllerContext.Provider value={controllers}>
      <App />
    </ControllerContext.Provider>
  </StrictMode>,
);
void controllers.app.init();
