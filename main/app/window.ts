// The main window and the hardening every web contents gets (R24): context isolation, sandbox,
// no Node, no webviews, no popups, no navigation away from the app, every permission denied,
// downloads refused, and the CSP on every response.
import { BrowserWindow } from 'electron';
import type { Session, WebContents, WebPreferences } from 'electron';
import { securityHeaders } from '../desktop/csp';
import type { AppUrlCheck } from './app-origin';

export function hardenedWebPreferences(preloadPath: string, opts: { readonly devTools: boolean }): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    devTools: opts.devTools,
  };
}

/** Applied to every web contents the app creates (app 'web-contents-created'). */
export function hardenContents(contents: WebContents, isAppUrl: AppUrlCheck, log: (line: string) => void): void {
  contents.setWindowOpenHandler(() => {
    log('[window] refused to open a new window');
    return { action: 'deny' };
  });
  const blockForeign = (event: { preventDefault(): void; url: string }): void => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    log('[window] blocked a navigation away from the app');
  };
  contents.on('will-navigate', blockForeign);
  contents.on('will-frame-navigate', blockForeign);
  contents.on('will-redirect', blockForeign);
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('[window] refused a <webview>');
  });
}

/** Denies every permission, blocks downloads, and sets the security headers. */
export function hardenSession(ses: Session, opts: { readonly devServer: boolean }): void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.on('will-download', (event) => event.preventDefault());
  // The dev server's React refresh preamble is an inline module script and HMR uses a websocket:
  // only an unpackaged dev run relaxes exactly those two.
  const headers = securityHeaders(opts.devServer ? { connectSrc: ['ws://localhost:*', 'ws://127.0.0.1:*'] } : {});
  const csp = opts.devServer
    ? (headers['Content-Security-Policy'] ?? '').replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
    : headers['Content-Security-Policy'];
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp ?? ''] } });
  });
}

export interface MainWindowOptions {
  readonly preloadPath: string;
  readonly url: string;
  readonly devTools: boolean;
  readonly icon?: string;
}

export function createMainWindow(opts: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'FiveX Connect',
    autoHideMenuBar: true,
    backgroundColor: '#f7f7f5',
    ...(opts.icon === undefined ? {} : { icon: opts.icon }),
    webPreferences: hardenedWebPreferences(opts.preloadPath, { devTools: opts.devTools }),
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(opts.url);
  return win;
}
