// Turns whatever a handler throws into the contract's ApiError, in this one place (the dispatcher
// calls it): known failures keep their code and their message (which never quote secrets);
// anything else becomes 'internal' with a generic message, and only its name and message go to
// the log. Every domain failure is a DomainError (main/errors.ts; the vault's, the engine's and the
// connect use case's narrow its code): it keeps its code when the contract knows it, else it is a
// refusal of the action with its message. Nothing is matched by name.
import { API_ERROR_CODES, type ApiError, type ApiErrorCode } from '../../preload/contract';
import { DomainError } from '../errors';
import { EngineError } from '../refresh/errors';

/** Arguments that do not fit a channel's schema; the message names fields and rules only. */
export class InvalidArgsError extends DomainError {
  constructor(message: string) {
    super('invalid_args', message);
    this.name = 'InvalidArgsError';
  }
}

/** A failure a handler reports on purpose, with a contract code. */
export class DesktopError extends DomainError {
  declare readonly code: ApiErrorCode;

  constructor(code: ApiErrorCode, message: string) {
    super(code, message);
    this.name = 'DesktopError';
  }
}

/** The engine's refusals that are about the connection itself rather than this action. */
const GONE: ReadonlySet<string> = new Set(['not_found', 'deleted']);

/** A domain code as the contract's: kept when the contract knows it, else a refusal of this action. */
function apiCodeOf(err: DomainError, channel: string): ApiErrorCode {
  if ((API_ERROR_CODES as ReadonlyArray<string>).includes(err.code)) return err.code as ApiErrorCode;
  // The engine's refusals (paused, revoked, needs consent, ...) say what to do and carry no secret.
  if (err instanceof EngineError) return channel === 'connections:refresh' ? 'refresh_refused' : 'action_refused';
  return 'action_refused';
}

/**
 * Log lines are scrubbed anyway, in case a lower layer put a URL with a code or a token in a
 * message: query values and long token-like runs (ids are shorter) are cut.
 */
export function redactForLog(text: string): string {
  return text.replace(/([?&#][A-Za-z0-9_.-]+=)[^&#\s"']+/g, '$1[redacted]').replace(/[A-Za-z0-9._~+/=-]{40,}/g, '[redacted]');
}

/** `channel` only decorates messages; `log` receives unexpected errors (never argument values). */
export function toApiError(err: unknown, channel: string, log: (line: string) => void): ApiError {
  if (err instanceof DomainError) {
    if (err instanceof EngineError && GONE.has(err.code)) return { code: 'unknown_connection', message: 'There is no such connection (it may have been deleted).' };
    return { code: apiCodeOf(err, channel), message: err.message, ...(err.hint === undefined ? {} : { hint: err.hint }) };
  }
  if (err instanceof Error) {
    log(`[desktop] ${channel} failed: ${err.name}: ${redactForLog(err.message)}`);
  } else {
    log(`[desktop] ${channel} failed with a non-Error value`);
  }
  return { code: 'internal', message: 'Something went wrong in FiveX Connect; the details are in its log.' };
}
