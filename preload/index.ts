// The preload: exposes `window.fivex` (preload/api.ts over Electron IPC) to the sandboxed,
// context-isolated page. Nothing else crosses: no ipcRenderer, no require, no process.
import { contextBridge } from 'electron';
import { createFivexApi } from './api';
import { ipcTransport } from './ipc';

export const api = createFivexApi(ipcTransport);

contextBridge.exposeInMainWorld('fivex', api);
