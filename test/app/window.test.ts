// main/app/window.ts and main/app/open-external.ts with a mocked electron: the window's web
// preferences are hardened, popups are denied, navigation away from the app is blocked, every
// permission request is refused, and only https URLs built in main reach shell.openExternal.
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { APP_ENTRY_URL, appUrlCheck } from '../../main/app/app-origin';

const created: Array<{ options: Record<string, unknown>; loadURL: ReturnType<typeof vi.fn> }> = [];
const openExternal = vi.fn((_url: string, _opts?: unknown) => Promise.resolve());

vi.mock('electron', () => ({
  BrowserWindow: class {
    loadURL = vi.fn(() => Promise.resolve());
    once = vi.fn();
    constructor(options: Record<string, unknown>) {
      created.push({ options, loadURL: this.loadURL });
    }
  },
  shell: { openExternal: (url: string, opts?: unknown) => openExternal(url, opts) },
}));

const { createMainWindow, hardenContents, hardenSession, hardenedWebPreferences } = await import('../../main/app/window');
const { checkExternalUrl, openExternalSafely } = await import('../../main/app/open-external');

const isAppUrl = appUrlCheck(null);

class FakeContents extends EventEmitter {
  windowOpenHandler: (() => { action: string }) | null = null;
  setWindowOpenHandler(handler: () => { action: string }): void {
    this.windowOpenHandler = handler;
  }
}

function navigation(url: string) {
  return { url, preventDefault: vi.fn() };
}

describe('main window', () => {
  it('is created with isolated, sandboxed, Node-free web preferences and loads the app URL', () => {
    createMainWindow({ preloadPath: '/app/out/preload/index.cjs', url: APP_ENTRY_URL, devTools: false });
    const { options, loadURL } = created.at(-1)!;
    expect(options.webPreferences).toEqual(hardenedWebPreferences('/app/out/preload/index.cjs', { devTools: false }));
    expect(options.webPreferences).toMatchObject({
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
      devTools: false,
    });
    expect(options.webPreferences).not.toHaveProperty('enableBlinkFeatures');
    expect(options.webPreferences).not.toHaveProperty('preload', expect.stringMatching(/\.mjs$/));
    expect(loadURL).toHaveBeenCalledWith(APP_ENTRY_URL);
  });
});

describe('web contents hardening', () => {
  it('denies window.open and blocks navigation, redirects and frames leaving the app (T19)', () => {
    const contents = new FakeContents();
    const log = vi.fn();
    hardenContents(contents as never, isAppUrl, log);
    expect(contents.windowOpenHandler?.()).toEqual({ action: 'deny' });

    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      const away = navigation('https://evil.example/phish');
      contents.emit(event, away);
      expect(away.preventDefault).toHaveBeenCalled();
      const home = navigation('fivex-app://ui/index.html');
      contents.emit(event, home);
      expect(home.preventDefault).not.toHaveBeenCalled();
    }
    const file = navigation('file:///etc/passwd');
    contents.emit('will-navigate', file);
    expect(file.preventDefault).toHaveBeenCalled();

    const webview = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();
  });

  it('refuses every permission and download, and sets a CSP without inline script', () => {
    const session = Object.assign(new EventEmitter(), {
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
      setDevicePermissionHandler: vi.fn(),
      webRequest: { onHeadersReceived: vi.fn() },
    });
    hardenSession(session as never, { devServer: false });

    const request = session.setPermissionRequestHandler.mock.calls[0]![0] as (c: unknown, p: string, cb: (ok: boolean) => void) => void;
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn();
      request({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
    }
    expect((session.setPermissionCheckHandler.mock.calls[0]![0] as () => boolean)()).toBe(false);
    expect((session.setDevicePermissionHandler.mock.calls[0]![0] as () => boolean)()).toBe(false);

    const download = { preventDefault: vi.fn() };
    session.emit('will-download', download);
    expect(download.preventDefault).toHaveBeenCalled();

    const onHeaders = session.webRequest.onHeadersReceived.mock.calls[0]![0] as (d: unknown, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void;
    let csp = '';
    onHeaders({ responseHeaders: {} }, (r) => {
      csp = r.responseHeaders['Content-Security-Policy']?.[0] ?? '';
    });
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
  });
});

describe('opening URLs outside the app (R27, T13)', () => {
  it('opens https URLs re-serialised', async () => {
    await openExternalSafely(new URL('https://sellercentral.amazon.com/apps/authorize/consent?application_id=a b'));
    expect(openExternal).toHaveBeenCalledWith('https://sellercentral.amazon.com/apps/authorize/consent?application_id=a%20b', { activate: true });
  });

  it('opens http only on a loopback host (the demo marketplace, local sandboxes)', async () => {
    await openExternalSafely(new URL('http://127.0.0.1:4680/oauth/authorize?client_id=demo&state=s'));
    expect(openExternal).toHaveBeenLastCalledWith('http://127.0.0.1:4680/oauth/authorize?client_id=demo&state=s', { activate: true });
    expect(checkExternalUrl(new URL('http://[::1]:8080/authorize'))).toBe('http://[::1]:8080/authorize');
    expect(checkExternalUrl(new URL('http://localhost:8080/authorize'))).toBe('http://localhost:8080/authorize');
  });

  it.each(['http://127.0.0.1.evil.example/', 'http://localhost.evil.example/', 'http://0x7f000001.example/', 'http://user:pw@127.0.0.1:4680/', 'https://user:pw@127.0.0.1/'])(
    'refuses the look-alike %s',
    (url) => {
      expect(() => checkExternalUrl(new URL(url))).toThrow(/Refused to open a URL/);
    },
  );

  it.each(['http://example.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'ms-settings:privacy', 'fivex-connect://oauth/callback', 'https://user:pw@example.com/'])(
    'refuses %s',
    (url) => {
      expect(() => checkExternalUrl(new URL(url))).toThrow(/Refused to open a URL/);
    },
  );
});
