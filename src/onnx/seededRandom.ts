// Deterministic random numbers for synthetic weights: the same seed must give byte-identical
// models wherever they are generated, so nothing here touches Math.random. The integer part
// is exact everywhere; Math.log/cos/sin come from V8's fdlibm port, identical in Node and
// Chromium on every platform, and results are rounded to float32 on store.

/** mulberry32: a 32-bit state PRNG, uniform in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over UTF-16 code units, so a tensor's stream depends on its name, not on call order. */
export function hashString(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** Standard normal samples by Box-Muller, both outputs of each pair used. */
export function fillGaussian(out: Float32Array, random: () => number, std: number, mean = 0): Float32Array {
  for (let i = 0; i < out.length; i += 2) {
    // 1 - u keeps the log argument in (0, 1]: u can be 0, never 1.
    const radius = Math.sqrt(-2 * Math.log(1 - random()));
    const angle = 2 * Math.PI * random();
    out[i] = mean + std * radius * Math.cos(angle);
    if (i + 1 < out.length) out[i + 1] = mean + std * radius * Math.sin(angle);
  }
  return out;
}

/** A generator for one named tensor: independent of every other tensor's name. */
export function streamFor(seed: number, tensorName: string): () => number {
  return mulberry32(hashString(tensorName, hashString(String(seed >>> 0))));
}
