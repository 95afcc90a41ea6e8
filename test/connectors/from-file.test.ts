// Custom connector files (docs/cli-contract.md "Custom connector file"): a valid file becomes a
// full generic definition; each bad field is refused with a message naming the file and field.
import { describe, expect, it } from 'vitest';
import { COMMON_REASON_CODES } from '../../connectors/common-texts';
import { ConnectorFileError, parseConnectorFile } from '../../connectors/generic/from-file';
import { resolveConnector } from '../../main/oauth/resolve';
import { registration } from './support';

const VALID = {
  id: 'acme-market',
  name: 'Acme Market',
  authorizationEndpoint: 'https://auth.acme.example/authorize',
  tokenEndpoint: 'https://auth.acme.example/token',
  revocationEndpoint: 'https://auth.acme.example/revoke',
  probe: { url: 'https://api.acme.example/me', method: 'GET' },
  scopes: ['orders.read'],
  pkce: 'S256',
  clientAuth: 'basic',
  maxConcurrentRefreshes: 8,
  consentValidityDays: 365,
};

const parse = (doc: unknown, file = 'acme.json') => parseConnectorFile(typeof doc === 'string' ? doc : JSON.stringify(doc), file);

function refusal(doc: unknown): ConnectorFileError {
  try {
    parse(doc);
  } catch (err) {
    expect(err).toBeInstanceOf(ConnectorFileError);
    return err as ConnectorFileError;
  }
  throw new Error('the file was accepted');
}

