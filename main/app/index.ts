// FiveX Connect's Electron main process, read top to bottom in the order things happen (Electron
// Fiddle style): each setupX() is small and lives beside this file; everything the app does is
// plain Node in main/desktop and main/services, so this file only wires Electron to it.
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { app, dialog, safeStorage, session } from 'electron';
import type { BrowserWindow } from 'electron';
import { KeychainAnchorStore } from '../audit/anchor-store';
import { createDesktopApi } from '../desktop/api';
import type { DesktopApi } from '../desktop/api';
import { createCallbackRouter } from '../desktop/callback-router';
import { DeepLinkInbox } from '../desktop/deep-link-inbox';
import { PRODUCT_NAME, appDataDir, defaultVaultDir } from '../paths';
import type { Lang } from '../../preload/contract';
import { APP_ENTRY_URL, appUrlCheck } from './app-origin';
import { registerProtocolClient, setupDeepLinks, setupSingleInstance } from './deep-links';
import type { ProcessInfo } from './deep-links';
import { forwardEvents, registerInvokeHandlers } from './ipc';
import { createDossierPdfSaver } from './dossier-pdf';
import { createSafeStorageKeychain } from './keychain';
import { electronLaunchAtLogin } from './login-item';
import { electronNativeBinding } from './native';
import { noticesFor, showNotice } from './notifications';
import { openExternalSafely } from './open-external';
import { registerAppScheme, serveRenderer } from './protocol';
import { setupTray } from './tray';
import type { TrayHandle } from './tray';
import { createMainWindow, hardenContents, hardenSession } from './window';

const OUT_DIR = join(import.meta.dirname, '..');
const RENDERER_ROOT = join(OUT_DIR, 'renderer');
const PRELOAD_PATH = join(OUT_DIR, 'preload', 'index.cjs');

const log = (line: string): void => console.error(line);
const devServerUrl = app.isPackaged ? null : (process.env.ELECTRON_RENDERER_URL ?? null);
const isAppUrl = appUrlCheck(devServerUrl);
const inbox = new DeepLinkInbox();
let mainWindow: BrowserWindow | null = null;
let desktop: DesktopApi | null = null;
let tray: TrayHandle | null = null;

if (setupSingleInstance(app)) {
  setupAppIdentity();
  setupSecurity();
  setupDeepLinks(app, processInfo(), { inbox, focus: showMainWindow, log });
  setupLifecycle();
  app.whenReady().then(onReady, (err: unknown) => fail(err));
}

function onReady(): void {
  try {
    registerProtocolClient(app, processInfo());
    serveRenderer(RENDERER_ROOT);
    hardenSession(session.defaultSession, { devServer: devServerUrl !== null });
    desktop = setupDesktopApi();
    setupIpc(desktop);
    showMainWindow();
    setupTrayIcon(desktop);
    setupAttention(desktop);
    setupCallbackRouter(desktop);
  } catch (err) {
    fail(err);
  }
}

/** The same folder as the CLI (main/paths.ts): <app data>/FiveX Connect, vault in ./vault. */
function setupAppIdentity(): void {
  app.setName(PRODUCT_NAME);
  app.setPath('userData', appDataDir());
}

function setupSecurity(): void {
  app.enableSandbox();
  registerAppScheme();
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, isAppUrl, log));
}

