/** Milliseconds from performance.now(); every timing in the app is one of these. */
export type Ms = number;

/** Stage timings of one request, each a duration in ms. */
export interface StageTimings {
  decode: Ms;
  preprocess: Ms;
  inference: Ms;
  postprocess: Ms;
}

export const STAGES = ['decode', 'preprocess', 'inference', 'postprocess'] as const satisfies readonly (keyof StageTimings)[];
