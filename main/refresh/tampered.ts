// security.md T32 (R35): a sealed token that fails authentication (its ciphertext edited, or
// copied from another row, column or vault) is a connection state, not a crash: the grant's connections go to
// needs_consent with reason secret_tampered (nothing retries it; a reconnect writes new tokens),
// the event is audited, and callers get EngineError('secret_tampered'). The token is never used,
// so nothing is sent to the marketplace with it.
import type { StateChange } from '../health/recorder';
import { VaultError } from '../vault/types';
import type { EngineContext } from './context';
import { EngineError } from './errors';

export type TamperedColumn = 'access_token' | 'refresh_token' | 'client_secret';

export function isTamperedSecret(err: unknown): err is VaultError {
  return err instanceof VaultError && err.code === 'secret_tampered';
}

/** Records the state and the audit event for every live connection on the grant. */
export function recordTamperedSecret(ctx: EngineContext, grantId: string, column: TamperedColumn, actor: string): ReadonlyArray<StateChange> {
  const at = ctx.nowIso();
  const rows = ctx.connections.liveOnGrant(grantId);
  const changes = ctx.vault.transaction((): StateChange[] => {
    // No next refresh and no retry: the same ciphertext will fail the same way.
    ctx.connections.recordRefreshFailure(grantId, at, null, null);
    return ctx.recorder.applyToRows(rows, { kind: 'secret_tampered' }, at);
  });
  ctx.notify(changes);
  for (const row of rows) {
    ctx.audit({
      actor,
      tenantId: row.tenantId,
      connectionId: row.id,
      action: 'vault.secret_tampered',
      outcome: 'failed',
      detail: { grantId, table: column === 'client_secret' ? 'app_registrations' : 'credentials', column },
    });
  }
  return changes;
}

export function tamperedError(connectionId: string, column: TamperedColumn): EngineError {
  const what = column === 'access_token' ? 'access token' : column === 'refresh_token' ? 'refresh token' : "app registration's client secret";
  return new EngineError(
    'secret_tampered',
    `The stored ${what} of connection ${connectionId} failed the vault's integrity check (the vault file was edited, or the data was copied from elsewhere); it was not used. Reconnect the connection to replace it: fivex-connect reconnect ${connectionId}`,
  );
}
