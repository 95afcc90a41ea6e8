// Errors the engine throws for requests it cannot serve, each with a code a caller can branch on
// and a message saying what happened and what to do. Token-endpoint failures are not thrown: they
// become connection health. No message ever carries a secret.
import { DomainError } from '../errors';
import { ConfigError, type ResolvedConnector } from '../oauth/resolve';
import { TokenEndpointError } from '../oauth/token-types';
import type { FailureClass } from '../../connectors/types';

export type EngineErrorCode =
  | 'not_found'
  | 'deleted'
  | 'disconnected'
  | 'paused'
  | 'needs_consent'
  | 'not_revoked'
  | 'no_access_token'
  | 'unknown_connector'
  | 'account_mismatch'
  | 'invalid_input'
  | 'config_error'
  /** A sealed token failed authentication; see tampered.ts. */
  | 'secret_tampered';

/** The engine's refusals: a DomainError whose code is one of EngineErrorCode. */
export class EngineError extends DomainError {
  declare readonly code: EngineErrorCode;

  constructor(code: EngineErrorCode, message: string) {
    super(code, message);
    this.name = 'EngineError';
  }
}

export interface ClassifiedFailure {
  readonly failure: FailureClass;
  readonly reason: string;
  readonly detail: string | null;
  readonly retryAfterMs: number | null;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ENETDOWN',
  'EPIPE',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);

function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  return errorCode((err as { cause?: unknown }).cause);
}

/**
 * What a failed token/probe/revoke call means for health. Messages of foreign errors are not
 * kept (they may quote a URL with a secret in its query, as TikTok's are); only codes are.
 */
export function classifyFailure(err: unknown): ClassifiedFailure {
  if (err instanceof TokenEndpointError) {
    return { failure: err.failure, reason: err.reason, detail: err.status === null ? null : `HTTP ${err.status}`, retryAfterMs: err.retryAfterMs };
  }
  if (err instanceof ConfigError) return { failure: 'unknown', reason: 'config_error', detail: err.message, retryAfterMs: null };
  const code = errorCode(err);
  if (code !== undefined && NETWORK_CODES.has(code)) return { failure: 'transient', reason: 'offline', detail: code, retryAfterMs: null };
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
    return { failure: 'transient', reason: 'timeout', detail: null, retryAfterMs: null };
  }
  return { failure: 'unknown', reason: 'refresh_failed', detail: err instanceof Error ? err.name : null, retryAfterMs: null };
}

/**
 * A seller's own API credentials refused (bol.com, Zalando: deleted or regenerated) is not the
 * agency's app breaking: only that seller can issue new ones, so the connection needs consent and
 * no other connection of the marketplace is touched.
 */
export function sellerAware(rc: ResolvedConnector, failure: ClassifiedFailure): ClassifiedFailure {
  if (rc.credentialOwner !== 'seller' || failure.failure !== 'client_broken') return failure;
  return { ...failure, failure: 'consent_gone', reason: 'seller_credentials_revoked' };
}
