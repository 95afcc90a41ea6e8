// PKCE and state: RFC 7636 shapes, the S256 test vector, uniqueness, and no path to `plain`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createCodeVerifier,
  createPkcePair,
  createState,
  hashState,
  isValidCodeVerifier,
  s256Challenge,
  statesMatch,
} from '../../../main/oauth/protocol';

const UNRESERVED = /^[A-Za-z0-9\-._~]+$/;

describe('PKCE', () => {
  it('makes 43-character verifiers from the unreserved set, unique per attempt (T14)', () => {
    const verifiers = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const v = createCodeVerifier();
      expect(v).toHaveLength(43);
      expect(v).toMatch(UNRESERVED);
      expect(isValidCodeVerifier(v)).toBe(true);
      verifiers.add(v);
    }
    expect(verifiers.size).toBe(200);
  });

  it('computes S256 as in RFC 7636 Appendix B', () => {
    expect(s256Challenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('pairs a verifier with its S256 challenge and the method is always S256', () => {
    const pair = createPkcePair();
    expect(pair.method).toBe('S256');
    expect(pair.challenge).toBe(s256Challenge(pair.verifier));
    expect(pair.challenge).not.toBe(pair.verifier);
  });

  it('refuses malformed verifiers without echoing them', () => {
    for (const bad of ['short', 'x'.repeat(129), `${'a'.repeat(42)} `, `${'a'.repeat(42)}+`]) {
      expect(isValidCodeVerifier(bad)).toBe(false);
      expect(() => s256Challenge(bad)).toThrow(/43-128 characters/);
      try {
        s256Challenge(bad);
      } catch (err) {
        expect((err as Error).message).not.toContain(bad);
      }
    }
  });

  it('has no code path that produces the plain method', () => {
    for (const file of ['oauth/protocol/pkce.ts', 'oauth/protocol/authorize-url.ts', 'connect/consent-sessions.ts', 'connect/consent-attempt.ts']) {
      const source = readFileSync(join(import.meta.dirname, '../../../main', file), 'utf8');
      expect(source).not.toMatch(/['"]plain['"]/);
    }
  });
});

describe('state', () => {
  it('is 256 random bits as 43 base64url characters, unique', () => {
    const states = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const s = createState();
      expect(s).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(s, 'base64url')).toHaveLength(32);
      states.add(s);
    }
    expect(states.size).toBe(200);
  });

  it('is stored only as its SHA-256 in hex', () => {
    const s = createState();
    const h = hashState(s);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(h).not.toContain(s);
    expect(hashState(s)).toBe(h);
  });

  it('compares equal states as equal and any difference as different, whatever the length', () => {
    const s = createState();
    expect(statesMatch(s, s)).toBe(true);
    expect(statesMatch(`${s.slice(0, 42)}x`, s)).toBe(false);
    expect(statesMatch(s.slice(0, 10), s)).toBe(false);
    expect(statesMatch('', s)).toBe(false);
  });
});
