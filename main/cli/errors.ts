// The CLI's own failures (usage, flags, files): a DomainError with an exit code, 1 for "failed"
// (what and what to do), 2 for usage. Every other DomainError exits 1.
import { DomainError } from '../errors';

export class CliError extends DomainError {
  constructor(
    /** Machine-readable code for `{"error": CODE}`. */
    code: string,
    message: string,
    readonly exitCode: 1 | 2 = 1,
    /** With --json, print this document instead of {error, message} (e.g. a CONNECTION). */
    document?: unknown,
  ) {
    super(code, message, { document });
    this.name = 'CliError';
  }
}

export function exitCodeOf(err: DomainError): 1 | 2 {
  return err instanceof CliError ? err.exitCode : 1;
}

export function usageError(message: string): CliError {
  return new CliError('usage', message, 2);
}
