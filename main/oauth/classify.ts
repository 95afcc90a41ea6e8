// Turns a failed token-endpoint (or probe) call into a TokenEndpointError the health machine can
// act on: connector errorRules first, then RFC 6749 / HTTP defaults. Also owns redaction: no
// message built here may carry a token, code, verifier, secret or a URL's query string.
import type { ConnectorDefinition, ErrorRule, FailureClass } from '../../connectors/types';
import { HttpTransportError } from './http-transport';
import { TokenEndpointError } from './token-types';

export type Operation = 'code exchange' | 'refresh' | 'client credentials' | 'revocation' | 'probe';

/** What a failed HTTP answer said, after the adapter normalised it. */
export interface HttpFailure {
  readonly status: number;
  readonly oauthError: string | null;
  readonly description: string | null;
  readonly retryAfter: string | null;
}

export interface Classification {
  readonly failure: FailureClass;
  readonly reason: string;
}

const NEXT_STEP: Readonly<Record<FailureClass, string>> = {
  consent_gone: 'The seller must authorize the connection again (reconnect).',
  client_broken: "Check the app registration's client id, secret and endpoints (app set).",
  transient: 'This is usually temporary; it will be retried.',
  rate_limited: 'The marketplace is rate limiting; it will be retried later.',
  missing_permission: 'The app lacks a permission or scope; add it to the app and re-authorize.',
  unknown: 'If it persists, check the connector and app registration.',
};

// ---------------------------------------------------------------- redaction

const URL_PATTERN = /\bhttps?:\/\/[^\s"'<>]+/gi;
// Long opaque runs with letters and digits: a safety net for secrets we were not told about.
const OPAQUE_PATTERN = /(?=[A-Za-z0-9._~+|=-]*\d)(?=[A-Za-z0-9._~+|=-]*[A-Za-z])[A-Za-z0-9._~+|=-]{32,}/g;

/** Removes known secrets (and their URL-encoded forms), URL queries and long opaque strings. */
export function redact(text: string, secrets: ReadonlyArray<string | null | undefined> = []): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret || secret.length < 4) continue;
    for (const form of new Set([secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2)])) {
      out = out.split(form).join('[redacted]');
    }
  }
  out = out.replace(URL_PATTERN, (raw) => {
    try {
      const url = new URL(raw);
      return `${url.origin}${url.pathname}`;
    } catch {
      return '[url]';
    }
  });
  out = out.replace(OPAQUE_PATTERN, '[redacted]');
  return out.length > 300 ? `${out.slice(0, 300)}…` : out;
}

// ---------------------------------------------------------------- retry-after

/** Retry-After as milliseconds from now: delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null | undefined, now: number): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}

// ---------------------------------------------------------------- classification

function ruleMatches(rule: ErrorRule, f: HttpFailure, bodyText: string | null): boolean {
  if (rule.status === undefined && rule.error === undefined && rule.descriptionIncludes === undefined) return false;
  if (rule.status !== undefined && rule.status !== f.status) return false;
  if (rule.error !== undefined && rule.error !== f.oauthError) return false;
  if (rule.descriptionIncludes !== undefined) {
    const haystack = `${f.description ?? ''}\n${bodyText ?? ''}`.toLowerCase();
    if (!haystack.includes(rule.descriptionIncludes.toLowerCase())) return false;
  }
  return true;
}

/** RFC 6749 §5.2 codes and HTTP statuses, for a token endpoint. */
function defaultTokenClassification(f: HttpFailure): Classification {
  // The status wins for overload answers, whatever error code rides along.
  if (f.status === 429) return { failure: 'rate_limited', reason: 'rate_limited' };
  if (f.status >= 500) return { failure: 'transient', reason: f.oauthError === 'temporarily_unavailable' ? f.oauthError : 'server_error' };
  switch (f.oauthError) {
    case 'invalid_grant':
      return { failure: 'consent_gone', reason: 'invalid_grant' };
    case 'invalid_client':
    case 'unauthorized_client':
    case 'unsupported_grant_type':
    case 'invalid_scope':
      return { failure: 'client_broken', reason: f.oauthError };
    case 'insufficient_scope':
    case 'access_denied':
      return { failure: 'missing_permission', reason: f.oauthError };
    case 'slow_down':
      return { failure: 'rate_limited', reason: 'rate_limited' };
    case 'temporarily_unavailable':
    case 'server_error':
      return { failure: 'transient', reason: f.oauthError };
    default:
      break;
  }
  // RFC 6749 §5.2: 401 at the token endpoint means client authentication failed (bol.com sends no body).
  if (f.status === 401) return { failure: 'client_broken', reason: 'invalid_client' };
  if (f.status === 403) return { failure: 'missing_permission', reason: 'forbidden' };
  return { failure: 'unknown', reason: f.oauthError ?? `http_${f.status}` };
}

