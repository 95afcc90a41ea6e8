// The registry and the `connector list` entry of docs/cli-contract.md.
import { describe, expect, it } from 'vitest';
import { BUILTIN_CONNECTOR_IDS, BUILTIN_CONNECTORS, describeConnector, getBuiltinConnector } from '../../connectors/registry';
import { parseConnectorFile } from '../../connectors/generic/from-file';
import { STANDARD_ENDPOINTS } from '../../connectors/types';

describe('built-in registry', () => {
  it('has exactly one definition per built-in id, under its own id', () => {
    expect(Object.keys(BUILTIN_CONNECTORS).sort()).toEqual([...BUILTIN_CONNECTOR_IDS].sort());
    for (const [key, def] of Object.entries(BUILTIN_CONNECTORS)) expect(def.id).toBe(key);
    expect(BUILTIN_CONNECTOR_IDS).toEqual(expect.arrayContaining(['amazon-sp-api', 'amazon-ads', 'ebay', 'etsy', 'shopify', 'walmart', 'mercado-libre', 'allegro', 'bol-com', 'tiktok-shop', 'zalando', 'generic', 'demo']));
  });

  it('looks connectors up by id and says undefined for others', () => {
    expect(getBuiltinConnector('ebay')?.name).toBe('eBay');
    expect(getBuiltinConnector('acme-market')).toBeUndefined();
    expect(getBuiltinConnector('toString')).toBeUndefined();
  });
});

describe('describeConnector', () => {
  it.each(Object.values(BUILTIN_CONNECTORS).map((d) => [d.id, d] as const))('%s has the connector list shape', (_id, def) => {
    const d = describeConnector(def);
    expect(Object.keys(d).sort()).toEqual(['endpoints', 'grant', 'id', 'name', 'params', 'redirects']);
    expect(d.id).toBe(def.id);
    expect(d.redirects[0]).toBe(def.redirect.default);
    expect([...d.redirects].sort()).toEqual([...def.redirect.supported].sort());
    expect(new Set(d.endpoints).size).toBe(d.endpoints.length);
    // Standard names first, in the contract's order, then the connector's own.
    const standard = d.endpoints.filter((e) => (STANDARD_ENDPOINTS as ReadonlyArray<string>).includes(e));
    expect(d.endpoints.slice(0, standard.length)).toEqual(standard);
    expect(standard).toEqual(STANDARD_ENDPOINTS.filter((e) => standard.includes(e)));
    for (const p of d.params) expect(Object.keys(p).sort()).toEqual(['description', 'name', 'required']);
    expect(JSON.parse(JSON.stringify(d))).toEqual(d);
  });

  it('lists own endpoints after the standard ones (TikTok Shop refresh)', () => {
    expect(describeConnector(BUILTIN_CONNECTORS['tiktok-shop']).endpoints).toEqual(['authorize', 'token', 'probe', 'api', 'refresh']);
  });

  it('lists endpoints from regions and per-setting layers too', () => {
    const sp = describeConnector(BUILTIN_CONNECTORS['amazon-sp-api']);
    expect(sp.endpoints).toEqual(['authorize', 'token', 'probe', 'api']);
    expect(sp.params).toEqual([
      { name: 'applicationId', description: expect.stringContaining('application id') as string, required: true },
      { name: 'version', description: expect.stringContaining('beta') as string, required: false },
    ]);
    expect(sp.grant).toBe('authorization_code');
  });

  it('describes client-credentials connectors with the manual strategy only', () => {
    const zalando = describeConnector(BUILTIN_CONNECTORS.zalando);
    expect(zalando.grant).toBe('client_credentials');
    expect(zalando.redirects).toEqual(['manual']);
  });

  it('lets the generic connector take its endpoints from the registration', () => {
    expect(describeConnector(BUILTIN_CONNECTORS.generic).endpoints).toEqual(['authorize', 'token', 'api']);
    expect(describeConnector(BUILTIN_CONNECTORS.generic).redirects[0]).toBe('loopback');
  });

  it('describes a custom connector from a file', () => {
    const def = parseConnectorFile(
      JSON.stringify({ id: 'acme-market', name: 'Acme Market', authorizationEndpoint: 'https://acme.example/authorize', tokenEndpoint: 'https://acme.example/token', revocationEndpoint: 'https://acme.example/revoke', probe: { url: 'https://acme.example/me', method: 'GET' }, scopes: ['orders.read'], pkce: 'S256', clientAuth: 'basic' }),
      'acme.json',
    );
    expect(describeConnector(def)).toEqual({
      id: 'acme-market',
      name: 'Acme Market',
      grant: 'authorization_code',
      redirects: ['loopback', 'relay', 'deeplink', 'manual'],
      endpoints: ['authorize', 'token', 'revoke', 'probe'],
      params: [],
    });
  });
});
