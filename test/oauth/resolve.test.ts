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

describe('template values: where each one comes from, in order', () => {
  const walmart = getBuiltinConnector('walmart')!;
  const wmRegistration = (over: Partial<AppRegistration> = {}): AppRegistration =>
    registration({ id: 'app_wm', connectorId: 'walmart', clientId: 'wm-client', params: { clientType: 'seller', sellerId: 'from-param' }, ...over });

  it('reads {callback.x} only from the kept callback values, never from a param or setting of that name', () => {
    const rc = resolveConnector({ connector: walmart, registration: wmRegistration(), settings: { sellerId: 'from-setting' }, callbackMetadata: { sellerId: '10001234567' } });
    expect(rc.fill('{callback.sellerId}')).toBe('10001234567');
    const without = resolveConnector({ connector: walmart, registration: wmRegistration(), settings: { sellerId: 'from-setting' } });
    expect(() => without.fill('{callback.sellerId}')).toThrow(/consent callback carried no "sellerId"/);
  });

  it('prefers per-request values, then the connection setting, then the app param, then region and client id', () => {
    const sp = getBuiltinConnector('amazon-sp-api')!;
    const rc = resolveConnector({ connector: sp, registration: registration({ params: { applicationId: 'from-param', shared: 'param' } }), region: 'eu', settings: { shared: 'setting' } });
    expect(rc.fill('{shared}')).toBe('setting');
    expect(rc.fill('{shared}', { shared: 'request' })).toBe('request');
    expect(rc.fill('{applicationId}')).toBe('from-param');
    expect(rc.fill('{region}/{clientId}')).toBe('eu/amzn1.application-oa2-client.x');
  });

  it('withCallbackMetadata resolves the same connector again with what the callback kept', () => {
    const rc = resolveConnector({ connector: walmart, registration: wmRegistration({ endpointOverrides: { token: 'http://127.0.0.1:9/v3/token' } }), settings: { s: '1' } });
    const withSeller = rc.withCallbackMetadata({ sellerId: '10001234567' });
    expect(withSeller.fill('{callback.sellerId}')).toBe('10001234567');
    expect(withSeller.callbackMetadata).toEqual({ sellerId: '10001234567' });
    // Everything else is unchanged: overrides, settings, registration.
    expect(withSeller.endpoint('token')!.href).toBe('http://127.0.0.1:9/v3/token');
    expect(withSeller.settings).toEqual({ s: '1' });
    expect(withSeller.registration).toBe(rc.registration);
    // The original is not mutated.
    expect(() => rc.fill('{callback.sellerId}')).toThrow(ConfigError);
  });
});
