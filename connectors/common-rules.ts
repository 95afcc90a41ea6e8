// Error rules and lifetimes most OAuth 2.0 marketplaces share. Rules are tried in order, first
// match wins, so connectors put their specific rules before COMMON_ERROR_RULES.
import type { ErrorRule } from './types';

export const DAY_SECONDS = 86_400;

/** The LWA wording when an Amazon app's client secret passed its 180 days (marketplaces.md §2.1). */
const LWA_SECRET_EXPIRED = 'The LWA secret token you provided has expired';

const TRANSIENT_STATUSES = [500, 502, 503, 504] as const;

export const COMMON_ERROR_RULES: ReadonlyArray<ErrorRule> = [
  // Before invalid_client: an expired secret may come as invalid_client, and it has its own fix.
  { descriptionIncludes: LWA_SECRET_EXPIRED, classify: 'client_broken', reason: 'client_secret_expired' },
  { error: 'invalid_grant', classify: 'consent_gone', reason: 'invalid_grant' },
  { error: 'invalid_client', classify: 'client_broken', reason: 'client_broken' },
  { error: 'unauthorized_client', classify: 'client_broken', reason: 'client_broken' },
  { error: 'insufficient_scope', classify: 'missing_permission', reason: 'missing_permission' },
  { status: 429, classify: 'rate_limited', reason: 'rate_limited' },
  ...TRANSIENT_STATUSES.map((status): ErrorRule => ({ status, classify: 'transient', reason: 'server_error' })),
  { status: 403, classify: 'missing_permission', reason: 'missing_permission' },
];
