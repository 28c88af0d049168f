/**
 * A line-for-line port of OpenCV's rectangle grouping, as DetectNet's DIGITS clustering layer uses it.
 *
 * Sources followed (the code has been the same from OpenCV 2.4 to 4.x):
 *  - `cv::groupRectangles(rectList, groupThreshold, eps, weights, levelWeights)` and `class SimilarRects`
 *    in modules/objdetect/src/cascadedetect.cpp;
 *  - `cv::partition` (a union-find with union by rank and path compression) in
 *    modules/core/include/opencv2/core/operations.hpp (2.4/3.x; `core/private.hpp`-style copies are identical);
 *  - `cvRound` in core/types_c.h (2.4) / core/fast_math.hpp (3.x+), and `saturate_cast<int>(float|double)`,
 *    which is just `cvRound`.
 *
 * OpenCV's `Rect` holds C `int`s, so every coordinate here is an int32 and sums wrap around like
 * two's-complement ints do on the machines DIGITS ran on.
 */

export const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/**
 * `cvRound(double)` as it behaves on x86-64 (`_mm_cvtsd_si32`) and with `lrint` elsewhere: round to the
 * nearest integer, ties to even (2.5 -> 2, 3.5 -> 4, -2.5 -> -2). NaN and results outside int32 give the
 * x86 "integer indefinite" value INT32_MIN, as `_mm_cvtsd_si32` does.
 * `saturate_cast<int>(float)` and `saturate_cast<int>(double)` are both `cvRound` in OpenCV 2.4-4.x (no clamping).
 */
export function cvRound(value: number): number {
  if (Number.isNaN(value)) return INT32_MIN;
  let r = Math.round(value); // ties go towards +Infinity here...
  if (r - value === 0.5 && r % 2 !== 0) r -= 1; // ...so a tie that landed on an odd number goes down to the even one
  if (r > INT32_MAX || r < INT32_MIN) return INT32_MIN;
  return r === 0 ? 0 : r; // no -0
}

/** A cv::Rect: int x, y, width, height. */
export interface CvRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** `std::abs(int)`: |INT_MIN| stays INT_MIN in two's complement. */
function absInt(v: number): number {
  return v === INT32_MIN ? INT32_MIN : Math.abs(v);
}

/**
 * `cv::SimilarRects::operator()`:
 *   delta = eps * (min(w1, w2) + min(h1, h2)) * 0.5
 *   similar iff |x1-x2|, |y1-y2|, |(x1+w1)-(x2+w2)|, |(y1+h1)-(y2+h2)| are all <= delta.
 */
export function similarRects(eps: number): (r1: CvRect, r2: CvRect) => boolean {
  return (r1, r2) => {
    const delta = eps * ((Math.min(r1.width, r2.width) + Math.min(r1.height, r2.height)) | 0) * 0.5;
    return (
      absInt((r1.x - r2.x) | 0) <= delta &&
      absInt((r1.y - r2.y) | 0) <= delta &&
      absInt((((r1.x + r1.width) | 0) - r2.x - r2.width) | 0) <= delta &&
      absInt((((r1.y + r1.height) | 0) - r2.y - r2.height) | 0) <= delta
    );
  };
}

/**
 * `cv::partition`: splits `vec` into equivalence classes (the connected components of `predicate`).
 * Labels are numbered in the order in which each class's first element appears in `vec` (the final
 * pass walks i = 0..N-1 and gives a root the next label the first time it meets it), which is what
 * decides the order of groupRectangles' output. The union-find itself is reproduced step by step
 * (the predicate is called for every ordered pair i != j, as OpenCV does).
 */
export function partition<T>(vec: readonly T[], predicate: (a: T, b: T) => boolean): { labels: number[]; nclasses: number } {
  const N = vec.length;
  const parent = new Int32Array(N).fill(-1);
  const rank = new Int32Array(N);

  for (let i = 0; i < N; i++) {
    let root = i;
    while (parent[root]! >= 0) root = parent[root]!;

    for (let j = 0; j < N; j++) {
      if (i === j || !predicate(vec[i]!, vec[j]!)) continue;
      let root2 = j;
      while (parent[root2]! >= 0) root2 = parent[root2]!;

      if (root2 !== root) {
        // unite both trees
        const rank1 = rank[root]!;
        const rank2 = rank[root2]!;
        if (rank1 > rank2) parent[root2] = root;
        else {
          parent[root] = root2;
          rank[root2] = rank[root2]! + (rank1 === rank2 ? 1 : 0);
          root = root2;
        }

        // compress the path from node2 to root
        let k = j;
        let p: number;
        while ((p = parent[k]!) >= 0) {
          parent[k] = root;
          k = p;
        }
        // compress the path from node to root
        k = i;
        while ((p = parent[k]!) >= 0) {
          parent[k] = root;
          k = p;
        }
      }
    }
  }

  // Final O(N) pass: enumerate classes (OpenCV re-uses the rank slot as ~label)
  const labels = new Array<number>(N);
  let nclasses = 0;
  for (let i = 0; i < N; i++) {
    let root = i;
    while (parent[root]! >= 0) root = parent[root]!;
    if (rank[root]! >= 0) rank[root] = ~nclasses++;
    labels[i] = ~rank[root]!;
  }
  return { labels, nclasses };
}

