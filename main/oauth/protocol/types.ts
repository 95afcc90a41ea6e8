// Types shared by the consent modules: the audit sink they report to, the clock they read, and the
// raw shape of a callback before it is interpreted for a connector.

/** Epoch milliseconds; injected so tests can move time. */
export type Clock = () => number;

/**
 * What the consent modules tell the audit log. Structurally the audit log's input, so
 * `(e) => auditLog.append(e)` fits. `detail` never carries a state, code, verifier or token.
 */
export interface ConsentAuditEvent {
  readonly actor: string;
  readonly tenantId: string | null;
  readonly connectionId: string | null;
  readonly action: string;
  readonly outcome: string;
  readonly detail: Readonly<Record<string, string | number | boolean | null>>;
}

export type AuditSink = (event: ConsentAuditEvent) => void;

/** A query or fragment as ordered name/value pairs, duplicates kept so strict parsing can see them. */
export type ParamPairs = ReadonlyArray<readonly [string, string]>;

/**
 * A callback as received, before any connector reads it. `via` is the redirect URI it arrived on
 * (canonical form, see canonicalRedirectUri), or null when the channel cannot tell.
 */
export interface RawCallback {
  readonly query: ParamPairs;
  readonly fragment: ParamPairs;
  readonly via: string | null;
}

/** Why a callback was not accepted. Stable codes: they land in audit details and tests. */
export type CallbackRefusal =
  | 'malformed_url'
  | 'not_a_callback'
  | 'too_long'
  | 'duplicate_param'
  | 'control_character'
  | 'fragment_params'
  | 'missing_state'
  | 'malformed_state'
  | 'missing_code'
  | 'malformed_code'
  | 'malformed_param'
  | 'ambiguous_response'
  | 'issuer_mismatch'
  | 'state_mismatch'
  | 'unknown_state'
  | 'expired'
  | 'reused'
  | 'redirect_mismatch'
  | 'binding_mismatch'
  | 'signature_mismatch'
  | 'not_pending'
  | 'bad_host'
  | 'method_not_allowed';

/** The one form redirect URIs are compared in: scheme, lower-case host, port, path; no query. */
export function canonicalRedirectUri(uri: string): string | null {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return null;
  }
  return `${url.protocol}//${url.host}${url.pathname}`;
}
