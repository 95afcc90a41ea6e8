// Which actions can help a connection in its state, and what its reason asks of whom: a
// disconnected row is only reconnected, an outage is retried (reconnecting cannot help), lost
// consent is renewed by the seller, a broken app registration is fixed in Settings, a paused row
// is resumed. Pure, tested without React.
import type { ApiError } from '../../../preload/contract';
import type { GridConnection } from '../../../preload/workspace-channels';

export type GridAction = 'refresh' | 'reconnect' | 'pause' | 'resume' | 'revoke' | 'app_settings';

/** Who or what fixes a reason (the grid says it next to the reason). */
export type ReasonKind = 'retry' | 'seller' | 'agency' | 'computer' | 'paused' | 'unchecked' | 'none';

const RETRY = new Set([
  'offline', 'rate_limited', 'server_error', 'temporarily_unavailable', 'timeout', 'refresh_failed',
  'token_rejected', 'invalid_response', 'api_unavailable', 'api_unauthorized',
]);
const SELLER = new Set([
  'invalid_grant', 'consent_expired', 'no_refresh_token', 'missing_permission', 'credentials_revoked',
  'access_denied', 'insufficient_scope', 'forbidden', 'revoked',
]);
const AGENCY = new Set([
  'client_broken', 'invalid_client', 'unauthorized_client', 'client_secret_expired', 'configuration', 'invalid_scope',
  'unsupported_grant_type', 'shared_secret_missing', 'app_not_registered', 'config_error', 'unknown_connector',
]);

export function reasonKind(row: Pick<GridConnection, 'reason' | 'paused' | 'unchecked' | 'state'>): ReasonKind {
  if (row.paused) return 'paused';
  if (row.reason === 'not_verified' || (row.unchecked && row.reason === null)) return 'unchecked';
  if (row.reason === null) return row.state === 'needs_consent' ? 'seller' : 'none';
  if (row.reason === 'clock_skew' || row.reason === 'offline') return 'computer';
  if (RETRY.has(row.reason)) return 'retry';
  if (SELLER.has(row.reason)) return 'seller';
  if (AGENCY.has(row.reason)) return 'agency';
  return row.state === 'needs_consent' ? 'seller' : 'retry';
}

/** The actions a row offers, in button order; the destructive one always last. */
export function helpfulActions(row: Pick<GridConnection, 'state' | 'reason' | 'paused' | 'unchecked'>): ReadonlyArray<GridAction> {
  if (row.state === 'disconnected') return ['reconnect'];
  if (row.paused) return ['resume', 'revoke'];
  if (row.state === 'needs_consent') return ['reconnect', 'revoke'];
  switch (reasonKind(row)) {
    case 'seller':
      return ['reconnect', 'revoke'];
    case 'agency':
      return ['app_settings', 'revoke'];
    case 'retry':
    case 'computer':
    case 'unchecked':
      return ['refresh', 'pause', 'revoke'];
    default:
      return ['refresh', 'pause', 'revoke'];
  }
}

/** Feedback a row shows after an action (until the next one): never a raw error code. */
export type RowFeedback =
  | { readonly kind: 'busy'; readonly action: GridAction }
  | { readonly kind: 'done'; readonly action: GridAction; readonly state: GridConnection['state'] }
  | { readonly kind: 'failed'; readonly action: GridAction; readonly error: ApiError };
