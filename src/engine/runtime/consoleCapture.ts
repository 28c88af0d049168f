/**
 * ONNX Runtime's WASM build binds console.log/console.error once, when its module starts, and
 * prints profiler traces through them. Wrapping both before ORT starts lets a caller collect
 * what ORT prints during one call (capture) while everything else passes through unchanged.
 */
let sink: string[] | undefined;

export function installConsoleCapture(): void {
  for (const level of ['log', 'error'] as const) {
    const original = console[level].bind(console);
    console[level] = (...args: unknown[]) => {
      if (sink) sink.push(args.map(String).join(' '));
      else original(...args);
    };
  }
}

export function captureConsole<T>(fn: () => T): { value: T; lines: string[] } {
  const lines: string[] = [];
  sink = lines;
  try {
    return { value: fn(), lines };
  } finally {
    sink = undefined;
  }
}
