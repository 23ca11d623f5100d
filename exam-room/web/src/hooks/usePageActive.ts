import { useSyncExternalStore } from 'react';

/** Whether the user is looking at the page: the tab is visible and the window has the focus. */
export function isPageActive(): boolean {
  if (typeof document === 'undefined') return true;
  if (document.visibilityState === 'hidden') return false;
  return typeof document.hasFocus === 'function' ? document.hasFocus() : true;
}

/** Calls `listener` on visibilitychange, focus and blur. */
export function subscribePageActive(listener: () => void): () => void {
  if (typeof window === 'undefined') return () => {};
  document.addEventListener('visibilitychange', listener);
  window.addEventListener('focus', listener);
  window.addEventListener('blur', listener);
  return () => {
    document.removeEventListener('visibilitychange', listener);
    window.removeEventListener('focus', listener);
    window.removeEventListener('blur', listener);
  };
}

export function usePageActive(): boolean {
  return useSyncExternalStore(subscribePageActive, isPageActive, () => true);
}
