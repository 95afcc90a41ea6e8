// The single-instance lock and fivex-connect:// delivery (R18–R21): the OS hands a link to the
// first instance through open-url (macOS, possibly before ready), second-instance argv
// (Windows/Linux) or the cold-start argv. Every path ends in the DeepLinkInbox, which queues until
// the router is attached. In argv, exactly one argument may look like our scheme (R20); on Windows
// the registration puts a marker switch before "%1", and a link without it is not taken.
import { resolve } from 'node:path';
import type { App } from 'electron';
import type { DeepLinkInbox } from '../desktop/deep-link-inbox';
import { DEEP_LINK_SCHEME, findDeepLinkInArgv } from '../oauth/protocol/deeplink';

type AppLike = Pick<App, 'on' | 'requestSingleInstanceLock' | 'quit' | 'setAsDefaultProtocolClient'>;

/** false: another instance runs; this one quits and its argv goes there as second-instance. */
export function setupSingleInstance(app: AppLike): boolean {
  if (app.requestSingleInstanceLock()) return true;
  app.quit();
  return false;
}

export interface ProcessInfo {
  readonly argv: ReadonlyArray<string>;
  readonly execPath: string;
  /** process.defaultApp: started as `electron path/to/app` (dev), not as the packaged binary. */
  readonly defaultApp: boolean;
  readonly platform: NodeJS.Platform;
}

/**
 * The switch the Windows registration passes before the link ("app.exe --fivex-deep-link %1"):
 * a fivex-connect: argument typed on a command line, or smuggled in by another program starting
 * the app, comes without it and is ignored.
 */
export const DEEP_LINK_MARKER = '--fivex-deep-link';

/**
 * Registers the scheme with the OS where the app can do it itself (Windows, macOS at runtime;
 * Linux relies on the .desktop file electron-builder writes). In a dev run the app's path must
 * follow the executable, or the OS would start a bare Electron.
 */
export function registerProtocolClient(app: AppLike, proc: ProcessInfo): boolean {
  const marker = proc.platform === 'win32' ? [DEEP_LINK_MARKER] : [];
  if (proc.defaultApp) {
    const entry = proc.argv[1];
    return entry === undefined ? false : app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, proc.execPath, [resolve(entry), ...marker]);
  }
  return marker.length === 0 ? app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME) : app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, proc.execPath, marker);
}

/** The link in a launch argv, or null; refusals are logged without the argv itself. */
export function deepLinkFromArgv(argv: ReadonlyArray<string>, platform: NodeJS.Platform, log: (line: string) => void): string | null {
  const found = findDeepLinkInArgv(argv, platform === 'win32' ? { marker: DEEP_LINK_MARKER } : {});
  if (found.ok) return found.url;
  if (found.reason !== 'none') log(`[deep-link] ${found.message}`);
  return null;
}

export interface DeepLinkWiring {
  readonly inbox: DeepLinkInbox;
  /** Shows the existing window when a second instance starts. */
  readonly focus: () => void;
  readonly log: (line: string) => void;
}

/** Call synchronously at startup, before `ready`: open-url can fire before it (R19). */
export function setupDeepLinks(app: AppLike, proc: ProcessInfo, wiring: DeepLinkWiring): void {
  app.on('open-url', (event, url) => {
    event.preventDefault();
    wiring.inbox.deliver(url);
  });
  app.on('second-instance', (_event, argv) => {
    wiring.focus();
    // argv is empty when the second instance ran as another user (R20, T10): nothing to do.
    const url = deepLinkFromArgv(argv, proc.platform, wiring.log);
    if (url !== null) wiring.inbox.deliver(url);
  });
  const coldStart = deepLinkFromArgv(proc.argv, proc.platform, wiring.log);
  if (coldStart !== null) wiring.inbox.deliver(coldStart);
}
