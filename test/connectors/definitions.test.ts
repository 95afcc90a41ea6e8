// Contract checks every built-in definition must pass: endpoints resolve for each region and
// environment with templates filled and https only, templates name only values that exist,
// texts exist in English and Spanish for every reason, and the parts agree with each other.
import { describe, expect, it } from 'vitest';
import { COMMON_REASON_CODES } from '../../connectors/common-texts';
import { BUILTIN_CONNECTORS } from '../../connectors/registry';
import { checkConnectionSettings, settingEndpointLayers } from '../../connectors/settings';
import { PURPOSES, REDIRECT_STRATEGIES } from '../../connectors/types';
import type { ConnectorDefinition, Environment, Localized } from '../../connectors/types';
import { resolveConnector } from '../../main/oauth/resolve';
import { endpointNames, registration, resolveSample, SAMPLE_CALLBACK, SAMPLE_PARAMS, SAMPLE_SETTINGS } from './support';

const all: ConnectorDefinition[] = Object.values(BUILTIN_CONNECTORS);
const marketplaces = all.filter((d) => d.id !== 'generic' && d.id !== 'demo');
const cases = all.map((d) => [d.id, d] as const);

/** Template names the engine fills itself, per place. */
const ENGINE_VALUES = ['region', 'clientId'];
const PER_REQUEST = ['uuid', 'nonce'];
const API_VALUES = ['accessToken', 'clientSecret'];

function templateNames(s: string): string[] {
  return [...s.matchAll(/\{([a-zA-Z0-9_.]+)\}/g)].map((m) => m[1]!);
}

function expectLocalized(text: Localized | undefined, what: string): void {
  expect(text, what).toBeDefined();
  expect(text!.en.trim().length, `${what} (en)`).toBeGreaterThan(20);
  expect(text!.es.trim().length, `${what} (es)`).toBeGreaterThan(20);
  expect(text!.es, `${what}: the Spanish text is not a copy of the English one`).not.toBe(text!.en);
}

describe.each(cases)('%s definition', (id, def) => {
  const regions = def.regions.length > 0 ? def.regions.map((r) => r.id) : [null];
  const combos = regions.flatMap((region) => def.environments.map((env) => [region, env] as const));

  it.each(combos)('resolves every endpoint for region %s / %s with templates filled and https only', (region, environment: Environment) => {
    const names = endpointNames(def);
    if (def.id === 'generic') {
      // The generic connector's endpoints come from the registration only.
      expect(names).toEqual([]);
      return;
    }
    expect(names.length).toBeGreaterThan(0);
    const rc = resolveSample(def, { region, environment });
    for (const name of names) {
      const url = rc.requireEndpoint(name);
      expect(url.href, `${name} has an unfilled template`).not.toMatch(/[{}]|%7B|%7D/i);
      if (def.id === 'demo') expect(url.origin).toBe('http://127.0.0.1:4680');
      else expect(url.protocol, `${name} must be https`).toBe('https:');
    }
    if (def.grant === 'authorization_code') expect(rc.endpoint('authorize')).not.toBeNull();
    expect(rc.endpoint('token')).not.toBeNull();
    if (def.probe) expect(rc.endpoint(def.probe.endpoint) ?? rc.endpoint('api')).not.toBeNull();
  });

  it('names only values that exist in its templates', () => {
    const params = def.params.map((p) => p.name);
    const settings = def.connectionSettings.map((s) => s.name);
    const callback = def.callback.keepParams.map((k) => `callback.${k}`);
    const known = (extra: string[]) => new Set([...params, ...settings, ...ENGINE_VALUES, ...extra]);
    const check = (templates: Readonly<Record<string, string | undefined>>, allowed: Set<string>, where: string) => {
      for (const [key, t] of Object.entries(templates)) {
        for (const name of templateNames(t ?? '')) expect(allowed.has(name), `${where}.${key} uses {${name}}`).toBe(true);
      }
    };
    const layers = [def.endpoints, ...def.regions.map((r) => r.endpoints), def.sandboxEndpoints ?? {}];
    for (const l of layers) check(l, known([]), 'endpoints');
    check(def.authorize.extraParams ?? {}, known(PER_REQUEST), 'authorize.extraParams');
    check(def.authorize.optionalParams ?? {}, known(PER_REQUEST), 'authorize.optionalParams');
    check(def.tokenRequest.extraParams ?? {}, known(PER_REQUEST), 'tokenRequest.extraParams');
    check(def.tokenRequest.headers ?? {}, known([...PER_REQUEST, ...callback]), 'tokenRequest.headers');
    check(def.apiHeaders, known([...PER_REQUEST, ...callback, ...API_VALUES]), 'apiHeaders');
  });

  it('keeps app-registration secrets in declared secret headers only', () => {
    const headerNames = Object.keys(def.apiHeaders).map((h) => h.toLowerCase());
    for (const h of def.secretApiHeaders) expect(headerNames).toContain(h.toLowerCase());
    for (const h of def.optionalApiHeaders ?? []) expect(headerNames).toContain(h.toLowerCase());
    for (const [name, t] of Object.entries(def.apiHeaders)) {
      if (t.includes('{clientSecret}')) expect(def.secretApiHeaders.map((h) => h.toLowerCase())).toContain(name.toLowerCase());
    }
    for (const t of Object.values(def.tokenRequest.headers ?? {})) expect(t).not.toContain('{clientSecret}');
  });

  it('has consistent redirect, grant, scope, probe and lifetime settings', () => {
    expect(REDIRECT_STRATEGIES).toContain(def.redirect.default);
    expect(def.redirect.supported).toContain(def.redirect.default);
    for (const s of def.redirect.supported) expect(REDIRECT_STRATEGIES).toContain(s);
    expect(def.redirect.loopbackPath).toMatch(/^\/[a-z0-9/_-]*$/);
    if (def.redirect.supported.includes('manual') && def.grant === 'authorization_code') expect(def.acceptsImportedRefreshTokens).toBe(true);
    if (def.grant === 'client_credentials') expect(def.redirect.supported).toEqual(['manual']);
    for (const key of Object.keys(def.scopes)) expect(['base', ...PURPOSES]).toContain(key);
    // 0 = "a response without expires_in never expires": only where legacy tokens exist.
    if (def.tokens.accessTtlSeconds === 0) expect(def.consent.deadline?.appliesWhen).toBe('non_expiring_token');
    else expect(def.tokens.refreshMarginSeconds).toBeLessThan(def.tokens.accessTtlSeconds);
    expect(def.tokens.accessTtlSeconds).toBeGreaterThanOrEqual(0);
    expect(def.maxConcurrentRefreshes).toBeGreaterThanOrEqual(1);
    if (def.revocation.method === 'custom') expect(def.hooks.revoke).toBeTypeOf('function');
    if (def.revocation.method === 'rfc7009') expect(endpointNames(def)).toContain('revoke');
    if (def.probe) {
      expect(def.probe.ratePerSecond).toBeGreaterThan(0);
      expect(def.probe.burst).toBeGreaterThanOrEqual(1);
      expect(def.probe.intervalSeconds).toBeGreaterThanOrEqual(60);
    }
    if (def.tokenResponse.errorCodePath) expect(def.tokenResponse.successCode).toBeDefined();
  });

  it('has support texts in English and Spanish for every how-to and every reason it can give', () => {
    for (const key of ['connect', 'revokeStops', 'dataRemains', 'reauthorize', 'removeApp'] as const) expectLocalized(def.texts[key], key);
    const reasons = new Set<string>([...COMMON_REASON_CODES, ...def.errorRules.map((r) => r.reason)]);
    for (const reason of reasons) expectLocalized(def.texts.reasons[reason], `reason ${reason}`);
    if (def.consent.deadline) expectLocalized(def.consent.deadline.why, 'consent deadline');
    for (const r of def.regions) {
      expect(r.label.en.trim(), `region ${r.id} label (en)`).not.toBe('');
      expect(r.label.es.trim(), `region ${r.id} label (es)`).not.toBe('');
    }
  });

  it('declares sample values for what it requires (so these tests exercise it)', () => {
    for (const p of def.params.filter((x) => x.required)) {
      const value = SAMPLE_PARAMS[def.id]?.[p.name];
      expect(value, `sample for param ${p.name}`).toBeDefined();
      if (p.pattern) expect(value).toMatch(new RegExp(p.pattern));
    }
    expect(checkConnectionSettings(def, SAMPLE_SETTINGS[def.id] ?? {})).toEqual([]);
    for (const name of def.callback.keepParams) {
      if (def.tokenRequest.headers && Object.values(def.tokenRequest.headers).some((t) => t.includes(`{callback.${name}}`))) {
        expect(SAMPLE_CALLBACK[def.id]?.[name], `sample callback ${name}`).toBeDefined();
      }
    }
  });
});

