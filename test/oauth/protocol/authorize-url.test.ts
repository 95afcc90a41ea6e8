// The authorization request URL for each connector shape: standard, SP-API-like, Walmart-like.
import { describe, expect, it } from 'vitest';
import { buildAuthorizeUrl, createPkcePair, createState } from '../../../main/oauth/protocol';
import { ConfigError } from '../../../main/oauth/resolve';
import { resolved, spApiLikeConnector, testConnector, walmartLikeConnector } from './support';

const REDIRECT = 'http://127.0.0.1:49152/oauth/callback';

function pairs(url: URL): Array<[string, string]> {
  return [...url.searchParams];
}

describe('buildAuthorizeUrl', () => {
  it('sends the standard parameters, scopes for the purposes and an S256 challenge', () => {
    const rc = resolved(testConnector());
    const pkce = createPkcePair();
    const state = createState();
    const url = buildAuthorizeUrl({ rc, redirectUri: REDIRECT, state, codeChallenge: pkce.challenge, purposes: ['listings', 'finance'] });
    expect(url.origin + url.pathname).toBe('https://auth.test-market.example/oauth/authorize');
    const q = url.searchParams;
    expect(q.get('response_type')).toBe('code');
    expect(q.get('client_id')).toBe('client-123');
    expect(q.get('redirect_uri')).toBe(REDIRECT);
    expect(q.get('scope')).toBe('orders.read listings.read finance.read');
    expect(q.get('state')).toBe(state);
    expect(q.get('code_challenge')).toBe(pkce.challenge);
    expect(q.get('code_challenge_method')).toBe('S256');
    // Names appear once each.
    const names = pairs(url).map(([n]) => n);
    expect(new Set(names).size).toBe(names.length);
  });

  it('asks only for base scopes when no purpose is chosen, with the connector separator', () => {
    const rc = resolved(testConnector({ authorize: { scopeSeparator: ',' }, scopes: { base: ['a', 'b'], reporting: ['b', 'c'] } }));
    const url = buildAuthorizeUrl({ rc, redirectUri: REDIRECT, state: createState(), codeChallenge: createPkcePair().challenge, purposes: [] });
    expect(url.searchParams.get('scope')).toBe('a,b');
    const withReporting = buildAuthorizeUrl({ rc, redirectUri: REDIRECT, state: createState(), codeChallenge: createPkcePair().challenge, purposes: ['reporting'] });
    expect(withReporting.searchParams.get('scope')).toBe('a,b,c');
  });

  it('sends PKCE for "supported" too, and refuses to build without a challenge (T14)', () => {
    const rc = resolved(testConnector({ pkce: 'supported' }));
    const url = buildAuthorizeUrl({ rc, redirectUri: REDIRECT, state: createState(), codeChallenge: createPkcePair().challenge, purposes: [] });
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(() => buildAuthorizeUrl({ rc, redirectUri: REDIRECT, state: createState(), codeChallenge: null, purposes: [] })).toThrow(ConfigError);
  });

  it('sends no challenge to a connector without PKCE', () => {
    const rc = resolved(spApiLikeConnector(), { params: { applicationId: 'amzn1.sp.solution.abc' } });
    const url = buildAuthorizeUrl({ rc, redirectUri: 'https://agency.example/relay', state: createState(), codeChallenge: 'ignored', purposes: ['reporting'] });
    expect(url.searchParams.has('code_challenge')).toBe(false);
    expect(url.searchParams.has('code_challenge_method')).toBe(false);
  });

  it('fills SP-API-like extra parameters and omits response_type and scope', () => {
    const rc = resolved(spApiLikeConnector(), { params: { applicationId: 'amzn1.sp.solution.abc' } });
    const state = createState();
    const url = buildAuthorizeUrl({ rc, redirectUri: 'https://agency.example/relay', state, codeChallenge: null, purposes: ['reporting'] });
    expect(url.searchParams.get('application_id')).toBe('amzn1.sp.solution.abc');
    expect(url.searchParams.has('response_type')).toBe(false);
    expect(url.searchParams.has('scope')).toBe(false);
    expect(url.searchParams.get('state')).toBe(state);
    expect(url.searchParams.get('redirect_uri')).toBe('https://agency.example/relay');
  });

  it('leaves out client_id when omitted and sends optional parameters only when they can be filled', () => {
    const shape = { omit: ['response_type', 'scope', 'client_id'] as const, extraParams: { application_id: '{applicationId}' }, optionalParams: { version: '{version}' } };
    const connector = { ...spApiLikeConnector(), authorize: { ...shape, omit: [...shape.omit] } };
    const draft = resolved(connector, { params: { applicationId: 'app-1', version: 'beta' } });
    const url = buildAuthorizeUrl({ rc: draft, redirectUri: 'https://agency.example/relay', state: createState(), codeChallenge: null, purposes: [] });
    expect(url.searchParams.has('client_id')).toBe(false);
    expect(url.searchParams.get('version')).toBe('beta');
    const published = resolved(connector, { params: { applicationId: 'app-1' } });
    const plain = buildAuthorizeUrl({ rc: published, redirectUri: 'https://agency.example/relay', state: createState(), codeChallenge: null, purposes: [] });
    expect(plain.searchParams.has('version')).toBe(false);
    expect(plain.searchParams.get('application_id')).toBe('app-1');
  });

  it('names an unfilled template and how to set it', () => {
    const rc = resolved(spApiLikeConnector());
    expect(() => buildAuthorizeUrl({ rc, redirectUri: 'https://agency.example/relay', state: createState(), codeChallenge: null, purposes: [] })).toThrow(
      /applicationId.*--param applicationId=/,
    );
  });

  it('renames parameters for Walmart-like connectors and sends a fresh nonce', () => {
    const rc = resolved(walmartLikeConnector());
    const a = buildAuthorizeUrl({ rc, redirectUri: 'https://agency.example/relay', state: createState(), codeChallenge: null, purposes: [] });
    const b = buildAuthorizeUrl({ rc, redirectUri: 'https://agency.example/relay', state: createState(), codeChallenge: null, purposes: [] });
    expect(a.searchParams.get('responseType')).toBe('code');
    expect(a.searchParams.get('clientId')).toBe('client-123');
    expect(a.searchParams.get('redirectUri')).toBe('https://agency.example/relay');
    expect(a.searchParams.get('clientType')).toBe('seller');
    for (const standard of ['response_type', 'client_id', 'redirect_uri', 'scope']) expect(a.searchParams.has(standard)).toBe(false);
    expect(a.searchParams.get('nonce')).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(a.searchParams.get('nonce')).not.toBe(b.searchParams.get('nonce'));
  });

  it('refuses an extra parameter that would repeat state or the challenge', () => {
    const rc = resolved(testConnector({ authorize: { extraParams: { state: 'fixed' } } }));
    expect(() => buildAuthorizeUrl({ rc, redirectUri: REDIRECT, state: createState(), codeChallenge: createPkcePair().challenge, purposes: [] })).toThrow(
      /"state" twice/,
    );
    const overridden = resolved(testConnector(), { endpointOverrides: { authorize: 'https://sandbox.example/authorize?code_challenge_method=plain' } });
    expect(() =>
      buildAuthorizeUrl({ rc: overridden, redirectUri: REDIRECT, state: createState(), codeChallenge: createPkcePair().challenge, purposes: [] }),
    ).toThrow(/"code_challenge_method" twice/);
  });

  it('keeps fixed query parameters of an endpoint override (e.g. version=beta)', () => {
    const rc = resolved(testConnector(), { endpointOverrides: { authorize: 'https://sandbox.example/authorize?version=beta' } });
    const url = buildAuthorizeUrl({ rc, redirectUri: REDIRECT, state: createState(), codeChallenge: createPkcePair().challenge, purposes: [] });
    expect(url.searchParams.get('version')).toBe('beta');
    expect(url.host).toBe('sandbox.example');
  });

  it('outputs only https, or http on loopback for tests', () => {
    const insecure = resolved(testConnector(), { endpointOverrides: { authorize: 'http://auth.example/authorize' } });
    expect(() => buildAuthorizeUrl({ rc: insecure, redirectUri: REDIRECT, state: createState(), codeChallenge: createPkcePair().challenge, purposes: [] })).toThrow(
      /https/,
    );
    const local = resolved(testConnector(), { endpointOverrides: { authorize: 'http://127.0.0.1:5555/authorize' } });
    const url = buildAuthorizeUrl({ rc: local, redirectUri: REDIRECT, state: createState(), codeChallenge: createPkcePair().challenge, purposes: [] });
    expect(url.protocol).toBe('http:');
    const js = resolved(testConnector(), { endpointOverrides: { authorize: 'javascript:alert(1)' } });
    expect(() => buildAuthorizeUrl({ rc: js, redirectUri: REDIRECT, state: createState(), codeChallenge: createPkcePair().challenge, purposes: [] })).toThrow(
      ConfigError,
    );
  });
});
