// Endpoint resolution: region (any case), per-connection choices such as the Seller Central
// country, sandbox, and the agency's overrides, which win over everything.
import { describe, expect, it } from 'vitest';
import { getBuiltinConnector } from '../../connectors/registry';
import { ConfigError, resolveConnector, type AppRegistration } from '../../main/oauth/resolve';

const registration = (overrides: Partial<AppRegistration> = {}): AppRegistration => ({
  id: 'app_1', connectorId: 'amazon-sp-api', clientId: 'amzn1.application-oa2-client.x', clientSecret: 's', clientSecretSetAt: null,
  redirectStrategy: null, redirectUri: null, endpointOverrides: {}, params: { applicationId: 'amzn1.sp.solution.x' }, brokenReason: null, ...overrides,
});

describe('resolveConnector', () => {
  const sp = getBuiltinConnector('amazon-sp-api')!;

  it('takes the region in any case and refuses an unknown one, naming the choices', () => {
    const eu = resolveConnector({ connector: sp, registration: registration(), region: 'EU' });
    expect(eu.region).toBe('eu');
    expect(() => resolveConnector({ connector: sp, registration: registration(), region: 'mars' })).toThrow(ConfigError);
    expect(() => resolveConnector({ connector: sp, registration: registration(), region: 'mars' })).toThrow(/na, eu, fe/);
  });

  it("opens consent on the seller's Seller Central country when the connection says which", () => {
    const regionDefault = resolveConnector({ connector: sp, registration: registration(), region: 'eu' }).endpoint('authorize')!;
    const country = Object.keys(sp.connectionSettings.find((s) => s.name === 'country')!.endpointsByChoice!).find((c) => c !== 'uk' && c !== 'de')!;
    const local = resolveConnector({ connector: sp, registration: registration(), region: 'eu', settings: { country } }).endpoint('authorize')!;
    expect(local.host).not.toBe('');
    expect(local.pathname).toBe(regionDefault.pathname);
    const hosts = new Set(Object.values(sp.connectionSettings.find((s) => s.name === 'country')!.endpointsByChoice!).map((l) => new URL(l.authorize!.replace(/\{[^}]+\}/g, 'x')).host));
    expect(hosts.size).toBeGreaterThan(1);
    expect(hosts.has(local.host)).toBe(true);
  });

  it("lets the agency's override win, and refuses plain http off loopback", () => {
    const rc = resolveConnector({ connector: sp, registration: registration({ endpointOverrides: { token: 'http://127.0.0.1:8080/token' } }), region: 'na' });
    expect(rc.endpoint('token')!.href).toBe('http://127.0.0.1:8080/token');
    const bad = resolveConnector({ connector: sp, registration: registration({ endpointOverrides: { token: 'http://proxy.example/token' } }), region: 'na' });
    expect(() => bad.endpoint('token')).toThrow(/https/);
  });
});
