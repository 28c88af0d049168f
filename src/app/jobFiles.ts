/** What a set of dropped files is: a DIGITS/Caffe job, an ONNX model, or neither (with the reason). */
export type SortedFiles =
  | { kind: 'caffe'; job: { prototxt: File; caffemodels: File[]; mean?: File; labels?: File; name: string } }
  | { kind: 'onnx'; onnx: File; labels?: File }
  | { kind: 'error'; message: string };

const ext = (f: File) => f.name.toLowerCase().split('.').pop() ?? '';

/** DIGITS jobs hold train_val.prototxt, solver.prototxt and deploy.prototxt; only deploy describes inference. */
function pickPrototxt(prototxts: File[]): File | undefined {
  return prototxts.find((f) => /deploy/i.test(f.name)) ?? (prototxts.length === 1 ? prototxts[0] : undefined);
}

export function sortJobFiles(files: readonly File[]): SortedFiles {
  const by = (e: string[]) => files.filter((f) => e.includes(ext(f)));
  const onnx = by(['onnx']);
  const labels = by(['txt']).find((f) => /label/i.test(f.name)) ?? by(['txt'])[0];
  if (onnx.length > 0) return { kind: 'onnx', onnx: onnx[0]!, labels };
  const prototxts = by(['prototxt']);
  const caffemodels = by(['caffemodel']);
  if (prototxts.length === 0 && caffemodels.length === 0) {
    return {
      kind: 'error',
      message: `none of ${files.map((f) => `"${f.name}"`).join(', ')} is a model: drop an .onnx file, or a deploy.prototxt with its .caffemodel`,
    };
  }
  const prototxt = pickPrototxt(prototxts);
  if (!prototxt) {
    return {
      kind: 'error',
      message:
        prototxts.length === 0
          ? 'a .caffemodel needs its deploy.prototxt: drop both together'
          : `several prototxt files (${prototxts.map((f) => f.name).join(', ')}) and none is named deploy: drop only the deploy one`,
    };
  }
  if (caffemodels.length === 0)
    return { kind: 'error', message: `${prototxt.name} needs trained weights: drop a .caffemodel (snapshot_iter_N.caffemodel) with it` };
  const mean = by(['binaryproto', 'npy'])[0];
  const folder = (prototxt as File & { webkitRelativePath?: string }).webkitRelativePath?.split('/')[0];
  return { kind: 'caffe', job: { prototxt, caffemodels, mean, labels, name: folder || prototxt.name.replace(/\.prototxt$/i, '') } };
}

/** snapshot_iter_N.caffemodel, newest (largest N) first; others after, by name. */
export function sortSnapshots(caffemodels: readonly File[]): File[] {
  const iteration = (f: File) => Number(/_iter_(\d+)/.exec(f.name)?.[1] ?? -1);
  return [...caffemodels].sort((a, b) => iteration(b) - iteration(a) || a.name.localeCompare(b.name));
}
