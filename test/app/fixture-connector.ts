// A complete connector definition for desktop specs, independent of the built-in registry: an
// authorization-code marketplace with two regions and a reason text of its own.
import type { ConnectorDefinition } from '../../connectors/types';

const t = (en: string, es: string) => ({ en, es });

export function fixtureConnector(overrides: Partial<ConnectorDefinition> = {}): ConnectorDefinition {
  return {
    id: 'testmart',
    name: 'TestMart',
    source: 'test fixture',
    unconfirmed: [],
    grant: 'authorization_code',
    acceptsImportedRefreshTokens: false,
    environments: ['production'],
    regions: [
      { id: 'eu', label: t('Europe', 'Europa'), endpoints: {} },
      { id: 'na', label: t('North America', 'Norteamérica'), endpoints: {} },
    ],
    endpoints: { authorize: 'https://auth.testmart.example/authorize', token: 'https://auth.testmart.example/token' },
    params: [],
    connectionSettings: [],
    clientAuth: 'none',
    pkce: 'required',
    authorize: {},
    callback: { codeParam: 'code', keepParams: [], codeLifetimeSeconds: 60 },
    tokenRequest: { method: 'POST', bodyFormat: 'form' },
    tokenResponse: { expiresFormat: 'duration' },
    tokens: { rotation: 'rotating', accessTtlSeconds: 3600, refreshTtlSeconds: null, refreshIdleTtlSeconds: null, refreshMarginSeconds: 300 },
    consent: { validityDays: 365 },
    appSecretRotationDays: null,
    redirect: { default: 'loopback', supported: ['loopback'], loopbackPath: '/callback/testmart' },
    scopes: { base: ['read'] },
    revocation: { method: 'rfc7009' },
    probe: null,
    apiHeaders: {},
    secretApiHeaders: [],
    maxConcurrentRefreshes: 1,
    errorRules: [],
    texts: {
      connect: t('The seller signs in to TestMart and approves read access.', 'El vendedor entra en TestMart y aprueba el acceso de lectura.'),
      revokeStops: t('Revoking stops reads.', 'Revocar detiene las lecturas.'),
      dataRemains: t('Past reports remain.', 'Los informes pasados se conservan.'),
      reauthorize: t('Sign in again.', 'Vuelva a entrar.'),
      removeApp: t('Settings → Apps.', 'Ajustes → Aplicaciones.'),
      reasons: { seller_suspended: t('The TestMart seller account is suspended.', 'La cuenta de vendedor de TestMart está suspendida.') },
    },
    hooks: {},
    ...overrides,
  };
}
