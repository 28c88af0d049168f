import { AppError } from '../../domain/errors';
import type { KernelClock, KernelTime } from '../../domain/model';

interface TraceEvent {
  cat?: string;
  name?: string;
  dur?: number;
  args?: { op_name?: string; provider?: string };
}

export interface KernelProfileTrace {
  kernels: KernelTime[];
  clock: KernelClock;
}

/** The trace's events, one per line ("{...},"); args may nest (input shapes), so parse lines, not a regex. */
function traceEvents(lines: readonly string[]): TraceEvent[] {
  const events: TraceEvent[] = [];
  for (const line of lines.flatMap((l) => l.split('\n'))) {
    const text = line.trim().replace(/,$/, '');
    if (!text.startsWith('{') || !(text.includes('"Node"') || text.includes('"Api"'))) continue;
    try {
      events.push(JSON.parse(text) as TraceEvent);
    } catch {
      // not a complete event: skip it
    }
  }
  return events;
}

/** Layout transposes and fused nodes that ORT inserts are named "<node>_token_<n>"; the model's node is the part before. */
const modelNode = (name: string) => name.replace(/_token_\d+$/, '');

function add(byNode: Map<string, KernelTime>, node: string, op: string, provider: string, ms: number): void {
  const entry = byNode.get(node) ?? { node, op, provider, totalMs: 0, calls: 0 };
  entry.totalMs += ms;
  entry.calls += 1;
  byNode.set(node, entry);
}

/**
 * ONNX Runtime's profiler writes Chrome trace events; the WASM build prints them to the console
 * (it has no file system to write to). Two kinds carry kernel times, both in microseconds:
 * - "Node" events named "<node>_kernel_time": the CPU-side time of each kernel (on WebGPU, encoding
 *   and submitting it);
 * - "Api" events named "<node>&<op>&<program>": the GPU time of each WebGPU dispatch, from timestamp
 *   queries, written only when the device has timestamp-query.
 * GPU times are used when present. Returns kernels by total time, largest first.
 */
export function kernelTimesFromTrace(lines: readonly string[]): KernelProfileTrace {
  const events = traceEvents(lines);
  const gpu = new Map<string, KernelTime>();
  const cpu = new Map<string, KernelTime>();
  for (const e of events) {
    if (typeof e.dur !== 'number' || !e.name) continue;
    if (e.cat === 'Api' && e.name.includes('&')) {
      const [node = '', op = '?'] = e.name.split('&');
      add(gpu, modelNode(node), op, 'WebGpuExecutionProvider', e.dur / 1000);
    } else if (e.cat === 'Node' && e.name.endsWith('_kernel_time')) {
      add(cpu, e.name.slice(0, -'_kernel_time'.length), e.args?.op_name ?? '?', e.args?.provider ?? '?', e.dur / 1000);
    }
  }
  const [byNode, clock] = gpu.size > 0 ? [gpu, 'gpu' as const] : [cpu, 'cpu' as const];
  if (byNode.size === 0) {
    const sample = lines.slice(0, 2).join(' | ').slice(0, 200);
    throw new AppError(
      'INFERENCE_FAILED',
      `ONNX Runtime printed no kernel timings (${lines.length} lines${sample ? `: ${sample}` : ''}): this build cannot profile`,
    );
  }
  return { kernels: [...byNode.values()].sort((a, b) => b.totalMs - a.totalMs), clock };
}
