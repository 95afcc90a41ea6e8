// The one domain error type. Services throw it with a stable code and a message that says what
// happened (never quoting a secret) and, where known, a hint saying what to do. The front ends map
// it once each: main/cli/index.ts to exit codes and {"error","message"}, main/desktop/errors.ts to
// IPC replies. Nothing matches on an error's name.

/** Codes every front end knows; a service may use others (they reach the CLI as they are). */
export type DomainErrorCode =
  | 'operator_required'
  | 'operator_auth'
  | 'forbidden'
  | 'unknown_operator'
  | 'unknown_tenant'
  | 'unknown_connector'
  | 'unknown_connection'
  | 'invalid_input'
  | 'conflict'
  | (string & {});

export interface DomainErrorOptions {
  /** What to do about it, for people. */
  readonly hint?: string;
  /** With --json the CLI prints this document instead of {error, message} (e.g. a CONNECTION). */
  readonly document?: unknown;
  readonly cause?: unknown;
}

export class DomainError extends Error {
  readonly hint: string | undefined;
  readonly document: unknown;

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    opts: DomainErrorOptions = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'DomainError';
    this.hint = opts.hint;
    this.document = opts.document;
  }

  /** The message and the hint as one line, for the CLI's stderr. */
  get fullMessage(): string {
    return this.hint === undefined ? this.message : `${this.message}; ${this.hint}`;
  }
}