export interface GroupedRectangles {
  rects: CvRect[];
  /** Number of input rectangles in each output group (OpenCV's `weights` output). */
  weights: number[];
}

/**
 * `cv::groupRectangles(rectList, weights, groupThreshold, eps)` (the overload the Python binding exposes;
 * `levelWeights` is null, so n1 = rweights[i]).
 *
 * - groupThreshold <= 0 (or no rectangles): the input comes back unchanged, every weight 1.
 * - Otherwise: partition with SimilarRects(eps); each class becomes the mean of its members, computed
 *   as `saturate_cast<int>(sum * s)` with `float s = 1.f/count` (an int times a float is a float
 *   product in C++, rounded by cvRound, ties to even);
 * - a class with n1 <= groupThreshold members is dropped;
 * - a class is also dropped when it lies inside another kept-size class r2 (n2 > groupThreshold),
 *   grown by dx = saturate_cast<int>(r2.width * eps), dy = saturate_cast<int>(r2.height * eps),
 *   and `n2 > max(3, n1) || n1 < 3`;
 * - survivors keep class order.
 */
export function groupRectangles(rectList: readonly CvRect[], groupThreshold: number, eps: number): GroupedRectangles {
  if (groupThreshold <= 0 || rectList.length === 0) {
    return { rects: rectList.map((r) => ({ ...r })), weights: rectList.map(() => 1) };
  }

  const { labels, nclasses } = partition(rectList, similarRects(eps));

  const sums: CvRect[] = Array.from({ length: nclasses }, () => ({ x: 0, y: 0, width: 0, height: 0 }));
  const rweights = new Array<number>(nclasses).fill(0);
  for (let i = 0; i < labels.length; i++) {
    const cls = labels[i]!;
    const sum = sums[cls]!;
    const r = rectList[i]!;
    sum.x = (sum.x + r.x) | 0;
    sum.y = (sum.y + r.y) | 0;
    sum.width = (sum.width + r.width) | 0;
    sum.height = (sum.height + r.height) | 0;
    rweights[cls]!++;
  }

  const rrects: CvRect[] = sums.map((r, i) => {
    const s = Math.fround(1 / rweights[i]!); // float s = 1.f/rweights[i];
    // int * float: the int is converted to float, the product is a float (exact in a double, then rounded once).
    const mean = (v: number) => cvRound(Math.fround(Math.fround(v) * s));
    return { x: mean(r.x), y: mean(r.y), width: mean(r.width), height: mean(r.height) };
  });

  const rects: CvRect[] = [];
  const weights: number[] = [];
  for (let i = 0; i < nclasses; i++) {
    const r1 = rrects[i]!;
    const n1 = rweights[i]!;
    if (n1 <= groupThreshold) continue;
    // filter out small face rectangles inside large rectangles
    let j: number;
    for (j = 0; j < nclasses; j++) {
      const n2 = rweights[j]!;
      if (j === i || n2 <= groupThreshold) continue;
      const r2 = rrects[j]!;
      const dx = cvRound(r2.width * eps);
      const dy = cvRound(r2.height * eps);
      if (
        r1.x >= ((r2.x - dx) | 0) &&
        r1.y >= ((r2.y - dy) | 0) &&
        ((r1.x + r1.width) | 0) <= ((r2.x + r2.width + dx) | 0) &&
        ((r1.y + r1.height) | 0) <= ((r2.y + r2.height + dy) | 0) &&
        (n2 > Math.max(3, n1) || n1 < 3)
      ) {
        break;
      }
    }
    if (j === nclasses) {
      rects.push({ ...r1 });
      weights.push(n1);
    }
  }
  return { rects, weights };
}
