// The renderer side of the IPC wire: typed invoke and subscribe over Electron's ipcRenderer,
// deriving argument, reply and payload types from preload/contract.ts. The only preload module
// that touches ipcRenderer (lint enforces it).
import { ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import type { BridgeTransport, EventChannel, EventPayload, InvokeChannel, InvokeParams, InvokeReply } from './contract';

/** Never rejects: a refused or broken call becomes an 'internal' reply the UI can show. */
export function invoke<C extends InvokeChannel>(channel: C, ...args: InvokeParams<C>): Promise<InvokeReply<C>> {
  // One argument (or none) per channel: main refuses anything else.
  return (ipcRenderer.invoke(channel, ...args) as Promise<InvokeReply<C>>).catch(
    (): InvokeReply<C> => ({ ok: false, error: { code: 'internal', message: 'FiveX Connect did not answer this request.' } }),
  );
}

/** Listens to one main → renderer event; the returned function removes exactly this listener. */
export function subscribe<E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  // The Electron event (with its sender) never reaches the page: only the payload does.
  const wrapped = (_event: IpcRendererEvent, payload: EventPayload<E>): void => listener(payload);
  ipcRenderer.on(event, wrapped);
  return () => {
    ipcRenderer.removeListener(event, wrapped);
  };
}

export const ipcTransport: BridgeTransport = { invoke, subscribe };
