// Shared set-up for the desktop specs on real services: a DesktopApi through the one wiring of the
// app and the preview (createServices on a fresh vault, cheap scrypt, the consent adapter, the
// engine's connections, the scheduler, the change stream), the demo app registered against a
// running demo marketplace, and a record of the events the page would hear. Vaults are removed
// after each test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { DemoMarketplace } from '../../connectors/demo/server';
import { createDesktopApi } from '../../main/desktop/api';
import type { DesktopApi, DesktopDeps } from '../../main/desktop/api';
import type { DesktopEvent } from '../../main/desktop/events';
import { NO_LAUNCH_AT_LOGIN } from '../../main/desktop/types';
import type { Services } from '../../main/services';
import type { ConsentFinished, Reply } from '../../preload/contract';

export const PASSPHRASE = 'correct horse battery';
const TEST_SCRYPT = { N: 2 ** 10, r: 8, p: 1 };

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  // In order, each awaited: an api closes its vault (and levels its audit anchors) before its folder goes.
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

export function valueOf<T>(reply: Reply<T>): T {
  if (!reply.ok) throw new Error(`expected ok, got ${reply.error.code}: ${reply.error.message}`);
  return reply.value;
}

export interface Desk {
  readonly api: DesktopApi;
  readonly opened: URL[];
  readonly events: DesktopEvent[];
  readonly logs: string[];
  readonly tenantId: string;
  services(): Services;
  finished(): ConsentFinished[];
}

export interface DeskOptions {
  readonly strategy?: 'loopback' | 'deeplink';
  readonly preview?: boolean;
  readonly register?: boolean;
  /** Extra wiring options (scheduler tick, watch interval, token client...). */
  readonly deps?: Partial<DesktopDeps>;
}

/** A desktop API over createServices on a fresh vault, with the demo app registered. */
export async function deskOn(demo: DemoMarketplace, opts: DeskOptions = {}): Promise<Desk> {
  const root = mkdtempSync(join(tmpdir(), 'fivex-desktop-consent-'));
  const opened: URL[] = [];
  const events: DesktopEvent[] = [];
  const logs: string[] = [];
  const deps: DesktopDeps = {
    vaultDir: join(root, 'vault'),
    keychain: null,
    launchAtLogin: NO_LAUNCH_AT_LOGIN,
    actor: 'os:tester',
    mode: opts.preview ? 'preview' : 'desktop',
    version: '0.0.0-test',
    scrypt: TEST_SCRYPT,
    log: (line) => void logs.push(line),
    browser: opts.preview
      ? { kind: 'link' }
      : {
          kind: 'system',
          open: (url: URL) => {
            opened.push(url);
            return Promise.resolve();
          },
        },
    ...opts.deps,
  };
  const api = createDesktopApi(deps);
  cleanups.push(async () => {
    await api.close();
    rmSync(root, { recursive: true, force: true });
  });
  api.onEvent((e) => void events.push(e));
  valueOf(await api.call('vault:create', { passphrase: PASSPHRASE, acceptInsecureKeychain: false }));
  const tenantId = valueOf(await api.call('tenants:add', { name: 'Acme Retail' })).id;
  if (opts.register !== false) {
    api.session.services().registrations.set({
      connectorId: 'demo',
      clientId: demo.clientId,
      params: { baseUrl: demo.url },
      ...(opts.strategy ? { redirectStrategy: opts.strategy } : {}),
    });
  }
  return {
    api,
    opened,
    events,
    logs,
    tenantId,
    services: () => api.session.services(),
    finished: () => events.flatMap((e) => (e.channel === 'consent:finished' ? [e.payload] : [])),
  };
}

export async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