/** For API calls (the probe): 401 means the access token is stale, which a refresh fixes. */
function defaultApiClassification(f: HttpFailure): Classification {
  if (f.status === 401) return { failure: 'transient', reason: 'token_rejected' };
  if (f.status === 403 || f.oauthError === 'insufficient_scope') return { failure: 'missing_permission', reason: f.oauthError ?? 'forbidden' };
  if (f.status === 429) return { failure: 'rate_limited', reason: 'rate_limited' };
  if (f.status >= 500) return { failure: 'transient', reason: 'server_error' };
  return { failure: 'unknown', reason: f.oauthError ?? `http_${f.status}` };
}

/**
 * Connector rules first, then the defaults. For API calls only rules that look at the body
 * (error / descriptionIncludes) apply: status-only rules describe the token endpoint (bol.com's
 * 401 = bad client) and would misread an API 401 (stale access token).
 */
export function classifyHttpFailure(connector: ConnectorDefinition, f: HttpFailure, kind: 'token' | 'api', bodyText: string | null = null): Classification {
  for (const rule of connector.errorRules) {
    if (kind === 'api' && rule.error === undefined && rule.descriptionIncludes === undefined) continue;
    if (ruleMatches(rule, f, bodyText)) return { failure: rule.classify, reason: rule.reason };
  }
  return kind === 'token' ? defaultTokenClassification(f) : defaultApiClassification(f);
}

export interface FailureContext {
  readonly connector: ConnectorDefinition;
  readonly operation: Operation;
  /** Every secret in play (tokens, code, verifier, client secret): stripped from messages. */
  readonly secrets: ReadonlyArray<string | null | undefined>;
  readonly now: number;
}

export function httpFailureError(ctx: FailureContext, f: HttpFailure, bodyText: string | null = null): TokenEndpointError {
  const { failure, reason } = classifyHttpFailure(ctx.connector, f, 'token', bodyText);
  const said = [f.oauthError, f.description ? `"${f.description}"` : null].filter(Boolean).join(': ');
  const message = redact(`${ctx.connector.name} ${ctx.operation} failed: HTTP ${f.status}${said ? ` ${said}` : ''}.`, ctx.secrets);
  return new TokenEndpointError(failure, reason, `${message} ${NEXT_STEP[failure]}`, f.status, f.oauthError, parseRetryAfter(f.retryAfter, ctx.now));
}

const OFFLINE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ENETUNREACH', 'EHOSTUNREACH', 'EAI_AGAIN', 'ECONNRESET', 'ETIMEDOUT', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);

function errorCode(err: unknown): string | null {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && OFFLINE_CODES.has(code)) return code;
  }
  return null;
}

function isTimeout(err: unknown): boolean {
  return err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
}

/** Network-level failures (no HTTP answer): offline or timed out, both transient. Null otherwise. */
export function networkFailureError(ctx: FailureContext, err: unknown): TokenEndpointError | null {
  if (isTimeout(err)) {
    return new TokenEndpointError('transient', 'timeout', `${ctx.connector.name} ${ctx.operation} timed out. ${NEXT_STEP.transient}`);
  }
  const code = errorCode(err) ?? (err instanceof HttpTransportError ? (err.code ?? null) : null);
  // The transport throws HttpTransportError only when no HTTP answer came (TLS failures too).
  if (code || err instanceof HttpTransportError || (err instanceof TypeError && err.message === 'fetch failed')) {
    return new TokenEndpointError(
      'transient',
      'offline',
      `${ctx.connector.name} ${ctx.operation} could not reach the marketplace (${code ?? 'network error'}). Check the internet connection; it will be retried.`,
    );
  }
  return null;
}

/** Any other failure: classified as unknown, with a redacted message. */
export function unexpectedError(ctx: FailureContext, reason: string, detail: string): TokenEndpointError {
  return new TokenEndpointError('unknown', reason, redact(`${ctx.connector.name} ${ctx.operation} failed: ${detail}. ${NEXT_STEP.unknown}`, ctx.secrets));
}
