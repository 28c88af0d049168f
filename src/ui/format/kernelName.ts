// ONNX Runtime renames nodes it rewrites while optimizing the graph: a layer split, fused or
// given a layout transform comes back as "inception_3a/pool_token_36" or "conv1/7x7_s2_nchwc".
// The layer name the user knows (as in the Caffe prototxt) is the part before those suffixes;
// the full name stays available (a tooltip) because it is what ORT's own logs show.

const ORT_SUFFIXES = [/_token_\d+$/, /_nchwc$/i];

export function cleanKernelName(node: string): string {
  let name = node;
  for (let changed = true; changed;) {
    changed = false;
    for (const suffix of ORT_SUFFIXES) {
      const next = name.replace(suffix, '');
      if (next !== name && next !== '') {
        name = next;
        changed = true;
      }
    }
  }
  return name;
}
