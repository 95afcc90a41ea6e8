// Shared set-up for the consent specs: a real vault in a temp folder with one tenant, hand-written
// connector definitions (marketplace fakes, not the built-in connectors), a movable clock and an
// audit sink that records what it is told.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { ConnectorDefinition } from '../../../connectors/types';
import { resolveConnector } from '../../../main/oauth/resolve';
import type { AppRegistration, ResolvedConnector } from '../../../main/oauth/resolve';
import type { ConsentAuditEvent } from '../../../main/oauth/protocol';
import { TenantsRepo } from '../../../main/repos/tenants';
import { createVault } from '../../../main/vault';
import type { Vault } from '../../../main/vault';

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

/** Runs after the current test, last registered first. */
export function onCleanup(fn: () => void | Promise<void>): void {
  cleanups.push(fn);
}

export interface TestVault {
  readonly vault: Vault;
  readonly dir: string;
  readonly tenantId: string;
  readonly otherTenantId: string;
}

export function openTestVault(): TestVault {
  const root = mkdtempSync(join(tmpdir(), 'fivex-consent-test-'));
  const dir = join(root, 'vault');
  const vault = createVault(dir, { passphrase: 'correct horse battery', scrypt: { N: 2 ** 10, r: 8, p: 1 } });
  onCleanup(() => {
    vault.close();
    rmSync(root, { recursive: true, force: true });
  });
  const tenants = new TenantsRepo(vault.db);
  return { vault, dir, tenantId: tenants.add('Acme Shoes').id, otherTenantId: tenants.add('Other Client').id };
}

/** A movable clock: epoch ms, starting at a fixed instant. */
export function testClock(start = Date.parse('2026-11-27T10:00:00.000Z')): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

export function auditRecorder(): { events: ConsentAuditEvent[]; sink: (e: ConsentAuditEvent) => void } {
  const events: ConsentAuditEvent[] = [];
  return { events, sink: (e) => events.push(e) };
}

const TEXT = { en: 'x', es: 'x' };

/** A plain authorization-code connector; tests override what they exercise. */
export function testConnector(overrides: Partial<ConnectorDefinition> = {}): ConnectorDefinition {
  return {
    id: 'test-market',
    name: 'Test Market',
    source: 'test',
    unconfirmed: [],
    grant: 'authorization_code',
    acceptsImportedRefreshTokens: false,
    environments: ['production'],
    regions: [],
    endpoints: { authorize: 'https://auth.test-market.example/oauth/authorize', token: 'https://auth.test-market.example/oauth/token' },
    params: [],
    connectionSettings: [],
    clientAuth: 'basic',
    pkce: 'required',
    authorize: {},
    callback: { codeParam: 'code', keepParams: [], codeLifetimeSeconds: 300 },
    tokenRequest: { method: 'POST', bodyFormat: 'form' },
    tokenResponse: { expiresFormat: 'duration' },
    tokens: { rotation: 'rotating', accessTtlSeconds: 3600, refreshTtlSeconds: null, refreshIdleTtlSeconds: null, refreshMarginSeconds: 300 },
    consent: { validityDays: null },
    appSecretRotationDays: null,
    redirect: { default: 'loopback', supported: ['loopback', 'relay', 'deeplink'], loopbackPath: '/oauth/callback' },
    scopes: { base: ['orders.read'], listings: ['listings.read'], finance: ['finance.read'] },
    revocation: { method: 'rfc7009' },
    probe: null,
    apiHeaders: {},
    secretApiHeaders: [],
    maxConcurrentRefreshes: 4,
    errorRules: [],
    texts: { connect: TEXT, revokeStops: TEXT, dataRemains: TEXT, reauthorize: TEXT, removeApp: TEXT, reasons: {} },
    hooks: {},
    ...overrides,
  };
}

/** SP-API-shaped: consent page without PKCE, code in spapi_oauth_code, seller id kept. */
export function spApiLikeConnector(): ConnectorDefinition {
  return testConnector({
    id: 'sp-like',
    name: 'SP-like',
    pkce: 'none',
    endpoints: { authorize: 'https://sellercentral.example/apps/authorize/consent', token: 'https://api.example/auth/o2/token' },
    params: [{ name: 'applicationId', description: 'app id', required: true }],
    authorize: { extraParams: { application_id: '{applicationId}' }, omit: ['response_type', 'scope'] },
    callback: { codeParam: 'spapi_oauth_code', keepParams: ['selling_partner_id', 'mws_auth_token'], codeLifetimeSeconds: 300 },
    redirect: { default: 'relay', supported: ['relay', 'loopback'], loopbackPath: '/oauth/callback' },
  });
}

/** Walmart-shaped: camelCase authorize parameters, sellerId kept from the callback. */
export function walmartLikeConnector(): ConnectorDefinition {
  return testConnector({
    id: 'wm-like',
    name: 'WM-like',
    pkce: 'none',
    endpoints: { authorize: 'https://login.wm.example/authorize', token: 'https://api.wm.example/v3/token' },
    authorize: {
      paramNames: { client_id: 'clientId', redirect_uri: 'redirectUri', response_type: 'responseType' },
      extraParams: { clientType: 'seller', nonce: '{nonce}' },
      omit: ['scope'],
    },
    callback: { codeParam: 'code', keepParams: ['sellerId'], codeLifetimeSeconds: 600 },
    redirect: { default: 'relay', supported: ['relay'], loopbackPath: '/oauth/callback' },
  });
}

export function registration(connectorId: string, overrides: Partial<AppRegistration> = {}): AppRegistration {
  return {
    id: `app_${connectorId}`,
    connectorId,
    clientId: 'client-123',
    clientSecret: null,
    clientSecretSetAt: null,
    redirectStrategy: null,
    redirectUri: null,
    endpointOverrides: {},
    params: {},
    brokenReason: null,
    ...overrides,
  };
}

export function resolved(connector: ConnectorDefinition, reg: Partial<AppRegistration> = {}, settings: Record<string, string> = {}): ResolvedConnector {
  return resolveConnector({ connector, registration: registration(connector.id, reg), settings });
}

/** A state that is well formed but was never issued. */
export const FOREIGN_STATE = 'A'.repeat(43);
