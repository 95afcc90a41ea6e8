// PKCE (RFC 7636) and the consent `state`: how they are made, checked and hashed. S256 is the only
// challenge method this module can produce (R3): there is no code path that yields `plain`.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export type PkceMethod = 'S256';

export interface PkcePair {
  /** Memory only: never stored, logged or passed on argv (R4). */
  readonly verifier: string;
  readonly challenge: string;
  readonly method: PkceMethod;
}

/** RFC 7636 §4.1: 43–128 characters from the unreserved set. */
const VERIFIER_PATTERN = /^[A-Za-z0-9\-._~]{43,128}$/;
/** Our own states are base64url of 32 bytes: exactly 43 characters. Anything else is not ours. */
const STATE_PATTERN = /^[A-Za-z0-9_-]{43}$/;

function randomBase64url(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

/** base64url of 32 random octets, the RFC 7636 §4.1 recommendation (256 bits, 43 chars). */
export function createCodeVerifier(): string {
  return randomBase64url(32);
}

export function isValidCodeVerifier(verifier: string): boolean {
  return VERIFIER_PATTERN.test(verifier);
}

/** BASE64URL(SHA256(ASCII(verifier))), RFC 7636 §4.2. */
export function s256Challenge(verifier: string): string {
  if (!isValidCodeVerifier(verifier)) {
    // The verifier itself is not echoed: it is a secret even when malformed.
    throw new Error('PKCE code verifier must be 43-128 characters of [A-Za-z0-9-._~]');
  }
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

export function createPkcePair(): PkcePair {
  const verifier = createCodeVerifier();
  return { verifier, challenge: s256Challenge(verifier), method: 'S256' };
}

/** 256 random bits; RFC 9700 wants the state unguessable and one-time. */
export function createState(): string {
  return randomBase64url(32);
}

export function isWellFormedState(state: string): boolean {
  return STATE_PATTERN.test(state);
}

/** The only form of the state that is stored (consent_sessions.state_hash): lowercase hex SHA-256. */
export function hashState(state: string): string {
  return createHash('sha256').update(state, 'utf8').digest('hex');
}

/**
 * Constant-time comparison of a received state with the expected one. Both sides are hashed first
 * so the comparison takes the same time whatever the lengths, and timingSafeEqual never sees
 * buffers of different sizes.
 */
export function statesMatch(received: string, expected: string): boolean {
  const a = createHash('sha256').update(received, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}
