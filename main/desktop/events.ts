// The main → renderer event hub of the desktop API: handlers and watchers emit typed events here;
// the Electron IPC layer and the preview server each forward them to their renderer.
import type { EventChannel, EventPayload } from '../../preload/contract';

export type DesktopEvent = { readonly [E in EventChannel]: { readonly channel: E; readonly payload: EventPayload<E> } }[EventChannel];

export type DesktopEventListener = (event: DesktopEvent) => void;

export class EventHub {
  readonly #listeners = new Set<DesktopEventListener>();

  on(listener: DesktopEventListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  emit(event: DesktopEvent): void {
    // A failing listener (a closed window) must not keep the others from hearing the event.
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch {
        // ignored on purpose: delivery is best effort, the renderer re-reads on focus
      }
    }
  }
}
