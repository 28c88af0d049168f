// Where the user is: one view per workflow, named in the URL so a reload or a shared link lands
// on the same view. The hash (#/detect) is what the app writes; ?view=detect is read too, so a
// link can be written either way, and both leave the other parameters (?backend=, ?model=) alone.
import type { ModelTask } from '../../domain/manifest';

export const VIEWS = ['classify', 'detect', 'benchmark', 'models'] as const;
export type View = (typeof VIEWS)[number];

export const VIEW_TITLES: Record<View, string> = {
  classify: 'Classify',
  detect: 'Detect',
  benchmark: 'Benchmark',
  models: 'Models',
};

const isView = (value: string | null | undefined): value is View => VIEWS.includes(value as View);

/** The view a URL names: the hash first (#/detect or #detect), then ?view=; undefined when it names none. */
export function viewFromUrl(hash: string, search: string): View | undefined {
  const fromHash = /^#\/?([a-z]+)\/?$/.exec(hash)?.[1];
  if (isView(fromHash)) return fromHash;
  const fromQuery = new URLSearchParams(search).get('view');
  return isView(fromQuery) ? fromQuery : undefined;
}

export const viewHref = (view: View): string => `#/${view}`;

/** The view where a model's output is shown: images for a classifier, video for a detector. */
export const viewForTask = (task: ModelTask): View => (task === 'classification' ? 'classify' : 'detect');

/**
 * After the model's task changed (a detector picked while on Classify, or the reverse), the
 * view that shows that model's output; undefined when the current view should stay.
 * Benchmark and Models work with any model, so they never move.
 */
export function viewAfterTaskChange(current: View, previousTask: ModelTask | undefined, task: ModelTask | undefined): View | undefined {
  if (!previousTask || !task || previousTask === task) return undefined;
  if (current !== 'classify' && current !== 'detect') return undefined;
  const wanted = viewForTask(task);
  return wanted === current ? undefined : wanted;
}