function setupDesktopApi(): DesktopApi {
  const keychain = createSafeStorageKeychain(safeStorage, { platform: process.platform, isReady: () => app.isReady() });
  const native = electronNativeBinding({
    appRoot: app.getAppPath(),
    isPackaged: app.isPackaged,
    platform: process.platform,
    arch: process.arch,
    abi: process.versions.modules,
  });
  if (native.path === undefined && native.hint !== null) log(`[native] ${native.hint}`);
  // The same wiring as the browser preview (services, background scheduler, change stream,
  // consent); only the host's parts differ.
  const api = createDesktopApi({
    vaultDir: defaultVaultDir(),
    keychain,
    // https, or http on a loopback host (the demo marketplace): URLs built in main only.
    browser: { kind: 'system', open: openExternalSafely },
    launchAtLogin: electronLaunchAtLogin(app, process.platform),
    actor: `os:${osUserName()}`,
    mode: 'desktop',
    version: app.getVersion(),
    // A reply that does not fit its schema is a bug: caught while developing, not paid for in releases.
    validateReplies: !app.isPackaged,
    ...(native.path === undefined ? {} : { nativeBinding: native.path }),
    // A client's access dossier as PDF: a save dialog, then printToPDF in a hidden window.
    saveDossierPdf: (html, suggestedName) => createDossierPdfSaver({ dialog, parent: () => mainWindow })(html, suggestedName),
    // The audit head also lives in the OS keychain, outside the vault folder (a restored copy of
    // the whole folder, sidecar included, then fails audit verify as rolled back). Whether the
    // keychain is available was asked by the unlock that is building these services.
    auditAnchors: (vault) =>
      api.session.keychainInfo().available ? [new KeychainAnchorStore(keychain, join(app.getPath('userData'), 'audit-anchors', `${vault.id}.anchor`))] : [],
    log,
  });
  api.session.tryKeychainUnlock().catch((err: unknown) => {
    // A damaged or newer vault: the unlock screen shows the passphrase path and its error.
    log(`[vault] could not open through the keychain: ${err instanceof Error ? err.name : 'error'}`);
  });
  return api;
}

function setupIpc(api: DesktopApi): void {
  registerInvokeHandlers(api, isAppUrl, log);
  forwardEvents(api, () => mainWindow?.webContents ?? null, isAppUrl);
}

function showMainWindow(): void {
  if (!app.isReady()) return;
  if (mainWindow !== null && !mainWindow.isDestroyed()) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
    return;
  }
  mainWindow = createMainWindow({
    preloadPath: PRELOAD_PATH,
    url: devServerUrl ?? APP_ENTRY_URL,
    devTools: !app.isPackaged,
    icon: join(RENDERER_ROOT, 'icon.png'),
  });
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
}

function setupTrayIcon(api: DesktopApi): void {
  tray = setupTray({
    iconPath: join(RENDERER_ROOT, 'icon.png'),
    lang: systemLang(),
    onOpen: showMainWindow,
    onLock: () => void api.call('vault:lock'),
    onQuit: () => app.quit(),
  });
}

/** The tray count and the notices follow the change stream (no polling). */
function setupAttention(api: DesktopApi): void {
  api.onAttention((update) => {
    tray?.setAttention(update.count);
    for (const notice of noticesFor(update, systemLang())) showNotice(notice, showMainWindow);
  });
}

function setupCallbackRouter(api: DesktopApi): void {
  inbox.ready(
    createCallbackRouter({
      handleConsentCallback: () => api.consentCallbackHandler(),
      onFinished: (result) => {
        api.emit({ channel: 'consent:finished', payload: result });
        // The new or renewed connection reaches the page through the change stream.
        api.checkForChanges();
      },
      focus: showMainWindow,
      log,
    }),
  );
}

function setupLifecycle(): void {
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', showMainWindow);
  // Quitting waits for the vault to close, so the audit anchors written in the background are
  // level with the log: the first will-quit is held back, and the quit goes on once it closed.
  app.on('will-quit', (event) => {
    tray?.destroy();
    const closing = desktop;
    if (closing === null) return;
    desktop = null;
    event.preventDefault();
    void closing.close().finally(() => app.quit());
  });
}

function processInfo(): ProcessInfo {
  return { argv: process.argv, execPath: process.execPath, defaultApp: process.defaultApp === true, platform: process.platform };
}

function systemLang(): Lang {
  return app.getLocale().toLowerCase().startsWith('es') ? 'es' : 'en';
}

function osUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

function fail(err: unknown): void {
  log(`[app] could not start: ${err instanceof Error ? `${err.name}: ${err.message}` : 'unknown error'}`);
  app.exit(1);
}
