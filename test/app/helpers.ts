// Shared set-up for the desktop specs: throwaway vault folders, cheap scrypt, and a DesktopApi
// over a real vault whose services are the real repos (tenants, audit, connections) plus a
// connector list of fixtures, so these specs do not depend on the built-in registry.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { ConnectorDefinition } from '../../connectors/types';
import { AuditLog } from '../../main/audit/audit-log';
import { createDesktopApi } from '../../main/desktop/api';
import type { DesktopApi, DesktopConsent, DesktopDeps, DesktopServices } from '../../main/desktop/api';
import { TenantsRepo } from '../../main/repos/tenants';
import type { KeychainProtector, ScryptParams, Vault } from '../../main/vault';
import type { Reply } from '../../preload/contract';
import { fixtureConnector } from './fixture-connector';

export const TEST_SCRYPT: ScryptParams = { N: 2 ** 10, r: 8, p: 1 };
export const PASSPHRASE = 'correct horse battery';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

export function tempVaultDir(): string {
  const root = mkdtempSync(join(tmpdir(), 'fivex-desktop-test-'));
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  return join(root, 'vault');
}

export const FIXTURE_CONNECTORS: ReadonlyArray<ConnectorDefinition> = [
  fixtureConnector(),
  fixtureConnector({ id: 'ownmart', name: 'OwnMart', grant: 'client_credentials', regions: [] }),
];

export function testServices(vault: Vault): DesktopServices {
  return {
    vault,
    tenants: new TenantsRepo(vault.db),
    connectors: { list: () => FIXTURE_CONNECTORS, get: (id) => FIXTURE_CONNECTORS.find((c) => c.id === id) },
    audit: new AuditLog(vault),
  };
}

export interface TestApiOptions extends Partial<Omit<DesktopDeps<DesktopServices>, 'vaultDir' | 'consentFor'>> {
  /** The consent use case, as the composition root would plug it in. */
  readonly consent?: DesktopConsent;
}

/** A DesktopApi on `dir`, closed after the test. */
export function testApi(dir: string, opts: TestApiOptions = {}): DesktopApi {
  const { consent, ...deps } = opts;
  const api = createDesktopApi<DesktopServices>({
    vaultDir: dir,
    keychain: null as KeychainProtector | null,
    buildServices: (vault) => testServices(vault),
    ...(consent === undefined ? {} : { consentFor: () => consent }),
    actor: 'os:tester',
    mode: 'desktop',
    version: '0.0.0-test',
    scrypt: TEST_SCRYPT,
    log: () => undefined,
    ...deps,
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
