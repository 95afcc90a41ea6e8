// Strict callback parsing: every T6 injection variant, declines, marketplace-shaped callbacks and
// the hook, and parameters that must be ignored (T13).
import { describe, expect, it } from 'vitest';
import { createState, interpretCallback, parseCallbackUrl, rawCallbackFromUrl } from '../../../main/oauth/protocol';
import type { CallbackParse } from '../../../main/oauth/protocol';
import { spApiLikeConnector, testConnector, walmartLikeConnector } from './support';

const BASE = 'http://127.0.0.1:50000/oauth/callback';
const connector = testConnector();

function parse(query: string, c = connector): CallbackParse {
  return parseCallbackUrl(`${BASE}?${query}`, c);
}

function refusal(result: CallbackParse): string {
  if (result.kind !== 'invalid') throw new Error(`expected a refusal, got ${result.kind}`);
  return result.reason;
}

describe('a well-formed callback', () => {
  it('yields the code and state', () => {
    const state = createState();
    const result = parse(`code=abc.DEF-123_~&state=${state}`);
    expect(result).toEqual({ kind: 'code', state, code: 'abc.DEF-123_~', metadata: {} });
  });

  it('accepts eBay-shaped codes (v^1.1#i^1#..., URL-encoded in the callback) with expires_in beside them', () => {
    const state = createState();
    const code = 'v^1.1#i^1#p^3#r^1#I^3#f^0#t^Ul41XzA6QkJFRTk5RjJBMjk5RTEwOQ==';
    const result = parse(`state=${state}&code=${encodeURIComponent(code)}&expires_in=299`);
    expect(result).toEqual({ kind: 'code', state, code, metadata: {} });
  });

  it('ignores parameters it does not know, including next= and redirect= (T13)', () => {
    const state = createState();
    const result = parse(`code=c1&state=${state}&next=https%3A%2F%2Fevil.example&redirect=https%3A%2F%2Fevil.example&iss=x`);
    expect(result).toEqual({ kind: 'code', state, code: 'c1', metadata: {} });
    expect(JSON.stringify(result)).not.toContain('evil');
  });

  it('reads SP-API-like callbacks: spapi_oauth_code and the kept selling_partner_id', () => {
    const state = createState();
    const result = parse(`state=${state}&selling_partner_id=A3EXAMPLE&spapi_oauth_code=ANdNAVhyhqirUelHGEHA`, spApiLikeConnector());
    expect(result).toEqual({ kind: 'code', state, code: 'ANdNAVhyhqirUelHGEHA', metadata: { selling_partner_id: 'A3EXAMPLE' } });
    // A plain `code` is not what this connector reads.
    expect(refusal(parse(`state=${state}&code=abc`, spApiLikeConnector()))).toBe('missing_code');
  });

  it('reads Walmart-like callbacks: sellerId kept, other values dropped', () => {
    const state = createState();
    const result = parse(`code=wm-code&type=auth&clientId=c&state=${state}&sellerId=101`, walmartLikeConnector());
    expect(result).toEqual({ kind: 'code', state, code: 'wm-code', metadata: { sellerId: '101' } });
  });

  it('uses the connector hook when it returns a value, and still checks what it returns', () => {
    const state = createState();
    const hooked = testConnector({
      hooks: { parseCallback: (q) => (q.has('auth_code') ? { code: q.get('auth_code') ?? '', metadata: { shop: q.get('shop_id') ?? '' } } : null) },
    });
    expect(parse(`auth_code=T1&shop_id=77&state=${state}`, hooked)).toEqual({ kind: 'code', state, code: 'T1', metadata: { shop: '77' } });
    expect(parse(`code=plain&state=${state}`, hooked)).toEqual({ kind: 'code', state, code: 'plain', metadata: {} });
    expect(refusal(parse(`auth_code=a%22b&state=${state}`, hooked))).toBe('malformed_code');
  });
});

describe('declined and failed consent', () => {
  it('turns access_denied into a plain decline with the description as inert text (T6)', () => {
    const state = createState();
    const result = parse(
      `error=access_denied&error_description=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&error_uri=https%3A%2F%2Fevil.example%2Fphish&state=${state}`,
    );
    expect(result.kind).toBe('declined');
    if (result.kind !== 'declined') return;
    expect(result.message).toMatch(/declined/);
    expect(result.message).not.toContain('<');
    expect(result.description).toBe('<img src=x onerror=alert(1)>');
    // error_uri is never read, so it cannot be opened.
    expect(JSON.stringify(result)).not.toContain('evil.example');
  });

  it('reports other errors as failed with the error code', () => {
    const state = createState();
    const result = parse(`error=invalid_scope&state=${state}`);
    expect(result).toMatchObject({ kind: 'error', error: 'invalid_scope', state });
  });

  it('refuses an error without state, an error beside a code, and a malformed error code', () => {
    const state = createState();
    expect(refusal(parse('error=access_denied'))).toBe('missing_state');
    expect(refusal(parse(`error=access_denied&code=abc&state=${state}`))).toBe('ambiguous_response');
    expect(refusal(parse(`error=bad%22quote&state=${state}`))).toBe('malformed_param');
  });
});

