// The CLI's failures: exit 1 for "failed" (what and what to do), exit 2 for usage.
export class CliError extends Error {
  constructor(
    /** Machine-readable code for `{"error": CODE}`. */
    readonly code: string,
    message: string,
    readonly exitCode: 1 | 2 = 1,
    /** With --json, print this document instead of {error, message} (e.g. a CONNECTION). */
    readonly document?: unknown,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export function usageError(message: string): CliError {
  return new CliError('usage', message, 2);
}