describe.each(marketplaces.map((d) => [d.id, d] as const))('%s provenance', (_id, def) => {
  it('cites its section of docs/marketplaces.md and lists what is unconfirmed', () => {
    expect(def.source).toMatch(/^docs\/marketplaces\.md §2\.\d+ /);
    expect(def.unconfirmed.length).toBeGreaterThan(0);
    for (const fact of def.unconfirmed) expect(fact.trim().length).toBeGreaterThan(10);
  });
});

describe('per-connection settings', () => {
  const sp = BUILTIN_CONNECTORS['amazon-sp-api'];
  const meli = BUILTIN_CONNECTORS['mercado-libre'];

  it.each([
    ['DE', 'sellercentral-europe.amazon.com'],
    ['JP', 'sellercentral.amazon.co.jp'],
    ['MX', 'sellercentral.amazon.com.mx'],
  ])('SP-API country %s opens consent on %s', (country, host) => {
    const layers = settingEndpointLayers(sp, { country });
    expect(layers).toHaveLength(1);
    const rc = resolveConnector({ connector: sp, registration: registration(sp, { endpointOverrides: { authorize: layers[0]!.authorize! } }), settings: { country } });
    expect(rc.requireEndpoint('authorize').href).toBe(`https://${host}/apps/authorize/consent`);
  });

  it('every SP-API and Mercado Libre country choice has its own consent host', () => {
    for (const def of [sp, meli]) {
      const setting = def.connectionSettings.find((s) => s.name === 'country')!;
      for (const choice of setting.choices!) expect(setting.endpointsByChoice?.[choice]?.authorize, `${def.id} ${choice}`).toMatch(/^https:\/\/[a-z.-]+\//);
    }
  });

  it('refuses settings that are unknown, off-pattern or not a choice, naming each', () => {
    const shopify = BUILTIN_CONNECTORS.shopify;
    expect(checkConnectionSettings(shopify, {})).toEqual([expect.stringContaining('"shop"')]);
    expect(checkConnectionSettings(shopify, { shop: 'https://acme.com' })[0]).toContain('myshopify.com');
    expect(checkConnectionSettings(sp, { country: 'XX' })[0]).toContain('must be one of');
    expect(checkConnectionSettings(sp, { contry: 'DE' })[0]).toContain('no connection setting "contry"');
  });

  it('resolves a region the connector does not have to a clear error', () => {
    expect(() => resolveSample(sp, { region: 'moon' })).toThrow(/no region "moon"; use one of: na, eu, fe/);
  });
});