describe('parseConnectorFile', () => {
  it('turns the contract example into a full definition', () => {
    const def = parse(VALID);
    expect(def).toMatchObject({
      id: 'acme-market',
      name: 'Acme Market',
      grant: 'authorization_code',
      clientAuth: 'basic',
      pkce: 'required',
      maxConcurrentRefreshes: 8,
      consent: { validityDays: 365 },
      revocation: { method: 'rfc7009' },
      probe: { method: 'GET', endpoint: 'probe' },
      scopes: { base: ['orders.read'] },
      redirect: { default: 'loopback' },
    });
    expect(def.source).toContain('acme.json');
    for (const reason of COMMON_REASON_CODES) expect(def.texts.reasons[reason]?.es.length).toBeGreaterThan(20);
    expect(def.texts.reasons.invalid_grant!.en).toContain('Acme Market');
    const rc = resolveConnector({ connector: def, registration: registration(def) });
    expect(rc.requireEndpoint('token').href).toBe('https://auth.acme.example/token');
    expect(rc.requireEndpoint('revoke').href).toBe('https://auth.acme.example/revoke');
    expect(rc.requireEndpoint('probe').href).toBe('https://api.acme.example/me');
  });

  it('fills the defaults of optional fields', () => {
    const { revocationEndpoint: _r, probe: _p, maxConcurrentRefreshes: _m, consentValidityDays: _c, ...minimal } = VALID;
    // pkce none only with a client secret: a public client without PKCE is refused (below).
    const def = parse({ ...minimal, pkce: 'none', clientAuth: 'post' });
    expect(def.maxConcurrentRefreshes).toBe(4);
    expect(def.consent.validityDays).toBeNull();
    expect(def.revocation.method).toBe('none');
    expect(def.probe).toBeNull();
    expect(def.pkce).toBe('none');
    expect(def.endpoints).toEqual({ authorize: VALID.authorizationEndpoint, token: VALID.tokenEndpoint });
  });

  it('accepts http only on loopback, for local testing', () => {
    expect(parse({ ...VALID, tokenEndpoint: 'http://127.0.0.1:8080/token' }).endpoints.token).toBe('http://127.0.0.1:8080/token');
    expect(parse({ ...VALID, tokenEndpoint: 'http://localhost:8080/token' }).endpoints.token).toBe('http://localhost:8080/token');
    expect(parse({ ...VALID, tokenEndpoint: 'http://[::1]:8080/token' }).endpoints.token).toBe('http://[::1]:8080/token');
  });

  it.each([
    [{ ...VALID, tokenEndpoint: 'http://auth.acme.example/token' }, 'tokenEndpoint', /"tokenEndpoint" must be an https URL/],
    [{ ...VALID, authorizationEndpoint: 'not a url' }, 'authorizationEndpoint', /"authorizationEndpoint" must be an https URL.*"not a url" is not a URL/],
    [{ ...VALID, revocationEndpoint: 'ftp://acme.example/revoke' }, 'revocationEndpoint', /must be an https URL.*got ftp:/],
    [{ ...VALID, tokenEndpoint: 'https://user:pw@acme.example/token' }, 'tokenEndpoint', /must not contain a user name or password/],
    [{ ...VALID, tokenEndpoint: 'https://acme.example/token#x' }, 'tokenEndpoint', /fragment/],
    [{ ...VALID, id: 'Acme_Market' }, 'id', /"id" must be kebab-case/],
    [{ ...VALID, id: 'ebay' }, 'id', /"ebay" is a built-in connector; choose another id/],
    [{ ...VALID, id: 'generic' }, 'id', /built-in/],
    [{ ...VALID, id: 42 }, 'id', /"id" must be a string; got 42/],
    [{ ...VALID, name: '' }, 'name', /"name" must be a display name/],
    [{ ...VALID, scopes: 'orders.read' }, 'scopes', /"scopes" must be a list/],
    [{ ...VALID, scopes: ['orders read'] }, 'scopes[0]', /"scopes\[0\]" must be a non-empty scope without spaces/],
    [{ ...VALID, pkce: 'plain' }, 'pkce', /"pkce" must be "S256" or "none"; got "plain"/],
    [{ ...VALID, clientAuth: 'query' }, 'clientAuth', /"clientAuth" must be "basic", "post" or "none"/],
    [{ ...VALID, maxConcurrentRefreshes: 0 }, 'maxConcurrentRefreshes', /whole number from 1 to 64; got 0/],
    [{ ...VALID, maxConcurrentRefreshes: 2.5 }, 'maxConcurrentRefreshes', /whole number/],
    [{ ...VALID, consentValidityDays: '365' }, 'consentValidityDays', /whole number from 1 to 3650; got "365"/],
    [{ ...VALID, probe: 'https://api.acme.example/me' }, 'probe', /"probe" must be an object/],
    [{ ...VALID, probe: { url: 'http://api.acme.example/me' } }, 'probe.url', /"probe.url" must be an https URL/],
    [{ ...VALID, probe: { url: 'https://api.acme.example/me', method: 'DELETE' } }, 'probe.method', /"probe.method" must be "GET" or "POST"/],
    [{ ...VALID, probe: { url: 'https://api.acme.example/me', verb: 'GET' } }, 'probe.verb', /"probe.verb" is not a known field/],
    [{ ...VALID, tokenEndpiont: 'https://acme.example/token' }, 'tokenEndpiont', /"tokenEndpiont" is not a known field \(did you mean "tokenEndpoint"\?\)/],
    [{ ...VALID, clientSecret: 'shh' }, 'clientSecret', /"clientSecret" is not a known field; the fields are id, name/],
  ])('refuses bad field #%#: %s', (doc, field, message) => {
    const err = refusal(doc);
    expect(err.fileName).toBe('acme.json');
    expect(err.field).toBe(field);
    expect(err.message.startsWith('acme.json: ')).toBe(true);
    expect(err.message).toMatch(message);
  });

  it.each(['id', 'name', 'authorizationEndpoint', 'tokenEndpoint', 'scopes', 'pkce', 'clientAuth'])('refuses a file without %s', (field) => {
    const doc: Record<string, unknown> = { ...VALID };
    delete doc[field];
    const err = refusal(doc);
    expect(err.field).toBe(field);
    expect(err.message).toContain(`"${field}"`);
  });

  it('says where invalid JSON breaks', () => {
    const err = refusal('{\n  "id": "acme-market",\n  "name": "Acme" "x"\n}');
    expect(err.field).toBeNull();
    expect(err.message).toMatch(/^acme\.json is not valid JSON: .* at line 3, column \d+ \(position \d+\)/);
  });

  it('says on which line and column the field at fault is, for values, unknown keys and list items', () => {
    const text = JSON.stringify({ ...VALID, tokenEndpoint: 'http://auth.acme.example/token', scopes: ['orders.read', 'bad scope'] }, null, 2);
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes('"tokenEndpoint"')) + 1;
    const err = refusal(text);
    expect(err.field).toBe('tokenEndpoint');
    expect(err.position).toEqual({ line, column: lines[line - 1]!.indexOf('"http:') + 1 });
    expect(err.message).toMatch(new RegExp(`^acme\\.json: "tokenEndpoint" must be an https URL.* \\(line ${line}, column \\d+\\)$`));

    const scopes = refusal(JSON.stringify({ ...VALID, scopes: ['orders.read', 'bad scope'] }, null, 2));
    expect(scopes.field).toBe('scopes[1]');
    expect(scopes.position?.line).toBe(JSON.stringify({ ...VALID, scopes: ['orders.read', 'bad scope'] }, null, 2).split('\n').findIndex((l) => l.includes('bad scope')) + 1);

    const typo = '{\n  "id": "acme-market",\n    "tokenEndpiont": "https://x.example/t"\n}';
    const unknown = refusal(typo);
    expect(unknown.field).toBe('tokenEndpiont');
    expect(unknown.position).toEqual({ line: 3, column: 5 });

    // A missing field points at the object that lacks it.
    const { name: _n, ...noName } = VALID;
    expect(refusal(noName).message).toMatch(/^acme\.json: "name" is missing \(line 1, column 1\)$/);
  });

  it('refuses JSON that is not one object', () => {
    expect(refusal('[1,2]').message).toBe('acme.json must contain one JSON object, like {"id": "acme-market", "name": "Acme Market", ...}');
    expect(refusal('null').field).toBeNull();
  });

  it('refuses oversized files before parsing them', () => {
    expect(refusal(`{"id":"${'a'.repeat(70_000)}"}`).message).toMatch(/larger than 64 KB/);
  });

  it('never echoes a long value in full', () => {
    const err = refusal({ ...VALID, pkce: 'x'.repeat(500) });
    expect(err.message.length).toBeLessThan(200);
  });
});

