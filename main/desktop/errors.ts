// Turns whatever a handler throws into the contract's ApiError: known failures keep their code
// and their message (which never quote secrets); anything else becomes 'internal' with a generic
// message, and only its name and message go to the log.
import type { ApiError, ApiErrorCode } from '../../preload/contract';
import { ValidationError } from './validate';

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

function codeOf(err: Error): string | undefined {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** `channel` only decorates messages; `log` receives unexpected errors (never argument values). */
export function toApiError(err: unknown, channel: string, log: (line: string) => void): ApiError {
  if (err instanceof DesktopError) return { code: err.code, message: err.message };
  if (err instanceof ValidationError) return { code: 'invalid_args', message: `Invalid arguments for ${channel}: ${err.message}` };
  if (err instanceof Error) {
    const code = codeOf(err);
    if (err.name === 'VaultError' && code !== undefined) {
      const mapped = VAULT_CODES[code];
      if (mapped !== undefined) return { code: mapped, message: err.message };
    }
    if (err.name === 'TenantNameError') return { code: 'invalid_name', message: `The tenant name is not valid: ${err.message}.` };
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' && channel === 'tenants:add') {
      return { code: 'tenant_exists', message: 'A tenant with that name already exists; use it, or choose another name.' };
    }
    log(`[desktop] ${channel} failed: ${err.name}: ${redactForLog(err.message)}`);
  } else {
    log(`[desktop] ${channel} failed with a non-Error value`);
  }
  return { code: 'internal', message: 'Something went wrong in FiveX Connect; the details are in its log.' };
}
