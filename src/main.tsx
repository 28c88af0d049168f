import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { ControllerContext } from './app/ControllerContext';
import { createController } from './app/controller';
import { useAppStore } from './app/store';
import './app/app.css';

const controller = createController(useAppStore);
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ControllerContext.Provider value={controller}>
      <App />
    </ControllerContext.Provider>
  </StrictMode>,
);
void controller.init();
