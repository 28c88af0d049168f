// ONNX graphs are single-assignment; Caffe layers often write a blob again (in-place ReLU,
// BatchNorm, Scale: top == bottom). This plans one tensor name per write so that
// - a blob written once keeps its Caffe name;
// - a blob written several times keeps its name on its first write (the conv's output), and
//   later writes are named after the layer (`conv1/relu_7x7`), as the built-in graphs do;
// - except for network outputs: there the LAST write gets the blob's name, so the ONNX outputs
//   are called what Caffe calls them (`prob`, `coverage`) even after an in-place layer;
// - graph inputs (fixed writes) always keep the blob's name.
// Names made from layer names never take a blob's name and get `_2`, `_3` on a clash.

export interface BlobWrite {
  /** The writing layer's name. */
  readonly layer: string;
  readonly blob: string;
  /** The layer writes several tops: its name alone would not tell them apart. */
  readonly multiTop?: boolean;
  /** Must be named `blob` (a graph input). */
  readonly fixed?: boolean;
}

/** One tensor name per entry of `writes` (in order). */
export function planTensorNames(writes: readonly BlobWrite[], outputs: ReadonlySet<string>): string[] {
  const total = new Map<string, number>();
  const hasFixed = new Set<string>();
  for (const w of writes) {
    total.set(w.blob, (total.get(w.blob) ?? 0) + 1);
    if (w.fixed) hasFixed.add(w.blob);
  }
  const reserved = new Set(total.keys());
  const used = new Set<string>();
  const seen = new Map<string, number>();

  const unique = (base: string): string => {
    let name = base;
    for (let i = 2; reserved.has(name) || used.has(name); i++) name = `${base}_${i}`;
    return name;
  };

  return writes.map((w) => {
    const k = (seen.get(w.blob) ?? 0) + 1;
    seen.set(w.blob, k);
    const n = total.get(w.blob) as number;
    const designated = hasFixed.has(w.blob) ? w.fixed === true : outputs.has(w.blob) ? k === n : k === 1;
    const name = designated ? w.blob : unique(w.multiTop ? `${w.layer}/${w.blob}` : w.layer);
    used.add(name);
    return name;
  });
}
