// Shared set-up for refresh and health specs: a real vault in a temp folder, a tenant and an app
// registration stored through their repositories, the real token client, and the credential
// engine over them, with audit events and log lines collected so specs can look for secrets.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConnectorDefinition } from '../../../connectors/types';
import { createTokenClient } from '../../../main/oauth/token-client';
import type { TokenClient, TokenSet } from '../../../main/oauth/token-types';
import { AppRegistrationsRepo } from '../../../main/repos/app-registrations';
import { TenantsRepo } from '../../../main/repos/tenants';
import { createCredentialEngine } from '../../../main/refresh';
import type { AuditEvent, CredentialEngine, EngineOptions, NewConnectionInput } from '../../../main/refresh';
import type { ConnectionView } from '../../../main/repos/connections';
import { createVault, openVault } from '../../../main/vault';
import type { Vault } from '../../../main/vault/types';
import { testConnector } from '../../oauth/token/fixtures';
import type { ConnectorOverrides } from '../../oauth/token/fixtures';
import { engineRepos } from './engine-repos';

export const PASSPHRASE = 'correct horse battery';
export const TEST_SCRYPT = { N: 2 ** 10, r: 8, p: 1 } as const;

/** Fast options for specs: short leases, tiny backoff. */
export const FAST_OPTIONS: EngineOptions = {
  lease: { ttlMs: 2_000, pollMs: 10, waitMs: 5_000 },
  backoff: { baseMs: 1_000, maxMs: 10_000 },
  webhookTimeoutMs: 500,
};

export interface HarnessOptions {
  readonly connector: ConnectorDefinition;
  readonly clientId: string;
  readonly clientSecret: string | null;
  readonly clock?: () => number;
  readonly random?: () => number;
  readonly options?: EngineOptions;
  readonly tokenClient?: TokenClient;
  readonly audit?: (e: AuditEvent) => void | Promise<void>;
  readonly fetch?: typeof fetch;
}

export interface Harness {
  readonly dir: string;
  readonly vault: Vault;
  readonly engine: CredentialEngine;
  readonly connectors: Map<string, ConnectorDefinition>;
  readonly registrations: AppRegistrationsRepo;
  readonly tenants: TenantsRepo;
  readonly tenantId: string;
  readonly audits: AuditEvent[];
  readonly logs: string[];
  readonly tokenClient: TokenClient;
  connect(tokens: TokenSet, input?: Partial<NewConnectionInput>): ConnectionView;
  addTenant(name: string): string;
  close(): void;
}

export function tempDir(prefix = 'fivex-refresh-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function createHarness(opts: HarnessOptions): Harness {
  const root = tempDir();
  const dir = join(root, 'vault');
  const vault = createVault(dir, { passphrase: PASSPHRASE, scrypt: TEST_SCRYPT });
  return harnessOn(vault, root, opts, true);
}

/** A second engine on the same vault file, as another process would have (own connection, own maps). */
export function reopen(h: Harness, opts: HarnessOptions): Harness {
  const vault = openVault(h.dir, { passphrase: PASSPHRASE });
  return harnessOn(vault, h.dir, opts, false, h.tenantId);
}

function harnessOn(vault: Vault, root: string, opts: HarnessOptions, seed: boolean, tenantId?: string): Harness {
  const connectors = new Map<string, ConnectorDefinition>([[opts.connector.id, opts.connector]]);
  const registrations = new AppRegistrationsRepo(vault);
  const tenants = new TenantsRepo(vault.db);
  if (seed) {
    registrations.set({ connectorId: opts.connector.id, clientId: opts.clientId, ...(opts.clientSecret === null ? {} : { clientSecret: opts.clientSecret }) });
  }
  const tenant = tenantId ?? tenants.add('Acme Shoes').id;
  const audits: AuditEvent[] = [];
  const logs: string[] = [];
  const tokenClient = opts.tokenClient ?? createTokenClient({ timeoutMs: 5_000 });
  const engine = createCredentialEngine({
    vault,
    repos: engineRepos(vault),
    tokenClient,
    connectors: (id) => connectors.get(id),
    registrations: (id) => registrations.get(id),
    audit: opts.audit ?? ((e) => void audits.push(e)),
    log: (line) => void logs.push(line),
    options: opts.options ?? FAST_OPTIONS,
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.random ? { random: opts.random } : {}),
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  });
  return {
    dir: vault.dir,
    vault,
    engine,
    connectors,
    registrations,
    tenants,
    tenantId: tenant,
    audits,
    logs,
    tokenClient,
    connect(tokens, input = {}) {
      return engine.store.createConnectionWithGrant({
        tenantId: tenant,
        connectorId: opts.connector.id,
        account: 'Main store',
        tokens,
        ...input,
      });
    },
    addTenant: (name) => tenants.add(name).id,
    close() {
      vault.close();
      if (seed) rmSync(root, { recursive: true, force: true });
    },
  };
}

/** A connector pointing at the given endpoints (fixtures' generic OAuth 2.0 test connector). */
export function connectorAt(endpoints: { token: string; revoke: string; api: string; authorize: string }, overrides: ConnectorOverrides = {}): ConnectorDefinition {
  return testConnector({
    endpoints: { authorize: endpoints.authorize, token: endpoints.token, revoke: endpoints.revoke, api: endpoints.api },
    clientAuth: 'basic',
    ...overrides,
  });
}

export function tokenSet(opts: Partial<TokenSet> & { readonly expiresInSec?: number } = {}): TokenSet {
  const { expiresInSec, ...rest } = opts;
  return {
    accessToken: `AT-initial-${Math.random().toString(36).slice(2)}`,
    refreshToken: `RT-initial-${Math.random().toString(36).slice(2)}`,
    tokenType: 'bearer',
    accessExpiresAt: new Date(Date.now() + (expiresInSec ?? 3600) * 1000),
    refreshExpiresAt: null,
    scopes: null,
    extra: {},
    ...rest,
  };
}

/** Everything the engine said out loud: log lines, audit events and the error messages given. */
export function spoken(h: Harness, extra: ReadonlyArray<string> = []): string {
  return [...h.logs, ...h.audits.map((a) => JSON.stringify(a)), ...extra].join('\n');
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
