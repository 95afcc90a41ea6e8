// The main → renderer event hub of the desktop API: the change feed, the vault session and the
// consent use case emit typed events here; the Electron IPC layer and the preview server each
// forward them to their renderer, and the tray listens too.
import { Emitter } from '../health/emitter';
import type { EventChannel, EventPayload } from '../../preload/contract';

export type DesktopEvent = { readonly [E in EventChannel]: { readonly channel: E; readonly payload: EventPayload<E> } }[EventChannel];

export type DesktopEventListener = (event: DesktopEvent) => void;

export class EventHub extends Emitter<DesktopEvent> {}
