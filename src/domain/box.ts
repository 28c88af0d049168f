/** An axis-aligned rectangle; (x2, y2) is the far corner, not a size. */
export interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** A detected object: its box, a score, and for multi-class detectors (YOLOX) the class index. */
export interface Detection extends Box {
  score: number;
  classIndex?: number;
}
