// Shared set-up for the desktop specs: throwaway vault folders, cheap scrypt, and a DesktopApi
// through the one wiring the app and the preview use (main/desktop/api.ts over createServices on a
// real vault). Connectors are the real catalog; TestMart, a custom connector file registered the
// way `connector add` does, keeps these specs independent of the built-in definitions.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { createDesktopApi } from '../../main/desktop/api';
import type { DesktopApi, DesktopDeps } from '../../main/desktop/api';
import { NO_LAUNCH_AT_LOGIN } from '../../main/desktop/types';
import type { Services } from '../../main/services';
import type { ScryptParams } from '../../main/vault';
import type { Reply } from '../../preload/contract';

export const TEST_SCRYPT: ScryptParams = { N: 2 ** 10, r: 8, p: 1 };
export const PASSPHRASE = 'correct horse battery';

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  // In order, each awaited: an api closes its vault (and levels its audit anchors) before its folder goes.
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

export function tempVaultDir(): string {
  const root = mkdtempSync(join(tmpdir(), 'fivex-desktop-test-'));
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  return join(root, 'vault');
}

/** A custom connector file (docs/cli-contract.md "Custom connector file"). */
export const TESTMART_FILE = JSON.stringify({
  id: 'testmart',
  name: 'TestMart',
  authorizationEndpoint: 'https://auth.testmart.example/authorize',
  tokenEndpoint: 'https://auth.testmart.example/token',
  revocationEndpoint: 'https://auth.testmart.example/revoke',
  scopes: ['read'],
  pkce: 'S256',
  clientAuth: 'none',
});

/** Registers TestMart on freshly opened services, as `fivex-connect connector add testmart.json` does. */
export function addTestMart(services: Services): void {
  if (services.connectors.get('testmart') === undefined) services.connectors.add(TESTMART_FILE, 'testmart.json');
}

export type TestApiOptions = Partial<DesktopDeps>;

/** A DesktopApi on `dir` through the real wiring, closed after the test. */
export function testApi(dir: string, opts: TestApiOptions = {}): DesktopApi {
  const { onServicesBuilt, ...rest } = opts;
  const api = createDesktopApi({
    vaultDir: dir,
    keychain: null,
    browser: { kind: 'system', open: () => Promise.resolve() },
    launchAtLogin: NO_LAUNCH_AT_LOGIN,
    actor: 'os:tester',
    mode: 'desktop',
    version: '0.0.0-test',
    scrypt: TEST_SCRYPT,
    log: () => undefined,
    onServicesBuilt: (services) => {
      addTestMart(services);
      onServicesBuilt?.(services);
    },
    ...rest,
  });
  cleanups.push(() => api.close());
  return api;
}

/** The value of a successful reply; fails the test with the error otherwise. */
export function valueOf<T>(reply: Reply<T>): T {
  if (!reply.ok) throw new Error(`expected ok, got ${reply.error.code}: ${reply.error.message}`);
  return reply.value;
}

export function errorOf<T>(reply: Reply<T>): { code: string; message: string } {
  if (reply.ok) throw new Error('expected an error reply, got ok');
  return reply.error;
}
