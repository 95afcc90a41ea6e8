// The connection health state machine: a pure function (health, event) → health. Every state
// change in the engine goes through here, so the rules below are the whole truth about states.
import type { FailureClass } from '../../connectors/types';
import type { ConnectionState } from '../repos/connections';

export interface Health {
  readonly state: ConnectionState;
  /** Reason code (see reasons.ts); null when active with nothing to say. */
  readonly reason: string | null;
  /** Non-secret detail, e.g. the blocked workflow of missing_permission. */
  readonly detail: string | null;
}

/**
 * `missingPermission`: null = every requested workflow is covered, a string = the blocked
 * workflow(s), undefined = the marketplace did not say which scopes it granted (no verdict).
 */
export type HealthEvent =
  | { readonly kind: 'refreshed'; readonly missingPermission?: string | null }
  | { readonly kind: 'refresh_failed'; readonly failure: FailureClass; readonly reason: string; readonly detail?: string | null }
  /** A rotating connector answered without a refresh token: works until the access token expires. */
  | { readonly kind: 'refresh_token_missing' }
  /** The access token expired and there is no refresh token to get another. */
  | { readonly kind: 'access_expired_without_refresh' }
  | { readonly kind: 'probe_ok'; readonly missingPermission?: string | null }
  | { readonly kind: 'probe_failed'; readonly failure: FailureClass; readonly reason: string; readonly detail?: string | null }
  | { readonly kind: 'consent_renewed'; readonly missingPermission?: string | null }
  /** The app registration itself fails (invalid_client, expired client secret): every connection of it. */
  | { readonly kind: 'client_broken'; readonly reason: string }
  /** A sealed token failed authentication (edited or moved ciphertext): unusable until reconnected. */
  | { readonly kind: 'secret_tampered' }
  | { readonly kind: 'paused' }
  | { readonly kind: 'resumed' }
  | { readonly kind: 'revoked' };

export const ACTIVE: Health = { state: 'active', reason: null, detail: null };

/** Reasons only a probe sets, so only a probe (or a refresh) clears them. */
const PROBE_REASONS: ReadonlySet<string> = new Set(['api_unavailable', 'api_unauthorized']);

function degraded(reason: string, detail: string | null = null): Health {
  return { state: 'degraded', reason, detail };
}

function withPermission(missing: string | null | undefined, current: Health, keepPaused: boolean): Health {
  if (typeof missing === 'string') return degraded('missing_permission', missing);
  // No verdict from the marketplace: a missing permission seen before still stands.
  if (missing === undefined && current.reason === 'missing_permission') return current;
  return keepPaused && current.reason === 'paused' ? current : ACTIVE;
}

export function transition(current: Health, event: HealthEvent): Health {
  if (event.kind === 'revoked') return { state: 'disconnected', reason: 'revoked', detail: null };
  // Only a new consent brings a revoked connection back.
  if (current.state === 'disconnected') {
    return event.kind === 'consent_renewed' ? withPermission(event.missingPermission, ACTIVE, false) : current;
  }
  switch (event.kind) {
    case 'consent_renewed':
      return withPermission(event.missingPermission, current, true);
    case 'refreshed': {
      // A successful refresh proves the consent and the client work, whatever the state was; it
      // says nothing about permissions unless the response listed the granted scopes.
      const base = current.state === 'active' || current.reason === 'missing_permission' ? current : ACTIVE;
      return withPermission(event.missingPermission, base, true);
    }
    case 'refresh_failed':
      if (event.failure === 'consent_gone') return { state: 'needs_consent', reason: event.reason, detail: event.detail ?? null };
      // Waiting for consent says more than any later transient failure.
      if (current.state === 'needs_consent') return current;
      if (event.failure === 'missing_permission') return degraded('missing_permission', event.detail ?? null);
      return degraded(event.reason, event.detail ?? null);
    case 'refresh_token_missing':
      return current.state === 'needs_consent' ? current : degraded('no_refresh_token');
    case 'access_expired_without_refresh':
      return { state: 'needs_consent', reason: 'no_refresh_token', detail: null };
    case 'client_broken':
      return current.state === 'needs_consent' ? current : degraded(event.reason);
    case 'probe_ok':
      if (current.state === 'needs_consent') return current;
      if (current.state === 'degraded' && current.reason !== null && PROBE_REASONS.has(current.reason)) {
        return withPermission(event.missingPermission, ACTIVE, false);
      }
      if (current.state === 'degraded' && current.reason !== 'missing_permission') return current;
      return withPermission(event.missingPermission, current, true);
    case 'probe_failed': {
      if (current.state === 'needs_consent') return current;
      // A refresh-side problem (offline, client broken, ...) says more than the probe does.
      if (current.state === 'degraded' && current.reason !== null && !PROBE_REASONS.has(current.reason)) return current;
      if (event.failure === 'missing_permission') return degraded('missing_permission', event.detail ?? null);
      return degraded(event.failure === 'consent_gone' ? 'api_unauthorized' : 'api_unavailable', event.reason);
    }
    case 'secret_tampered':
      // Not a marketplace verdict, so nothing retries it; a new consent writes a new token.
      return { state: 'needs_consent', reason: 'secret_tampered', detail: null };
    case 'paused':
      return current.state === 'active' && current.reason === null ? { state: 'active', reason: 'paused', detail: null } : current;
    case 'resumed':
      return current.reason === 'paused' ? ACTIVE : current;
    default:
      return assertNever(event);
  }
}

export function sameHealth(a: Health, b: Health): boolean {
  return a.state === b.state && a.reason === b.reason && a.detail === b.detail;
}

function assertNever(x: never): never {
  throw new Error(`Unhandled health event ${JSON.stringify(x)}`);
}
