// Turns whatever a handler throws into the contract's ApiError, in this one place (the dispatcher
// calls it): known failures keep their code and their message (which never quote secrets);
// anything else becomes 'internal' with a generic message, and only its name and message go to
// the log. The domain error (main/errors.ts) keeps its code when the contract knows it; the older
// error classes are mapped here by class (a vault failure by its code), never by name.
import { API_ERROR_CODES, type ApiError, type ApiErrorCode } from '../../preload/contract';
import { DomainError } from '../errors';
import { EngineError } from '../refresh/errors';
import { vaultErrorCode } from '../vault-access';

/** Arguments that do not fit a channel's schema; the message names fields and rules only. */
export class InvalidArgsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidArgsError';
  }
}

/** A failure a handler reports on purpose, with a contract code. */
export class DesktopError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DesktopError';
  }
}

const VAULT_CODES: Readonly<Record<string, ApiErrorCode>> = {
  not_a_vault: 'not_a_vault',
  vault_exists: 'vault_exists',
  wrong_passphrase: 'wrong_passphrase',
  invalid_passphrase: 'invalid_passphrase',
  keychain_unavailable: 'keychain_unavailable',
  keychain_insecure: 'keychain_insecure',
  keychain_changed: 'keychain_changed',
  newer_schema: 'newer_schema',
};

/**
 * Log lines are scrubbed anyway, in case a lower layer put a URL with a code or a token in a
 * message: query values and long token-like runs (ids are shorter) are cut.
 */
export function redactForLog(text: string): string {
  return text.replace(/([?&#][A-Za-z0-9_.-]+=)[^&#\s"']+/g, '$1[redacted]').replace(/[A-Za-z0-9._~+/=-]{40,}/g, '[redacted]');
}

/** `channel` only decorates messages; `log` receives unexpected errors (never argument values). */
export function toApiError(err: unknown, channel: string, log: (line: string) => void): ApiError {
  if (err instanceof DesktopError) return { code: err.code, message: err.message };
  if (err instanceof DomainError) {
    const code: ApiErrorCode = (API_ERROR_CODES as ReadonlyArray<string>).includes(err.code) ? (err.code as ApiErrorCode) : 'action_refused';
    return { code, message: err.message, ...(err.hint === undefined ? {} : { hint: err.hint }) };
  }
  if (err instanceof InvalidArgsError) return { code: 'invalid_args', message: err.message };
  // The engine's refusals (paused, revoked, deleted) say what to do and carry no secret.
  if (err instanceof EngineError) {
    if (err.code === 'not_found' || err.code === 'deleted') return { code: 'unknown_connection', message: 'There is no such connection (it may have been deleted).' };
    return { code: channel === 'connections:refresh' ? 'refresh_refused' : 'action_refused', message: err.message };
  }
  const vaultCode = vaultErrorCode(err);
  if (vaultCode !== null) {
    const mapped = VAULT_CODES[vaultCode];
    if (mapped !== undefined) return { code: mapped, message: (err as Error).message };
  }
  if (err instanceof Error) {
    log(`[desktop] ${channel} failed: ${err.name}: ${redactForLog(err.message)}`);
  } else {
    log(`[desktop] ${channel} failed with a non-Error value`);
  }
  return { code: 'internal', message: 'Something went wrong in FiveX Connect; the details are in its log.' };
}
