import { describe, expect, it } from 'vitest';
import { viewAfterTaskChange, viewForTask, viewFromUrl, viewHref } from './viewRoute';

describe('viewFromUrl', () => {
  it('reads the view from the hash, with or without the slash', () => {
    expect(viewFromUrl('#/detect', '')).toBe('detect');
    expect(viewFromUrl('#benchmark', '?backend=wasm')).toBe('benchmark');
    expect(viewFromUrl('#/models/', '')).toBe('models');
  });
  it('reads ?view= when the hash names no view, and the hash wins over it', () => {
    expect(viewFromUrl('', '?backend=wasm&view=models')).toBe('models');
    expect(viewFromUrl('#/classify', '?view=models')).toBe('classify');
  });
  it('names no view for an empty or unknown one', () => {
    expect(viewFromUrl('', '?backend=wasm')).toBeUndefined();
    expect(viewFromUrl('#/settings', '?view=admin')).toBeUndefined();
  });
  it('round-trips every view through its link', () => {
    for (const view of ['classify', 'detect', 'benchmark', 'models'] as const) expect(viewFromUrl(viewHref(view), '')).toBe(view);
  });
});

describe('views follow the model', () => {
  it('shows a classifier in Classify and a detector in Detect', () => {
    expect(viewForTask('classification')).toBe('classify');
    expect(viewForTask('detectnet')).toBe('detect');
    expect(viewForTask('yolox')).toBe('detect');
  });
  it('moves from Classify to Detect when a detector is picked, and back', () => {
    expect(viewAfterTaskChange('classify', 'classification', 'detectnet')).toBe('detect');
    expect(viewAfterTaskChange('detect', 'yolox', 'classification')).toBe('classify');
  });
  it('stays when the task is unchanged, unknown, or the view works with any model', () => {
    expect(viewAfterTaskChange('detect', 'detectnet', 'yolox')).toBeUndefined();
    expect(viewAfterTaskChange('classify', undefined, 'detectnet')).toBeUndefined();
    expect(viewAfterTaskChange('benchmark', 'classification', 'detectnet')).toBeUndefined();
    expect(viewAfterTaskChange('models', 'classification', 'yolox')).toBeUndefined();
  });
});
