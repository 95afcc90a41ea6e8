// A public client (clientAuth none) must use PKCE: the rule on its own, and through the connector
// file parser, which refuses such a file naming the field and saying what to change.
import { describe, expect, it } from 'vitest';
import { ConnectorFileError, parseConnectorFile } from '../../connectors/generic/from-file';
import { publicClientPkceProblem } from '../../connectors/generic/public-client';

const FILE = {
  id: 'acme-market',
  name: 'Acme Market',
  authorizationEndpoint: 'https://auth.acme.example/authorize',
  tokenEndpoint: 'https://auth.acme.example/token',
  scopes: ['orders.read'],
};

describe('publicClientPkceProblem', () => {
  it('refuses only a client without a secret and without PKCE', () => {
    expect(publicClientPkceProblem('none', 'none')).toMatch(/public client \(no client secret\) must use PKCE/);
    expect(publicClientPkceProblem('none', 'S256')).toBeNull();
    expect(publicClientPkceProblem('basic', 'none')).toBeNull();
    expect(publicClientPkceProblem('post', 'none')).toBeNull();
    expect(publicClientPkceProblem('basic', 'S256')).toBeNull();
  });

  it('says why and what to change', () => {
    const text = publicClientPkceProblem('none', 'none') ?? '';
    expect(text).toContain('intercepted authorization code');
    expect(text).toContain('"pkce": "S256"');
    expect(text).toContain('"clientAuth": "basic" or "post"');
  });
});

describe('connector file with clientAuth none', () => {
  it('is refused without PKCE, naming the file and the field', () => {
    let caught: unknown;
    try {
      parseConnectorFile(JSON.stringify({ ...FILE, pkce: 'none', clientAuth: 'none' }), 'acme.json');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConnectorFileError);
    const err = caught as ConnectorFileError;
    expect(err.field).toBe('pkce');
    expect(err.message).toMatch(/^acme\.json: "pkce" is "none" together with "clientAuth": "none": a public client/);
  });

  it('is accepted with PKCE S256', () => {
    const def = parseConnectorFile(JSON.stringify({ ...FILE, pkce: 'S256', clientAuth: 'none' }), 'acme.json');
    expect(def.clientAuth).toBe('none');
    expect(def.pkce).toBe('required');
  });
});
