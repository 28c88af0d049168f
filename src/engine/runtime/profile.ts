import { AppError } from '../../domain/errors';
import type { KernelTime } from '../../domain/model';

interface TraceEvent {
  cat?: string;
  name?: string;
  dur?: number;
  args?: { op_name?: string; provider?: string };
}

/**
 * ONNX Runtime's profiler writes Chrome trace events; the WASM build prints them to the console
 * (it has no file system to write to). Node events named "<node>_kernel_time" carry each kernel's
 * duration in microseconds. Returns kernels by total time, largest first.
 */
export function kernelTimesFromTrace(lines: readonly string[]): KernelTime[] {
  // The profiler writes one event per line ("{...},"); args may nest (input shapes), so parse lines, not a regex.
  const events: TraceEvent[] = [];
  for (const line of lines.flatMap((l) => l.split('\n'))) {
    const text = line.trim().replace(/,$/, '');
    if (!text.startsWith('{') || !text.includes('"Node"')) continue;
    try {
      events.push(JSON.parse(text) as TraceEvent);
    } catch {
      // not a complete event: skip it
    }
  }
  const byNode = new Map<string, KernelTime>();
  for (const e of events) {
    if (!e.name?.endsWith('_kernel_time') || typeof e.dur !== 'number') continue;
    const node = e.name.slice(0, -'_kernel_time'.length);
    const entry = byNode.get(node) ?? { node, op: e.args?.op_name ?? '?', provider: e.args?.provider ?? '?', totalMs: 0, calls: 0 };
    entry.totalMs += e.dur / 1000;
    entry.calls += 1;
    byNode.set(node, entry);
  }
  if (byNode.size === 0) {
    const sample = lines.slice(0, 2).join(' | ').slice(0, 200);
    throw new AppError(
      'INFERENCE_FAILED',
      `ONNX Runtime printed no kernel timings (${lines.length} lines${sample ? `: ${sample}` : ''}): this build cannot profile`,
    );
  }
  return [...byNode.values()].sort((a, b) => b.totalMs - a.totalMs);
}