describe('authorizeParams', () => {
  const base = {
    id: 'keycloak-like', name: 'Keycloak-like', authorizationEndpoint: 'https://auth.example/authorize', tokenEndpoint: 'https://auth.example/token',
    scopes: ['openid', 'offline_access'], pkce: 'S256', clientAuth: 'none',
  };

  it('adds extra authorize parameters an authorization server needs (prompt=consent for a refresh token)', () => {
    const def = parseConnectorFile(JSON.stringify({ ...base, authorizeParams: { prompt: 'consent', access_type: 'offline' } }), 'kc.json');
    expect(def.authorize.extraParams).toEqual({ prompt: 'consent', access_type: 'offline' });
  });

  it('refuses the parameters the flow owns, and values that could be read as templates', () => {
    expect(() => parseConnectorFile(JSON.stringify({ ...base, authorizeParams: { state: 'x' } }), 'kc.json')).toThrow(/"authorizeParams.state" is set by FiveX Connect itself/);
    expect(() => parseConnectorFile(JSON.stringify({ ...base, authorizeParams: { prompt: '{clientId}' } }), 'kc.json')).toThrow(/authorizeParams.prompt/);
    expect(() => parseConnectorFile(JSON.stringify({ ...base, authorizeParams: ['prompt'] }), 'kc.json')).toThrow(/must be an object/);
  });
});
