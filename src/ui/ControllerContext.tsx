import { createContext, useContext } from 'react';
import type { BenchController } from '../app/benchController';
import type { Controller } from '../app/controller';
import type { DetectController } from '../app/detectController';
import type { LibraryController } from '../app/libraryController';

export interface Controllers {
  app: Controller;
  detect: DetectController;
  library: LibraryController;
  bench: BenchController;
}

export const ControllerContext = createContext<Controllers | null>(null);

function useControllers(): Controllers {
  const controllers = useContext(ControllerContext);
  if (!controllers) throw new Error('controllers used outside <ControllerContext.Provider>');
  return controllers;
}

export const useController = (): Controller => useControllers().app;
export const useDetectController = (): DetectController => useControllers().detect;
export const useLibraryController = (): LibraryController => useControllers().library;
export const useBenchController = (): BenchController => useControllers().bench;