describe('T6 parameter injection', () => {
  const state = createState();
  const cases: ReadonlyArray<readonly [string, string, string]> = [
    ['code with an encoded &', `code=a%26b&state=${state}`, 'malformed_code'],
    ['code with an encoded ?', `code=a%3Fb&state=${state}`, 'malformed_code'],
    ['code with a double-encoded character', `code=a%2526b&state=${state}`, 'malformed_code'],
    ['code with a < (markup)', `code=a%3Cb&state=${state}`, 'malformed_code'],
    ['code with %00', `code=a%00b&state=${state}`, 'control_character'],
    ['code with CR/LF', `code=a%0D%0Ab&state=${state}`, 'control_character'],
    ['code with a double quote', `code=a%22b&state=${state}`, 'malformed_code'],
    ['code with a single quote', `code=a%27b&state=${state}`, 'malformed_code'],
    ['state with an encoded &', `code=abc&state=${state.slice(0, 40)}%26xy`, 'malformed_state'],
    ['state with CR/LF', `code=abc&state=${state.slice(0, 41)}%0D%0A`, 'control_character'],
    ['state with a quote', `code=abc&state=${state.slice(0, 42)}%22`, 'malformed_state'],
    ['a kept value with a newline (header injection)', `code=abc&state=${state}&sellerId=1%0D%0AX-Evil:%201`, 'control_character'],
    ['a 1 MB code', `code=${'a'.repeat(1024 * 1024)}&state=${state}`, 'too_long'],
    ['a 5 KiB code', `code=${'a'.repeat(5 * 1024)}&state=${state}`, 'too_long'],
    ['duplicated state', `code=abc&state=${state}&state=${createState()}`, 'duplicate_param'],
    ['duplicated code', `code=abc&code=def&state=${state}`, 'duplicate_param'],
    ['a DEL in a parameter name', `co%7Fde=abc&state=${state}`, 'control_character'],
    ['a C1 control in a value', `code=abc&state=${state}&x=%C2%85`, 'control_character'],
    ['no state', 'code=abc', 'missing_state'],
    ['a state of another shape', 'code=abc&state=short', 'malformed_state'],
    ['no code', `state=${state}`, 'missing_code'],
    ['an empty code', `code=&state=${state}`, 'missing_code'],
  ];
  for (const [name, query, reason] of cases) {
    it(`refuses ${name}`, () => {
      expect(refusal(parse(query, walmartLikeConnector()))).toBe(reason);
    });
  }

  it('refuses parameters in both the query and the fragment, and in the fragment alone', () => {
    const both = parseCallbackUrl(`${BASE}?code=abc&state=${state}#code=evil&state=${state}`, connector);
    expect(refusal(both)).toBe('fragment_params');
    const fragmentOnly = parseCallbackUrl(`${BASE}#code=abc&state=${state}`, connector);
    expect(refusal(fragmentOnly)).toBe('fragment_params');
  });

  it('refuses a callback URL over the length cap before parsing it', () => {
    const raw = rawCallbackFromUrl(`${BASE}?code=${'a'.repeat(20_000)}&state=${state}`);
    expect(raw).toMatchObject({ ok: false, reason: 'too_long' });
  });

  it('refuses more than 64 parameters', () => {
    const many = Array.from({ length: 70 }, (_, i) => `p${i}=1`).join('&');
    expect(refusal(parse(`code=abc&state=${state}&${many}`))).toBe('too_long');
  });

  it('never echoes the code or the state in a refusal message', () => {
    const secretCode = 'SECRET-CODE-abc123';
    const results = [
      parse(`code=${secretCode}&code=${secretCode}&state=${state}`),
      parse(`code=${secretCode}%22&state=${state}`),
      parse(`code=${secretCode}&state=${state}&state=${state}`),
    ];
    for (const r of results) {
      expect(r.kind).toBe('invalid');
      expect(JSON.stringify(r)).not.toContain(secretCode);
      expect(JSON.stringify(r)).not.toContain(state);
    }
  });
});

describe('RFC 9207 issuer', () => {
  it('refuses an iss that differs from the expected issuer, and accepts a match or no iss', () => {
    const state = createState();
    const raw = (q: string) => {
      const r = rawCallbackFromUrl(`${BASE}?${q}`);
      if (!r.ok) throw new Error('raw');
      return r.raw;
    };
    const opts = { expectedIssuer: 'https://auth.test-market.example' };
    expect(interpretCallback(raw(`code=a&state=${state}&iss=https%3A%2F%2Fevil.example`), connector, opts)).toMatchObject({ kind: 'invalid', reason: 'issuer_mismatch' });
    expect(interpretCallback(raw(`code=a&state=${state}&iss=https%3A%2F%2Fauth.test-market.example`), connector, opts)).toMatchObject({ kind: 'code' });
    expect(interpretCallback(raw(`code=a&state=${state}`), connector, opts)).toMatchObject({ kind: 'code' });
  });
});
