import { useSyncExternalStore } from 'react';
import { viewFromUrl, viewHref, type View } from './viewRoute';

// The URL is the one place the current view is kept: no copy in the store that could disagree with it.
function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  window.addEventListener('popstate', onChange);
  return () => {
    window.removeEventListener('hashchange', onChange);
    window.removeEventListener('popstate', onChange);
  };
}

const currentUrl = () => `${location.search}${location.hash}`;

/** The view the URL names, or undefined when it names none (the app then shows the loaded model's view). */
export function useUrlView(): View | undefined {
  const url = useSyncExternalStore(subscribe, currentUrl);
  const hashAt = url.indexOf('#');
  return hashAt < 0 ? viewFromUrl('', url) : viewFromUrl(url.slice(hashAt), url.slice(0, hashAt));
}

/**
 * Goes to a view by changing the hash only (?backend= and ?model= stay). `replace` is for moves
 * the app makes on its own (a detector picked on Classify), which Back should not undo one by one.
 */
export function goToView(view: View, { replace = false } = {}): void {
  const href = viewHref(view);
  if (location.hash === href) return;
  if (!replace) {
    location.hash = href;
    return;
  }
  history.replaceState(history.state, '', `${location.pathname}${location.search}${href}`);
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}
