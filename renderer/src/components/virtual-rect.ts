// The virtualizers' viewport measurement, with a screenful assumed while the scroller has no
// layout yet (the first frame, or jsdom in tests): rows render at once instead of after a
// resize observation, and a 0×0 box never means "show nothing".
import { observeElementRect } from '@tanstack/react-virtual';
import type { Virtualizer } from '@tanstack/react-virtual';

export function observeRectOr(fallback: { readonly width: number; readonly height: number }) {
  return (instance: Virtualizer<HTMLDivElement, Element>, cb: (rect: { width: number; height: number }) => void) =>
    observeElementRect(instance, (rect) => cb(rect.height === 0 ? { ...fallback } : rect));
}
