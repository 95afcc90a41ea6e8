// Repository of remote revocations that have not gone through yet. The token stays sealed here
// (bound to pending_revocations/<id>/token) until the marketplace confirms; then the row goes.
import type { Database, Statement } from 'better-sqlite3';
import type { SecretCipher, SecretRef } from '../vault/types';

export type TokenTypeHint = 'refresh_token' | 'access_token';

export interface PendingRevocationRow {
  readonly id: string;
  readonly connectionId: string;
  readonly connectorId: string;
  readonly token: Buffer;
  readonly tokenTypeHint: TokenTypeHint;
  readonly attempts: number;
  readonly nextAttemptAt: string;
  readonly lastError: string | null;
  readonly createdAt: string;
}

export interface NewPendingRevocation {
  readonly id: string;
  readonly connectionId: string;
  readonly connectorId: string;
  readonly token: string;
  readonly tokenTypeHint: TokenTypeHint;
  readonly attempts: number;
  readonly nextAttemptAt: string;
  /** Never a secret: a reason code or a status line. */
  readonly lastError: string | null;
  readonly at: string;
}

interface RawPending {
  id: string;
  connection_id: string;
  connector_id: string;
  token: Buffer;
  token_type_hint: string;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
}

function toRow(r: RawPending): PendingRevocationRow {
  return {
    id: r.id,
    connectionId: r.connection_id,
    connectorId: r.connector_id,
    token: r.token,
    tokenTypeHint: r.token_type_hint === 'access_token' ? 'access_token' : 'refresh_token',
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
    createdAt: r.created_at,
  };
}

function pendingTokenRef(id: string): SecretRef {
  return { table: 'pending_revocations', rowId: id, column: 'token' };
}

export class PendingRevocationsRepo {
  private readonly s: {
    insert: Statement;
    due: Statement<{ now: string; limit: number }, RawPending>;
    forConnection: Statement<[string], RawPending>;
    failed: Statement;
    remove: Statement;
  };

  constructor(
    db: Database,
    private readonly cipher: SecretCipher,
  ) {
    this.s = {
      insert: db.prepare(`
        INSERT INTO pending_revocations (id, connection_id, connector_id, token, token_type_hint, attempts, next_attempt_at, last_error, created_at)
        VALUES (@id, @connectionId, @connectorId, @token, @tokenTypeHint, @attempts, @nextAttemptAt, @lastError, @at)`),
      due: db.prepare('SELECT * FROM pending_revocations WHERE next_attempt_at <= @now ORDER BY next_attempt_at LIMIT @limit'),
      forConnection: db.prepare('SELECT * FROM pending_revocations WHERE connection_id = ? ORDER BY created_at'),
      failed: db.prepare('UPDATE pending_revocations SET attempts = attempts + 1, next_attempt_at = @next, last_error = @error WHERE id = @id'),
      remove: db.prepare('DELETE FROM pending_revocations WHERE id = ?'),
    };
  }

  insert(p: NewPendingRevocation): void {
    this.s.insert.run({ ...p, token: this.cipher.seal(p.token, pendingTokenRef(p.id)) });
  }

  due(now: string, limit: number): PendingRevocationRow[] {
    return this.s.due.all({ now, limit }).map(toRow);
  }

  forConnection(connectionId: string): PendingRevocationRow[] {
    return this.s.forConnection.all(connectionId).map(toRow);
  }

  openToken(row: PendingRevocationRow): string {
    return this.cipher.openString(row.token, pendingTokenRef(row.id));
  }

  recordFailure(id: string, nextAttemptAt: string, lastError: string): void {
    this.s.failed.run({ id, next: nextAttemptAt, error: lastError });
  }

  /** Done: the sealed token goes with the row (secure_delete zeroes the page). */
  remove(id: string): void {
    this.s.remove.run(id);
  }
}
