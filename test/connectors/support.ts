// Helpers for the connector contract tests: a sample app registration per connector (with the
// params each one requires), sample connection settings, and endpoint overrides that send every
// endpoint of a connector to a local fake while keeping the real paths.
import type { ConnectorDefinition, Environment } from '../../connectors/types';
import { resolveConnector } from '../../main/oauth/resolve';
import type { AppRegistration, ResolvedConnector } from '../../main/oauth/resolve';

export const SAMPLE_PARAMS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'amazon-sp-api': { applicationId: 'amzn1.sp.solution.0a1b2c3d-4e5f-6789-abcd-ef0123456789' },
  walmart: { clientType: 'seller' },
  'tiktok-shop': { serviceId: '7123456789012345678' },
  demo: { baseUrl: 'http://127.0.0.1:4680' },
};

export const SAMPLE_SETTINGS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  shopify: { shop: 'acme-store.myshopify.com' },
  'amazon-ads': { profileId: '3456789012' },
};

/** Values the consent callback would have kept (selling_partner_id, sellerId, ...). */
export const SAMPLE_CALLBACK: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'amazon-sp-api': { selling_partner_id: 'A2EUQ1WTGCTBG2' },
  walmart: { sellerId: '10001234567' },
};

export function registration(def: ConnectorDefinition, over: Partial<AppRegistration> = {}): AppRegistration {
  return {
    id: `reg-${def.id}`,
    connectorId: def.id,
    clientId: 'client-id',
    clientSecret: 'client-secret',
    clientSecretSetAt: null,
    redirectStrategy: null,
    redirectUri: null,
    endpointOverrides: {},
    params: SAMPLE_PARAMS[def.id] ?? {},
    brokenReason: null,
    ...over,
  };
}

export function resolveSample(def: ConnectorDefinition, opts: { region?: string | null; environment?: Environment; over?: Partial<AppRegistration>; settings?: Record<string, string> } = {}): ResolvedConnector {
  return resolveConnector({
    connector: def,
    registration: registration(def, opts.over),
    region: opts.region ?? null,
    environment: opts.environment ?? 'production',
    settings: opts.settings ?? SAMPLE_SETTINGS[def.id] ?? {},
    callbackMetadata: SAMPLE_CALLBACK[def.id] ?? {},
  });
}

/** Every endpoint name a connector has anywhere (base, regions, sandbox, per-setting). */
export function endpointNames(def: ConnectorDefinition): string[] {
  const layers = [def.endpoints, ...def.regions.map((r) => r.endpoints), def.sandboxEndpoints ?? {}];
  return [...new Set(layers.flatMap((l) => Object.entries(l).filter(([, v]) => v !== undefined).map(([k]) => k)))];
}

/**
 * Overrides that point each endpoint at `fakeUrl`, keeping the real path and query, so a fake
 * must serve exactly the paths the definition names.
 */
export function overridesToFake(def: ConnectorDefinition, fakeUrl: string, settings: Record<string, string> = SAMPLE_SETTINGS[def.id] ?? {}): Record<string, string> {
  const rc = resolveSample(def, { settings });
  const out: Record<string, string> = {};
  for (const name of endpointNames(def)) {
    const real = rc.endpoint(name);
    if (real) out[name] = `${fakeUrl}${real.pathname}${real.search}`;
  }
  return out;
}
